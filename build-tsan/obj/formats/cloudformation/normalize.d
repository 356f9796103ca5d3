build-tsan/obj/formats/cloudformation/normalize.o: \
  checker/formats/cloudformation/normalize.c \
  checker/formats/cloudformation/internal.h \
  checker/formats/cloudformation/resolve.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/formats/frontend.h checker/doc/limits.h checker/model/aws.h

checker/formats/cloudformation/internal.h:

checker/formats/cloudformation/resolve.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/frontend.h:

checker/doc/limits.h:

checker/model/aws.h:
