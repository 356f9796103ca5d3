build-tsan/obj/doc/node.o: checker/doc/node.c checker/doc/node.h \
  checker/base/diag.h checker/base/util.h

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:
