/* internal.h - what the files of the Terraform configuration frontend
 * share (private to formats/tfconfig/).
 *
 *   load.c      module directories: .tf and .tf.json files, override files,
 *               the declarations, local and installed (modules.json) calls
 *   vars.c      root variable values: defaults, TF_VAR_*, tfvars files,
 *               --var-file, --var, in Terraform's precedence
 *   eval.c      expressions with Terraform's semantics: unknown values,
 *               references, operators, for, splats, conditionals
 *   instance.c  module and resource instances: count, for_each, dynamic
 *               blocks, module calls, locals in dependency order, worlds
 *   tfconfig.c  the frontend entry: units, the model, the provider rules
 */
#ifndef SG_TFCONFIG_INTERNAL_H
#define SG_TFCONFIG_INTERNAL_H

#include "base/hmap.h"
#include "base/paths.h"
#include "formats/frontend.h"
#include "formats/terraform/funcs.h"
#include "formats/terraform/types.h"
#include "model/model.h"

#define TFC_MAX_STEPS 20000000u   /* evaluation steps per unit */
#define TFC_MAX_ELEMENTS 1000000u /* elements one function may make */

typedef VEC(struct node_pair) pair_vec;

/* ---- configuration (load.c) ------------------------------------------------ */

struct tf_module;

struct tf_variable {
	const char *name;
	struct loc loc;          /* the block */
	struct node *dflt;       /* `default`, or NULL */
	struct loc dflt_loc;
	const struct tf_type *type; /* NULL: any */
	int nullable;
};

struct tf_local {
	const char *name;
	struct loc loc;          /* the attribute's name */
	struct node *expr;
};

struct tf_rdecl {
	int data;                /* a data source */
	const char *type, *name;
	const char *key;         /* "aws_x.y" or "data.aws_x.y" */
	struct loc loc;          /* the block */
	struct node *body;
};

struct tf_mcall {
	const char *name;
	struct loc loc;
	struct node *body;
	const char *source;
	struct tf_module *child; /* NULL: not available here (note) */
};

struct tf_output {
	const char *name;
	struct loc loc;
	struct node *expr;
};

/* One module directory's declarations, shared by all its instances. */
struct tf_module {
	const char *dir;
	const char *key;         /* modules.json key of the first call path ("" for a root) */
	VEC(struct tf_variable *) vars;
	VEC(struct tf_local *) locals;
	VEC(struct tf_rdecl *) resources;
	VEC(struct tf_mcall *) calls;
	VEC(struct tf_output *) outputs;
	struct hmap vars_by, locals_by, res_by, calls_by, outputs_by;
	int loading;             /* cycle guard for module calls */
};

struct tfc_state;

/* The root module's variable values, lowest to highest precedence. */
struct tf_var_value {
	const char *name;
	struct node *value;          /* an expression (tfvars, --var) or a string (TF_VAR_) */
	int raw_string;              /* TF_VAR_ and --var of a primitive type: the text itself */
	const char *origin;          /* "terraform.tfvars:3", "--var x=...", "TF_VAR_x" */
	struct loc loc;
};

typedef VEC(struct tf_var_value) tf_var_values;

/* An assignment of undecided conditions ("var.public ? ..." with var.public
 * unknown): each resource instance is evaluated once per assignment, so
 * two attributes under the same condition never mix its branches. */
#define TF_MAX_CHOICES 6  /* undecided conditions per instance: 2^6 worlds at the most */
struct tf_world {
	const char *keys[TF_MAX_CHOICES]; /* conditions decided so far, in order */
	int values[TF_MAX_CHOICES];
	size_t n;
	int used;                 /* a choice was consulted since the flag was cleared */
	int closed;               /* no choices (count, for_each): undecided is unknown */
	int overflow;             /* too many conditions: some were unknown */
	uint32_t gen;             /* which world is being evaluated */
};

/* Everything one unit loads and evaluates, in the unit's arena. */
struct tf_unit {
	struct model *m;
	struct arena *a;
	const struct tfc_state *st;
	struct tfc_state *fill;       /* roots detection: parsed files go into st's cache */
	const struct load_limits *lim;
	const char *root_dir;
	struct hmap modules;          /* normalized dir -> struct tf_module */
	const struct node *modules_json; /* .terraform/modules/modules.json Modules[] */
	uint64_t budget;              /* evaluation steps left */
	int budget_reported;
	struct pmap traces;           /* value node -> how it was obtained */
	struct pmap map_keys;         /* large object value -> struct tf_map_keys (tfe_map_pair) */
	struct tf_world world;
	int eval_depth;               /* references being evaluated, nested */
	struct hmap attrs;            /* "address attr" -> struct tf_binding: resource attributes */
	tf_var_values *root_values;   /* the root module's variable values */
	diag_vec *notes;
};

/* Load (once) the module in directory `dir`; NULL with an error when it
 * cannot be read. `key` names it in modules.json. */
struct tf_module *tfc_load_module(struct tf_unit *u, const char *dir, const char *key, int depth);
/* Whether a directory holds .tf or .tf.json files. */
int tfc_is_module_dir(const char *dir);
/* The value of attribute `name` of a body (not a block), or NULL. */
struct node *tfc_attr(const struct node *body, const char *name);
/* Parse one file of configuration syntax (.tf native, .tf.json, .tfvars,
 * .tfvars.json) into the HCL body shape; the document joins the model.
 * A file roots detection parsed is not parsed again (st->parsed). */
struct node *tfc_parse_file(struct tf_unit *u, const char *path, int required);

/* ---- values (eval.c) --------------------------------------------------------- */

struct tf_minst;
struct tf_rinst;

/* A name an expression sees besides its module instance: each, count, a
 * for variable, a dynamic block's iterator. */
struct tf_scope {
	const struct tf_scope *up;
	const char *name;
	struct node *value;
};

struct tf_ev {
	struct tf_unit *u;
	struct tf_minst *mi;
	const struct tf_scope *scope;
	struct node *splat_item;  /* the element inside EXPR_SPLAT */
	int speculative;          /* in an instance [*] that may not exist: problems are not noted */
	int failed;               /* an error happened; msg says which */
	char msg[300];
	struct loc msg_loc;
};

/* Evaluate an expression (a NODE_EXPR or a literal). On an error sets
 * e->failed and returns an unknown value. */
struct node *tfe_eval(struct tf_ev *e, struct node *expr);
/* node_get_pair() on an object or map value, its keys hashed on the first
 * lookup when it has many: `local.groups[each.key]` in a for_each over
 * local.groups would otherwise scan the map once per instance (n^2). */
const struct node_pair *tfe_map_pair(struct tf_unit *u, const struct node *map, const char *key);
/* The same, and an error becomes a note at the expression; the result is
 * then unknown. */
struct node *tfe_eval_noted(struct tf_ev *e, struct node *expr, const char *what);
/* A value with no NODE_REF left (a resource reference becomes unknown). */
struct node *tfe_final(struct tf_unit *u, struct node *v);
struct node *tfe_unknown(struct tf_unit *u, struct loc loc, const char *fmt, ...) SG_PRINTF(3, 4);
int tfe_is_unknown(const struct node *v);
/* Whether a value holds an unknown anywhere. */
int tfe_has_unknown(const struct node *v);
/* Expression source text, for messages and world keys. */
void tfe_expr_text(const struct node *expr, struct strbuf *out);
/* The trace of a value: how it was obtained (NULL: written where it is). */
const struct trace_step *tfe_trace(const struct tf_unit *u, const struct node *v);
void tfe_set_trace(struct tf_unit *u, const struct node *v, const struct trace_step *t);
/* Bind v under a name (a variable, local, each.value, a branch taken):
 * the value to use from then on, traced as the name, then where it came
 * from (its trace so far, `origin` at origin_at, or where it is written).
 * A value already traced is copied, so its first trace stays. */
struct node *tfe_bind_trace(struct tf_unit *u, struct node *v, const char *name, struct loc at, const char *origin,
			    struct loc origin_at);
int tfe_charge(struct tf_ev *e, uint64_t steps);
void tfe_fail(struct tf_ev *e, struct loc at, const char *fmt, ...) SG_PRINTF(3, 4);

/* ---- instances (instance.c) ---------------------------------------------------- */

/* count/for_each of a resource or module call, decided once per module
 * instance: n instances, their keys (NULL: no count or for_each). */
struct tf_expansion {
	int kind;                 /* 0 single, 1 count, 2 for_each, 3 unknown ([*]) */
	uint32_t n;
	struct node **keys;       /* count: the index; for_each: the key */
	struct node **values;     /* for_each: each.value */
	void **inst;              /* struct tf_rinst * or struct tf_minst * */
};

struct tf_binding {
	struct node *value;
	int state;                /* 0 not evaluated, 1 in progress, 2 done */
	int world_dependent;      /* decided in a world: valid only for that world */
	uint32_t gen;
};

struct tf_minst {
	struct tf_module *mod;
	const char *prefix;       /* "" or "module.a[\"x\"]." */
	struct tf_minst *parent;
	const struct tf_mcall *call;
	struct node *count_index, *each_key, *each_value; /* the call's instance */
	struct hmap vars;         /* name -> struct tf_binding */
	struct hmap locals;       /* name -> struct tf_binding */
	struct hmap outputs;      /* name -> struct tf_binding */
	struct hmap expansions;   /* resource key / "module.NAME" -> struct tf_expansion */
	int depth;
	/* module.NAME as an object of all its outputs, built once (for the
	 * world outputs_gen only, when one of them depends on a choice) */
	struct node *outputs_obj;
	uint32_t outputs_gen;
	int outputs_world_dependent;
};

/* A resource instance: its address, its instance key, its values. */
struct tf_rinst {
	const struct tf_rdecl *decl;
	struct tf_minst *mi;
	const char *address;
	struct node *count_index, *each_key, *each_value;
};

/* var.name, local.name, module.name, a resource or data source "aws_x.y" /
 * "data.aws_x.y" seen from the module instance of e. */
struct node *tfi_var(struct tf_ev *e, const char *name, struct loc at);
struct node *tfi_local(struct tf_ev *e, const char *name, struct loc at);
struct node *tfi_module(struct tf_ev *e, const char *name, struct loc at);
struct node *tfi_resource(struct tf_ev *e, const char *key, struct loc at);
/* An attribute of a resource instance reference: its configured value, or
 * unknown (known only after apply) naming it. */
struct node *tfi_attr(struct tf_ev *e, const struct node *ref, const char *attr, struct loc at);
/* Decide an undecided condition in the current world: 1/0, or -1 when it
 * cannot be (too many conditions, or none allowed here): then the
 * conditional is unknown. */
int tfi_world_choice(struct tf_unit *u, const char *key);

/* What a unit's evaluation hands to the provider rules: each managed
 * resource instance once per world, with its values. */
struct tf_emitted {
	struct resource *res;
	struct node *values;
};

typedef VEC(struct tf_emitted) tf_emitted_vec;

/* Evaluate an expression in a fresh root module instance; NULL with the
 * error in `err` when it fails. */
struct node *tfi_eval_in_root(struct tf_unit *u, struct tf_module *root, struct node *expr, struct strbuf *err);

/* Evaluate every resource of the root module and of the modules it calls. */
void tfi_evaluate_root(struct tf_unit *u, struct tf_module *root, tf_emitted_vec *out);

/* ---- root variables (vars.c) ------------------------------------------------------ */

/* The per-run state: --var, --var-file, TF_VAR_* (tfconfig.c). */
/* A file roots detection parsed, for the units to reuse. */
struct tfc_parsed {
	struct node *body;
	struct doc *doc;
	diag_vec errors; /* its errors, reported by every unit that reads it */
};

struct tfc_state {
	VEC(struct tf_var_value) env;  /* TF_VAR_* */
	VEC(struct tf_var_value) cli;  /* --var-file and --var in command-line order */
	struct arena arena;
	VEC(struct doc *) docs;        /* --var-file documents, and those parsed below */
	/* Every file roots detection parsed (path -> struct tfc_parsed): each
	 * module directory is parsed once per run, the units read the trees
	 * (read-only, from any thread) instead of parsing again. */
	struct hmap parsed;
};

/* Every value a root variable gets, in precedence order: TF_VAR_*, the
 * root's terraform.tfvars(.json), *.auto.tfvars(.json), then --var-file and
 * --var; the last one wins. */
void tfv_root_values(struct tf_unit *u, struct tf_module *root, tf_var_values *out);
/* The per-run sources: TF_VAR_* of the environment, --var-file, --var. */
void tfv_read_environment(struct tfc_state *st);
void tfv_read_var_file(struct tfc_state *st, const char *path, const struct load_limits *lim, diag_vec *errors);
void tfv_read_var(struct tfc_state *st, const char *name, const char *value);

#endif
