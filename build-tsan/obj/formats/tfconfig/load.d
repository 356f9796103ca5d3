build-tsan/obj/formats/tfconfig/load.o: checker/formats/tfconfig/load.c \
  checker/doc/hcl/hcl.h checker/doc/limits.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h checker/doc/load.h \
  checker/formats/tfconfig/internal.h checker/base/hmap.h \
  checker/formats/frontend.h checker/model/model.h \
  checker/base/netaddr.h checker/base/ports.h \
  checker/formats/terraform/funcs.h checker/formats/terraform/types.h

checker/doc/hcl/hcl.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/load.h:

checker/formats/tfconfig/internal.h:

checker/base/hmap.h:

checker/formats/frontend.h:

checker/model/model.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/terraform/funcs.h:

checker/formats/terraform/types.h:
