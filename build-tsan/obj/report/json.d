build-tsan/obj/report/json.o: checker/report/json.c checker/base/jsonw.h \
  checker/base/util.h checker/model/model.h checker/base/diag.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/doc/node.h checker/report/report.h checker/rules/finding.h \
  checker/rules/rules.h checker/doc/load.h checker/doc/limits.h \
  checker/base/version.h

checker/base/jsonw.h:

checker/base/util.h:

checker/model/model.h:

checker/base/diag.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:

checker/report/report.h:

checker/rules/finding.h:

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/base/version.h:
