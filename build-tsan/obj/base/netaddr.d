build-tsan/obj/base/netaddr.o: checker/base/netaddr.c \
  checker/base/netaddr.h checker/base/util.h

checker/base/netaddr.h:

checker/base/util.h:
