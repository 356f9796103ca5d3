build-tsan/obj/doc/limits.o: checker/doc/limits.c checker/doc/limits.h

checker/doc/limits.h:
