build-tsan/obj/report/report.o: checker/report/report.c \
  checker/report/report.h checker/rules/finding.h checker/base/diag.h \
  checker/base/util.h checker/rules/rules.h checker/doc/load.h \
  checker/doc/limits.h checker/doc/node.h checker/base/ports.h \
  checker/base/paths.h checker/model/model.h checker/base/hmap.h \
  checker/base/netaddr.h

checker/report/report.h:

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/ports.h:

checker/base/paths.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:
