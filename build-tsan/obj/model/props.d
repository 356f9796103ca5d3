build-tsan/obj/model/props.o: checker/model/props.c checker/model/props.h \
  checker/model/model.h checker/base/diag.h checker/base/util.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/doc/node.h

checker/model/props.h:

checker/model/model.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:
