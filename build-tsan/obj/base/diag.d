build-tsan/obj/base/diag.o: checker/base/diag.c checker/base/diag.h \
  checker/base/util.h

checker/base/diag.h:

checker/base/util.h:
