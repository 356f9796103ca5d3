build-tsan/obj/rules/eval.o: checker/rules/eval.c checker/rules/eval.h \
  checker/model/model.h checker/base/diag.h checker/base/util.h \
  checker/base/hmap.h checker/base/netaddr.h checker/base/ports.h \
  checker/doc/node.h checker/rules/finding.h checker/rules/rules.h \
  checker/doc/load.h checker/doc/limits.h checker/model/props.h \
  checker/rules/cond.h checker/rules/conds.def

checker/rules/eval.h:

checker/model/model.h:

checker/base/diag.h:

checker/base/util.h:

checker/base/hmap.h:

checker/base/netaddr.h:

checker/base/ports.h:

checker/doc/node.h:

checker/rules/finding.h:

checker/rules/rules.h:

checker/doc/load.h:

checker/doc/limits.h:

checker/model/props.h:

checker/rules/cond.h:

checker/rules/conds.def:
