build-tsan/obj/base/ports.o: checker/base/ports.c checker/base/ports.h \
  checker/base/util.h

checker/base/ports.h:

checker/base/util.h:
