build-tsan/obj/policy/baseline.o: checker/policy/baseline.c \
  checker/policy/baseline.h checker/rules/finding.h checker/base/diag.h \
  checker/base/util.h checker/base/jsonw.h checker/rules/rules.h \
  checker/doc/load.h checker/doc/limits.h checker/doc/node.h \
  checker/base/ports.h

checker/policy/baseline.h:

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/jsonw.h:

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/ports.h:
