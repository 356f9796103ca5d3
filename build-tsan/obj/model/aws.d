build-tsan/obj/model/aws.o: checker/model/aws.c checker/model/aws.h \
  checker/model/model.h checker/base/diag.h checker/base/util.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/doc/node.h

checker/model/aws.h:

checker/model/model.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:
