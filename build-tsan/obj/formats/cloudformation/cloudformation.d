build-tsan/obj/formats/cloudformation/cloudformation.o: \
  checker/formats/cloudformation/cloudformation.c \
  checker/formats/cloudformation/cloudformation.h \
  checker/formats/frontend.h checker/base/diag.h checker/base/util.h \
  checker/doc/limits.h checker/doc/node.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/doc/load.h checker/formats/cloudformation/internal.h \
  checker/formats/cloudformation/resolve.h

checker/formats/cloudformation/cloudformation.h:

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

checker/formats/cloudformation/internal.h:

checker/formats/cloudformation/resolve.h:
