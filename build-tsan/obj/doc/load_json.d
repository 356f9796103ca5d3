build-tsan/obj/doc/load_json.o: checker/doc/load_json.c \
  checker/doc/load_json.h checker/doc/limits.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h

checker/doc/load_json.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:
