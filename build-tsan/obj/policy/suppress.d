build-tsan/obj/policy/suppress.o: checker/policy/suppress.c \
  checker/policy/suppress.h checker/rules/finding.h checker/base/diag.h \
  checker/base/util.h checker/base/paths.h checker/policy/baseline.h \
  checker/policy/config.h checker/doc/load.h checker/doc/limits.h \
  checker/doc/node.h checker/rules/rules.h checker/base/ports.h \
  checker/model/model.h checker/base/hmap.h checker/base/netaddr.h

checker/policy/suppress.h:

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/paths.h:

checker/policy/baseline.h:

checker/policy/config.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/rules/rules.h:

checker/base/ports.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:
