build-tsan/obj/base/jsonw.o: checker/base/jsonw.c checker/base/jsonw.h \
  checker/base/util.h

checker/base/jsonw.h:

checker/base/util.h:
