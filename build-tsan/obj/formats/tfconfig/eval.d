build-tsan/obj/formats/tfconfig/eval.o: checker/formats/tfconfig/eval.c \
  checker/formats/terraform/values.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h \
  checker/formats/tfconfig/internal.h checker/base/hmap.h \
  checker/formats/frontend.h checker/doc/limits.h checker/model/model.h \
  checker/base/netaddr.h checker/base/ports.h \
  checker/formats/terraform/funcs.h checker/formats/terraform/types.h

checker/formats/terraform/values.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/formats/tfconfig/internal.h:

checker/base/hmap.h:

checker/formats/frontend.h:

checker/doc/limits.h:

checker/model/model.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/terraform/funcs.h:

checker/formats/terraform/types.h:
