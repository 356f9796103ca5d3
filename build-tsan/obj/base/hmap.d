build-tsan/obj/base/hmap.o: checker/base/hmap.c checker/base/hmap.h \
  checker/base/util.h

checker/base/hmap.h:

checker/base/util.h:
