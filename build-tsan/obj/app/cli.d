build-tsan/obj/app/cli.o: checker/app/cli.c checker/app/cli.h \
  checker/formats/frontend.h checker/base/diag.h checker/base/util.h \
  checker/doc/limits.h checker/doc/node.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/report/report.h checker/rules/finding.h checker/rules/rules.h \
  checker/doc/load.h

checker/app/cli.h:

checker/formats/frontend.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/report/report.h:

checker/rules/finding.h:

checker/rules/rules.h:

checker/doc/load.h:
