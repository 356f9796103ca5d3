build-tsan/obj/rules/rules.o: checker/rules/rules.c checker/rules/rules.h \
  checker/doc/load.h checker/doc/limits.h checker/doc/node.h \
  checker/base/diag.h checker/base/util.h checker/base/ports.h \
  checker/rules/cond.h checker/base/netaddr.h checker/model/model.h \
  checker/base/hmap.h checker/model/props.h checker/rules/conds.def

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/ports.h:

checker/rules/cond.h:

checker/base/netaddr.h:

checker/model/model.h:

checker/base/hmap.h:

checker/model/props.h:

checker/rules/conds.def:
