build-tsan/obj/doc/load.o: checker/doc/load.c checker/doc/load.h \
  checker/doc/limits.h checker/doc/node.h checker/base/diag.h \
  checker/base/util.h checker/doc/hcl/hcl.h checker/doc/load_json.h \
  checker/doc/load_yaml.h

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/hcl/hcl.h:

checker/doc/load_json.h:

checker/doc/load_yaml.h:
