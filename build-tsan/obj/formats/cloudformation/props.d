build-tsan/obj/formats/cloudformation/props.o: \
  checker/formats/cloudformation/props.c \
  checker/formats/cloudformation/internal.h \
  checker/formats/cloudformation/resolve.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/formats/frontend.h checker/doc/limits.h checker/model/props.h

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

checker/model/props.h:
