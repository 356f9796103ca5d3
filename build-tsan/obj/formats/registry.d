build-tsan/obj/formats/registry.o: checker/formats/registry.c \
  checker/formats/frontend.h checker/base/diag.h checker/base/util.h \
  checker/doc/limits.h checker/doc/node.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/formats/cloudformation/cloudformation.h \
  checker/formats/terraform/plan.h checker/formats/tfconfig/tfconfig.h

checker/formats/frontend.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/cloudformation/cloudformation.h:

checker/formats/terraform/plan.h:

checker/formats/tfconfig/tfconfig.h:
