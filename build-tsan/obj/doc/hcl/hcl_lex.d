build-tsan/obj/doc/hcl/hcl_lex.o: checker/doc/hcl/hcl_lex.c \
  checker/doc/hcl/hcl_int.h checker/doc/hcl/hcl.h checker/doc/limits.h \
  checker/doc/node.h checker/base/diag.h checker/base/util.h

checker/doc/hcl/hcl_int.h:

checker/doc/hcl/hcl.h:

checker/doc/limits.h:

checker/doc/node.h:

checker/base/diag.h:

checker/base/util.h:
