build-tsan/obj/formats/cloudformation/resolve.o: \
  checker/formats/cloudformation/resolve.c \
  checker/formats/cloudformation/resolve.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h

checker/formats/cloudformation/resolve.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:
