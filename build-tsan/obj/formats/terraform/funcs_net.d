build-tsan/obj/formats/terraform/funcs_net.o: \
  checker/formats/terraform/funcs_net.c checker/base/netaddr.h \
  checker/doc/load_json.h checker/doc/limits.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h \
  checker/formats/terraform/funcs_int.h \
  checker/formats/terraform/funcs.h checker/formats/terraform/values.h

checker/base/netaddr.h:

checker/doc/load_json.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/formats/terraform/funcs_int.h:

checker/formats/terraform/funcs.h:

checker/formats/terraform/values.h:
