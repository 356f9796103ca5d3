build-tsan/obj/formats/cloudformation/params.o: \
  checker/formats/cloudformation/params.c checker/doc/load.h \
  checker/doc/limits.h checker/doc/node.h checker/base/diag.h \
  checker/base/util.h checker/formats/cloudformation/internal.h \
  checker/formats/cloudformation/resolve.h checker/model/model.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/formats/frontend.h

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/formats/cloudformation/internal.h:

checker/formats/cloudformation/resolve.h:

checker/model/model.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/formats/frontend.h:
