build-tsan/obj/formats/tfconfig/tfconfig.o: \
  checker/formats/tfconfig/tfconfig.c \
  checker/formats/tfconfig/tfconfig.h checker/formats/frontend.h \
  checker/base/diag.h checker/base/util.h checker/doc/limits.h \
  checker/doc/node.h checker/model/model.h checker/base/hmap.h \
  checker/base/netaddr.h checker/base/ports.h checker/doc/load.h \
  checker/doc/hcl/hcl.h checker/formats/terraform/funcs_int.h \
  checker/formats/terraform/funcs.h checker/formats/terraform/values.h \
  checker/formats/terraform/provider.h \
  checker/formats/tfconfig/internal.h checker/formats/terraform/types.h

checker/formats/tfconfig/tfconfig.h:

checker/formats/frontend.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/load.h:

checker/doc/hcl/hcl.h:

checker/formats/terraform/funcs_int.h:

checker/formats/terraform/funcs.h:

checker/formats/terraform/values.h:

checker/formats/terraform/provider.h:

checker/formats/tfconfig/internal.h:

checker/formats/terraform/types.h:
