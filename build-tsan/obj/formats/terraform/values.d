build-tsan/obj/formats/terraform/values.o: \
  checker/formats/terraform/values.c checker/formats/terraform/values.h \
  checker/doc/node.h checker/base/diag.h checker/base/util.h

checker/formats/terraform/values.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:
