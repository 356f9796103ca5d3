build-tsan/obj/formats/terraform/funcs_str.o: \
  checker/formats/terraform/funcs_str.c \
  checker/formats/terraform/funcs_int.h \
  checker/formats/terraform/funcs.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h \
  checker/formats/terraform/values.h

checker/formats/terraform/funcs_int.h:

checker/formats/terraform/funcs.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/formats/terraform/values.h:
