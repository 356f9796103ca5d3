build-tsan/obj/app/main.o: checker/app/main.c checker/policy/baseline.h \
  checker/rules/finding.h checker/base/diag.h checker/base/util.h \
  checker/app/cli.h checker/formats/frontend.h checker/doc/limits.h \
  checker/doc/node.h checker/model/model.h checker/base/hmap.h \
  checker/base/netaddr.h checker/base/ports.h checker/policy/config.h \
  checker/doc/load.h checker/rules/rules.h checker/base/jsonw.h \
  checker/report/report.h checker/app/scan.h checker/base/paths.h \
  checker/base/version.h

checker/policy/baseline.h:

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:

checker/app/cli.h:

checker/formats/frontend.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/policy/config.h:

checker/doc/load.h:

checker/rules/rules.h:

checker/base/jsonw.h:

checker/report/report.h:

checker/app/scan.h:

checker/base/paths.h:

checker/base/version.h:
