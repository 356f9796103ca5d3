build-tsan/obj/policy/config.o: checker/policy/config.c \
  checker/policy/config.h checker/rules/finding.h checker/base/diag.h \
  checker/base/util.h checker/doc/load.h checker/doc/limits.h \
  checker/doc/node.h checker/rules/rules.h checker/base/ports.h \
  checker/base/paths.h

checker/policy/config.h:

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/rules/rules.h:

checker/base/ports.h:

checker/base/paths.h:
