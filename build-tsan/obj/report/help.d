build-tsan/obj/report/help.o: checker/report/help.c \
  checker/report/report.h checker/rules/finding.h checker/base/diag.h \
  checker/base/util.h checker/rules/rules.h checker/doc/load.h \
  checker/doc/limits.h checker/doc/node.h checker/base/ports.h

checker/report/report.h:

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/ports.h:
