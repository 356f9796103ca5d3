build-tsan/obj/base/paths.o: checker/base/paths.c checker/base/paths.h \
  checker/base/util.h

checker/base/paths.h:

checker/base/util.h:
