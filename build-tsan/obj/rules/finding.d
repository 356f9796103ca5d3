build-tsan/obj/rules/finding.o: checker/rules/finding.c \
  checker/rules/finding.h checker/base/diag.h checker/base/util.h

checker/rules/finding.h:

checker/base/diag.h:

checker/base/util.h:
