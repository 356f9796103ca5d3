build-tsan/obj/formats/terraform/types.o: \
  checker/formats/terraform/types.c checker/formats/terraform/types.h \
  checker/doc/node.h checker/base/diag.h checker/base/util.h \
  checker/formats/terraform/funcs.h checker/formats/terraform/values.h

checker/formats/terraform/types.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/formats/terraform/funcs.h:

checker/formats/terraform/values.h:
