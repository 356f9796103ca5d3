build-tsan/obj/app/scan.o: checker/app/scan.c checker/app/scan.h \
  checker/base/paths.h checker/base/util.h checker/doc/limits.h \
  checker/formats/frontend.h checker/base/diag.h checker/doc/node.h \
  checker/model/model.h checker/base/hmap.h checker/base/netaddr.h \
  checker/base/ports.h checker/policy/baseline.h checker/rules/finding.h \
  checker/policy/config.h checker/doc/load.h checker/rules/rules.h \
  checker/model/passes.h checker/policy/suppress.h checker/rules/eval.h

checker/app/scan.h:

checker/base/paths.h:

checker/base/util.h:

checker/doc/limits.h:

checker/formats/frontend.h:

checker/base/diag.h:

checker/doc/node.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/policy/baseline.h:

checker/rules/finding.h:

checker/policy/config.h:

checker/doc/load.h:

checker/rules/rules.h:

checker/model/passes.h:

checker/policy/suppress.h:

checker/rules/eval.h:
