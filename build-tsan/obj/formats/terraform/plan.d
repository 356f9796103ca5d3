build-tsan/obj/formats/terraform/plan.o: checker/formats/terraform/plan.c \
  checker/formats/terraform/plan.h checker/formats/frontend.h \
  checker/base/diag.h checker/base/util.h checker/doc/limits.h \
  checker/doc/node.h checker/model/model.h checker/base/hmap.h \
  checker/base/netaddr.h checker/base/ports.h \
  checker/formats/terraform/provider.h checker/model/aws.h \
  checker/model/props.h

checker/formats/terraform/plan.h:

checker/formats/frontend.h:

checker/base/diag.h:

checker/base/util.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/terraform/provider.h:

checker/model/aws.h:

checker/model/props.h:
