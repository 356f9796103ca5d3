build-tsan/obj/report/github.o: checker/report/github.c \
  checker/model/model.h checker/base/diag.h checker/base/util.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/doc/node.h checker/report/report.h checker/rules/finding.h \
  checker/rules/rules.h checker/doc/load.h checker/doc/limits.h

checker/model/model.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:

checker/report/report.h:

checker/rules/finding.h:

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:
