build-tsan/obj/model/model.o: checker/model/model.c checker/model/model.h \
  checker/base/diag.h checker/base/util.h checker/base/hmap.h \
  checker/base/netaddr.h checker/base/ports.h checker/doc/node.h \
  checker/doc/load.h checker/doc/limits.h checker/model/props.h

checker/model/model.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/model/props.h:
