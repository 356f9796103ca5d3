build-tsan/obj/model/passes.o: checker/model/passes.c \
  checker/model/passes.h checker/model/model.h checker/base/diag.h \
  checker/base/util.h checker/base/hmap.h checker/base/netaddr.h \
  checker/base/ports.h checker/doc/node.h

checker/model/passes.h:

checker/model/model.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:
