build-tsan/obj/base/util.o: checker/base/util.c checker/base/util.h

checker/base/util.h:
