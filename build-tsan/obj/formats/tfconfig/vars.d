build-tsan/obj/formats/tfconfig/vars.o: checker/formats/tfconfig/vars.c \
  checker/doc/load.h checker/doc/limits.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h \
  checker/formats/tfconfig/internal.h checker/base/hmap.h \
  checker/formats/frontend.h checker/model/model.h \
  checker/base/netaddr.h checker/base/ports.h \
  checker/formats/terraform/funcs.h checker/formats/terraform/types.h

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/formats/tfconfig/internal.h:

checker/base/hmap.h:

checker/formats/frontend.h:

checker/model/model.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/terraform/funcs.h:

checker/formats/terraform/types.h:
