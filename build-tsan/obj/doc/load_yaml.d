build-tsan/obj/doc/load_yaml.o: checker/doc/load_yaml.c \
  checker/doc/load_yaml.h checker/doc/limits.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h

checker/doc/load_yaml.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:
