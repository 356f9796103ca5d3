/* resolve_cfn.c - CloudFormation intrinsic functions, parameters and
 * conditions; see resolve.h. */
#include "formats/cloudformation/resolve.h"

#include "doc/load_yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"

#define MAX_NESTING 64 /* intrinsic calls inside intrinsic calls */

enum { COND_UNVISITED = 0, COND_IN_PROGRESS = 1, COND_DONE = 2 };

void cfn_ctx_init(struct cfn_ctx *c, struct model *m, const struct node *root,
		  const struct param_value *overrides, size_t noverrides)
{
	memset(c, 0, sizeof(*c));
	c->a = m->a;
	c->m = m;
	node_index_init(&c->params, c->a, node_get(root, "Parameters"));
	node_index_init(&c->mappings, c->a, node_get(root, "Mappings"));
	node_index_init(&c->conditions, c->a, node_get(root, "Conditions"));
	node_index_init(&c->resources, c->a, node_get(root, "Resources"));
	c->overrides = overrides;
	c->noverrides = noverrides;
	c->novalue = node_new(c->a, NODE_NOVALUE, (struct loc){NULL, 0, 0});
	const struct node *conds = c->conditions.map;
	if (conds && conds->kind == NODE_MAP && conds->u.map.n)
		c->cond_state = arena_alloc(c->a, 2 * conds->u.map.n);
}

const struct node *cfn_resource(const struct cfn_ctx *c, const char *id)
{
	return node_index_get(&c->resources, id);
}

/* ---- alternatives and assumptions -------------------------------------- */

static const struct assume *assume_lookup(const struct assume *as, const char *cond)
{
	for (; as; as = as->next)
		if (strcmp(as->cond, cond) == 0)
			return as;
	return NULL;
}

static int assume_same(const struct assume *x, const struct assume *y)
{
	if (x->value != y->value || !x->pick != !y->pick)
		return 0;
	return !x->pick || strcmp(x->pick, y->pick) == 0;
}

int assume_merge(struct arena *a, const struct assume *x, const struct assume *y,
		 const struct assume **out)
{
	const struct assume *res = x;
	for (; y; y = y->next) {
		const struct assume *v = assume_lookup(res, y->cond);
		if (!v) {
			struct assume *n = arena_alloc(a, sizeof(*n));
			n->cond = y->cond;
			n->value = y->value;
			n->pick = y->pick;
			n->next = res;
			res = n;
		} else if (!assume_same(v, y)) {
			return -1;
		}
	}
	*out = res;
	return 0;
}

/* The assumption that an undecided input took the value `pick`. */
static const struct assume *choice(struct cfn_ctx *c, const char *cond, const char *pick)
{
	struct assume *as = arena_alloc(c->a, sizeof(*as));
	as->cond = cond;
	as->pick = pick;
	return as;
}

static void alts_add(struct cfn_ctx *c, struct alts *out, struct node *v,
		     const struct assume *as, const struct trace_step *tr)
{
	if (out->n == out->cap) {
		uint32_t cap = out->cap ? out->cap * 2 : 2;
		struct alt *nv = arena_alloc_raw(c->a, cap * sizeof(*nv));
		if (out->n)
			memcpy(nv, out->v, out->n * sizeof(*nv));
		out->v = nv;
		out->cap = cap;
	}
	out->v[out->n].v = v;
	out->v[out->n].as = as;
	out->v[out->n].tr = tr;
	out->n++;
}

static struct node *unknown(struct cfn_ctx *c, struct loc loc, const char *reason)
{
	return node_new_unknown(c->a, loc, reason);
}

static void add_unknown(struct cfn_ctx *c, struct alts *out, struct loc loc,
			const char *reason, const struct assume *as)
{
	alts_add(c, out, unknown(c, loc, reason), as, NULL);
}

/* Too many combinations: one unknown stands for all of them. */
static void alts_cap(struct cfn_ctx *c, struct alts *out, struct loc loc)
{
	if (out->n > RESOLVE_MAX_ALTS) {
		out->n = 0;
		add_unknown(c, out, loc, "more than 64 alternative values", NULL);
	}
}

/* Prefix every alternative's trace with one step. */
static void alts_step(struct cfn_ctx *c, struct alts *out, uint32_t from, struct loc loc,
		      const char *text)
{
	for (uint32_t i = from; i < out->n; i++)
		out->v[i].tr = trace_push(c->a, out->v[i].tr, loc, text);
}

/* "!Sub" for a YAML short-form tag, "Fn::Sub" for the long form. */
static const char *step_text(struct cfn_ctx *c, const struct node *call, const char *fn,
			     const char *detail)
{
	int tag = call && (call->flags & NODE_F_SHORT_TAG);
	if (tag && strncmp(fn, "Fn::", 4) == 0)
		fn += 4;
	return arena_cat(c->a, tag ? "!" : "", fn, detail && *detail ? " " : "", detail ? detail : "", NULL);
}

/* ---- strings ------------------------------------------------------------ */

static int is_scalar_value(const struct node *n)
{
	return n->kind == NODE_STR || n->kind == NODE_NUM || n->kind == NODE_BOOL;
}

/* Resolve to alternatives that are strings (or unknown / NoValue). */
static void resolve_strings(struct cfn_ctx *c, struct node *n, struct alts *out)
{
	cfn_resolve(c, n, out);
	for (uint32_t i = 0; i < out->n; i++) {
		struct node *v = out->v[i].v;
		if (v->kind == NODE_NULL)
			out->v[i].v = node_new_str(c->a, v->loc, "", 0);
		else if (v->kind == NODE_SEQ || v->kind == NODE_MAP)
			out->v[i].v = unknown(c, v->loc,
					      arena_printf(c->a, "expected a string, found a %s",
							   node_kind_name(v->kind)));
	}
}

/* Accumulate the product of string parts: acc = acc x part, joined by sep. */
static void concat_product(struct cfn_ctx *c, struct alts *acc, const struct alts *part,
			   const char *sep, struct loc loc)
{
	struct alts next = {0};
	for (uint32_t i = 0; i < acc->n; i++) {
		for (uint32_t j = 0; j < part->n; j++) {
			const struct alt *x = &acc->v[i], *y = &part->v[j];
			const struct assume *as;
			if (assume_merge(c->a, x->as, y->as, &as) != 0)
				continue;
			const struct trace_step *tr = x->tr ? x->tr : y->tr;
			if (x->v->kind == NODE_UNKNOWN) {
				alts_add(c, &next, x->v, as, tr);
			} else if (y->v->kind == NODE_UNKNOWN) {
				alts_add(c, &next, y->v, as, y->tr);
			} else {
				const char *t = arena_printf(c->a, "%s%s%s", x->v->text,
							     sep ? sep : "", y->v->text);
				struct node *s = node_new_str(c->a, loc, t, strlen(t));
				alts_add(c, &next, s, as, tr);
			}
			if (next.n > RESOLVE_MAX_ALTS)
				break;
		}
	}
	*acc = next;
	alts_cap(c, acc, loc);
}

static void acc_init(struct cfn_ctx *c, struct alts *acc, struct loc loc)
{
	acc->n = 0;
	alts_add(c, acc, node_new_str(c->a, loc, "", 0), NULL, NULL);
}

/* ---- Ref and parameters ---------------------------------------------------- */

static const struct param_value *find_override(const struct cfn_ctx *c, const char *name)
{
	for (size_t i = c->noverrides; i-- > 0;)
		if (strcmp(c->overrides[i].key, name) == 0)
			return &c->overrides[i];
	return NULL;
}

static const char *override_text(struct cfn_ctx *c, const struct param_value *ov)
{
	if (ov->origin)
		return arena_printf(c->a, "%s=%s (%s)", ov->key, ov->value, ov->origin);
	return arena_printf(c->a, "--parameter %s=%s", ov->key, ov->value);
}

static int is_list_type(const char *type)
{
	return type && (strcmp(type, "CommaDelimitedList") == 0 || strncmp(type, "List<", 5) == 0);
}

/* CommaDelimitedList: split at commas, each member space-trimmed. */
static struct node *split_list(struct cfn_ctx *c, struct loc loc, const char *s)
{
	VEC(struct node *) items = {0};
	const char *p = s;
	for (;;) {
		const char *comma = strchr(p, ',');
		const char *end = comma ? comma : p + strlen(p);
		const char *b = p, *e = end;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		VEC_PUSH(items, node_new_str(c->a, loc, b, (size_t)(e - b)));
		if (!comma)
			break;
		p = comma + 1;
	}
	struct node **arr = arena_memdup(c->a, items.v, items.n * sizeof(*items.v));
	struct node *seq = node_new_seq(c->a, loc, arr, (uint32_t)items.n);
	free(items.v);
	return seq;
}

static int yaml_number(struct cfn_ctx *c, struct node *n, struct alts *out);

static struct node *as_param_type(struct cfn_ctx *c, const char *type, struct node *v)
{
	if (is_list_type(type) && is_scalar_value(v))
		return split_list(c, v->loc, v->text);
	return v;
}

static void param_value(struct cfn_ctx *c, const char *name, const struct node *def,
			struct alts *out)
{
	const char *type = node_str(node_get(def, "Type"));
	const struct param_value *ov = find_override(c, name);
	struct loc at = def->loc;
	if (ov && !ov->value) { /* a nested stack's parameter its parent knows only at deployment */
		add_unknown(c, out, at, arena_printf(c->a, "parameter %s is known only at deployment (%s)", name,
						     ov->origin ? ov->origin : "passed by the parent stack"), NULL);
		return;
	}
	if (ov) {
		struct node *v = node_new_str(c->a, at, ov->value, strlen(ov->value));
		alts_add(c, out, as_param_type(c, type, v), NULL, trace_push(c->a, NULL, at, override_text(c, ov)));
		return;
	}
	if (type && strncmp(type, "AWS::SSM::Parameter::Value", 26) == 0) {
		add_unknown(c, out, at, arena_printf(c->a, "parameter %s is read from SSM at deployment", name), NULL);
		return;
	}
	const struct node_pair *dp = node_get_pair(def, "Default");
	if (dp) {
		const char *where = arena_printf(c->a, "Parameters.%s.Default (line %u)", name, dp->key_loc.line);
		struct alts readings = {0};
		if (c->yaml && yaml_number(c, dp->value, &readings)) { /* Default: 026 */
			for (uint32_t i = 0; i < readings.n; i++)
				alts_add(c, out, as_param_type(c, type, readings.v[i].v), readings.v[i].as,
					 trace_push(c->a, readings.v[i].tr, dp->key_loc, where));
			return;
		}
		alts_add(c, out, as_param_type(c, type, dp->value), NULL, trace_push(c->a, NULL, dp->key_loc, where));
		return;
	}
	const struct node *allowed = node_get(def, "AllowedValues");
	if (allowed && allowed->kind == NODE_SEQ && allowed->u.seq.n > 0) {
		const char *cond = arena_printf(c->a, "Ref:%s", name);
		for (uint32_t i = 0; i < allowed->u.seq.n && i < RESOLVE_MAX_ALTS; i++) {
			struct node *v = allowed->u.seq.items[i];
			alts_add(c, out, as_param_type(c, type, v), choice(c, cond, arena_printf(c->a, "%u", i)),
				 trace_push(c->a, NULL, v->loc,
					    arena_printf(c->a, "Parameters.%s.AllowedValues[%u] (line %u)",
							 name, i, v->loc.line)));
		}
		return;
	}
	add_unknown(c, out, at,
		    arena_printf(c->a, "parameter %s has no Default and no --parameter value", name), NULL);
}

static void ref_name(struct cfn_ctx *c, const char *name, struct loc loc, struct alts *out)
{
	const struct node *def;
	if (strcmp(name, "AWS::NoValue") == 0) {
		alts_add(c, out, node_new(c->a, NODE_NOVALUE, loc), NULL, NULL);
	} else if ((def = node_index_get(&c->params, name)) != NULL) {
		param_value(c, name, def, out);
	} else if (strncmp(name, "AWS::", 5) == 0) {
		const struct param_value *ov = find_override(c, name);
		if (ov && ov->value)
			alts_add(c, out, node_new_str(c->a, loc, ov->value, strlen(ov->value)), NULL,
				 trace_push(c->a, NULL, loc, override_text(c, ov)));
		else
			add_unknown(c, out, loc, arena_cat(c->a, "pseudo parameter ", name, " is known only at deployment", NULL),
				    NULL);
	} else if (cfn_resource(c, name)) {
		struct node *u = unknown(c, loc, arena_cat(c->a, "Ref ", name, ": assigned at deployment", NULL));
		u->u.unk.ref = name;
		alts_add(c, out, u, NULL, NULL);
	} else {
		add_unknown(c, out, loc, arena_cat(c->a, "Ref to undefined name ", name, NULL), NULL);
	}
}

static void fn_ref(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct alts names = {0};
	resolve_strings(c, arg, &names);
	for (uint32_t i = 0; i < names.n; i++) {
		struct node *nm = names.v[i].v;
		if (nm->kind != NODE_STR) {
			alts_add(c, out, nm, names.v[i].as, names.v[i].tr);
			continue;
		}
		uint32_t from = out->n;
		ref_name(c, nm->text, call->loc, out);
		alts_step(c, out, from, call->loc, step_text(c, call, "Ref", nm->text));
	}
}

/* ---- Fn::GetAtt ------------------------------------------------------------ */

static int in_cycle_seen(const struct cfn_ctx *c, const char *res)
{
	for (uint32_t i = 0; i < c->ncycle_seen; i++)
		if (strcmp(c->cycle_seen[i], res) == 0)
			return 1;
	return 0;
}

/* A cycle of Fn::GetAtt (getatt_stack[first..]) is one problem, however
 * often and from wherever resolution runs into it: report it once. */
static int cycle_reported(struct cfn_ctx *c, uint32_t first)
{
	int all_seen = 1;
	for (uint32_t i = first; i < c->getatt_depth; i++)
		all_seen &= in_cycle_seen(c, c->getatt_stack[i]);
	if (all_seen)
		return 1;
	for (uint32_t i = first; i < c->getatt_depth; i++)
		if (!in_cycle_seen(c, c->getatt_stack[i]) &&
		    c->ncycle_seen < sizeof(c->cycle_seen) / sizeof(c->cycle_seen[0]))
			c->cycle_seen[c->ncycle_seen++] = c->getatt_stack[i];
	return 0;
}

static void getatt(struct cfn_ctx *c, struct node *call, const char *res, const char *attr,
		   struct alts *out)
{
	const struct node *r = cfn_resource(c, res);
	const char *type = node_str(node_get(r, "Type"));
	const char *label = step_text(c, call, "Fn::GetAtt", arena_cat(c->a, res, ".", attr, NULL));
	if (type && strcmp(type, "AWS::EC2::VPC") == 0 && strcmp(attr, "CidrBlock") == 0) {
		const struct node_pair *p = node_get_pair(node_get(r, "Properties"), "CidrBlock");
		for (uint32_t i = 0; p && i < c->getatt_depth; i++) {
			if (strcmp(c->getatt_stack[i], res) == 0) {
				if (!cycle_reported(c, i))
					model_error(c->m, call->loc, "%s: the value refers back to itself through %s",
						    label, c->getatt_stack[c->getatt_depth - 1]);
				add_unknown(c, out, call->loc, "a cycle of Fn::GetAtt", NULL);
				return;
			}
		}
		if (p && c->getatt_depth < sizeof(c->getatt_stack) / sizeof(c->getatt_stack[0])) {
			uint32_t from = out->n;
			c->getatt_stack[c->getatt_depth++] = res;
			cfn_resolve(c, p->value, out);
			c->getatt_depth--;
			alts_step(c, out, from, p->key_loc,
				  arena_printf(c->a, "Resources.%s.Properties.CidrBlock (line %u)", res,
					       p->key_loc.line));
			alts_step(c, out, from, call->loc, label);
			return;
		}
	}
	struct node *u = unknown(c, call->loc,
				 r ? arena_printf(c->a, "%s is known only at deployment", label)
				   : arena_printf(c->a, "%s: no resource %s in the template", label, res));
	u->u.unk.ref = r ? res : NULL;
	u->u.unk.attr = attr;
	alts_add(c, out, u, NULL, trace_push(c->a, NULL, call->loc, label));
}

static void fn_getatt(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	const char *res = NULL, *attr = NULL;
	if (arg->kind == NODE_SEQ && arg->u.seq.n == 2) {
		res = node_str(arg->u.seq.items[0]);
		struct alts attrs = {0};
		resolve_strings(c, arg->u.seq.items[1], &attrs);
		if (attrs.n == 1 && attrs.v[0].v->kind == NODE_STR)
			attr = attrs.v[0].v->text;
	} else if (arg->kind == NODE_STR && strchr(arg->text, '.')) {
		const char *dot = strchr(arg->text, '.');
		res = arena_strndup(c->a, arg->text, (size_t)(dot - arg->text));
		attr = dot + 1;
	}
	if (!res || !attr) {
		add_unknown(c, out, call->loc, "malformed Fn::GetAtt", NULL);
		return;
	}
	getatt(c, call, res, attr, out);
}

/* ---- Fn::Sub ---------------------------------------------------------------- */

static void sub_var(struct cfn_ctx *c, struct node *call, const struct node *vars,
		    const char *name, struct alts *out)
{
	struct node *v = node_get(vars, name);
	if (v) {
		resolve_strings(c, v, out);
		return;
	}
	const char *dot = strchr(name, '.');
	if (dot && cfn_resource(c, arena_strndup(c->a, name, (size_t)(dot - name)))) {
		getatt(c, call, arena_strndup(c->a, name, (size_t)(dot - name)), dot + 1, out);
		return;
	}
	ref_name(c, name, call->loc, out);
	for (uint32_t i = 0; i < out->n; i++)
		if (out->v[i].v->kind == NODE_SEQ || out->v[i].v->kind == NODE_NOVALUE)
			out->v[i].v = unknown(c, call->loc, arena_printf(c->a, "${%s} is not a string", name));
}

static void sub_template(struct cfn_ctx *c, struct node *call, const char *tmpl,
			 const struct node *vars, struct alts *acc)
{
	struct strbuf lit = STRBUF_INIT;
	const char *p = tmpl;
	while (*p) {
		const char *open = strstr(p, "${");
		if (!open) {
			sb_adds(&lit, p);
			break;
		}
		sb_add(&lit, p, (size_t)(open - p));
		const char *close = strchr(open, '}');
		if (!close) {
			sb_adds(&lit, open);
			break;
		}
		if (open[2] == '!') { /* ${!Literal} is the text ${Literal} */
			sb_adds(&lit, "${");
			sb_add(&lit, open + 3, (size_t)(close - open - 2));
			p = close + 1;
			continue;
		}
		struct alts part = {0};
		alts_add(c, &part, node_new_str(c->a, call->loc, sb_str(&lit), lit.len), NULL, NULL);
		concat_product(c, acc, &part, NULL, call->loc);
		sb_reset(&lit);
		part.n = 0;
		char *name = arena_strndup(c->a, open + 2, (size_t)(close - open - 2));
		sub_var(c, call, vars, name, &part);
		concat_product(c, acc, &part, NULL, call->loc);
		p = close + 1;
	}
	struct alts tail = {0};
	alts_add(c, &tail, node_new_str(c->a, call->loc, sb_str(&lit), lit.len), NULL, NULL);
	concat_product(c, acc, &tail, NULL, call->loc);
	sb_release(&lit);
}

static void fn_sub(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct node *tmpl = arg;
	const struct node *vars = NULL;
	if (arg->kind == NODE_SEQ && arg->u.seq.n >= 1) {
		tmpl = arg->u.seq.items[0];
		vars = arg->u.seq.n > 1 ? arg->u.seq.items[1] : NULL;
	}
	struct alts tmpls = {0};
	resolve_strings(c, tmpl, &tmpls);
	for (uint32_t i = 0; i < tmpls.n; i++) {
		if (tmpls.v[i].v->kind != NODE_STR) {
			alts_add(c, out, tmpls.v[i].v, tmpls.v[i].as, tmpls.v[i].tr);
			continue;
		}
		struct alts acc = {0};
		acc_init(c, &acc, call->loc);
		acc.v[0].as = tmpls.v[i].as;
		sub_template(c, call, tmpls.v[i].v->text, vars, &acc);
		for (uint32_t j = 0; j < acc.n; j++)
			alts_add(c, out, acc.v[j].v, acc.v[j].as, acc.v[j].tr);
	}
	alts_step(c, out, 0, call->loc, step_text(c, call, "Fn::Sub", NULL));
	alts_cap(c, out, call->loc);
}

/* ---- lists: Join, Select, Split, Length ---------------------------------- */

static int two_args(const struct node *arg, struct node **a, struct node **b)
{
	if (!arg || arg->kind != NODE_SEQ || arg->u.seq.n < 2)
		return -1;
	*a = arg->u.seq.items[0];
	*b = arg->u.seq.items[1];
	return 0;
}

static void join_list(struct cfn_ctx *c, struct node *call, const char *delim,
		      const struct alt *list, struct alts *out)
{
	struct alts acc = {0};
	acc_init(c, &acc, call->loc);
	acc.v[0].as = list->as;
	acc.v[0].tr = list->tr;
	int first = 1;
	for (uint32_t i = 0; i < list->v->u.seq.n; i++) {
		struct alts part = {0};
		resolve_strings(c, list->v->u.seq.items[i], &part);
		uint32_t k = 0; /* AWS::NoValue removes the item */
		for (uint32_t j = 0; j < part.n; j++)
			if (part.v[j].v->kind != NODE_NOVALUE)
				part.v[k++] = part.v[j];
		part.n = k;
		if (!part.n)
			continue;
		concat_product(c, &acc, &part, first ? NULL : delim, call->loc);
		first = 0;
	}
	for (uint32_t j = 0; j < acc.n; j++)
		alts_add(c, out, acc.v[j].v, acc.v[j].as, acc.v[j].tr);
}

static void fn_join(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct node *dn, *ln;
	if (two_args(arg, &dn, &ln)) {
		add_unknown(c, out, call->loc, "malformed Fn::Join", NULL);
		return;
	}
	const char *delim = node_str(dn) ? node_str(dn) : "";
	struct alts lists = {0};
	cfn_resolve(c, ln, &lists);
	for (uint32_t i = 0; i < lists.n; i++) {
		if (lists.v[i].v->kind != NODE_SEQ) {
			add_unknown(c, out, call->loc,
				    lists.v[i].v->kind == NODE_UNKNOWN ? lists.v[i].v->text
								      : "Fn::Join of something not a list",
				    lists.v[i].as);
			continue;
		}
		join_list(c, call, delim, &lists.v[i], out);
	}
	alts_step(c, out, 0, call->loc, step_text(c, call, "Fn::Join", NULL));
	alts_cap(c, out, call->loc);
}

static void fn_select(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct node *in, *ln;
	if (two_args(arg, &in, &ln)) {
		add_unknown(c, out, call->loc, "malformed Fn::Select", NULL);
		return;
	}
	struct alts idx = {0}, lists = {0};
	resolve_strings(c, in, &idx);
	cfn_resolve(c, ln, &lists);
	for (uint32_t i = 0; i < idx.n; i++) {
		for (uint32_t j = 0; j < lists.n; j++) {
			const struct assume *as;
			if (assume_merge(c->a, idx.v[i].as, lists.v[j].as, &as) != 0)
				continue;
			struct node *l = lists.v[j].v;
			int64_t k;
			if (l->kind != NODE_SEQ || node_int(idx.v[i].v, &k) != 0) {
				add_unknown(c, out, call->loc,
					    l->kind == NODE_UNKNOWN ? l->text : "Fn::Select of an unknown item", as);
				continue;
			}
			if (k < 0 || k >= l->u.seq.n) {
				add_unknown(c, out, call->loc, "Fn::Select index out of range", as);
				continue;
			}
			struct alts item = {0};
			cfn_resolve(c, l->u.seq.items[k], &item);
			for (uint32_t m = 0; m < item.n; m++) {
				const struct assume *as2;
				if (assume_merge(c->a, as, item.v[m].as, &as2) == 0)
					alts_add(c, out, item.v[m].v, as2,
						 item.v[m].tr ? item.v[m].tr : lists.v[j].tr);
			}
		}
	}
	alts_step(c, out, 0, call->loc, step_text(c, call, "Fn::Select", NULL));
	alts_cap(c, out, call->loc);
}

static void fn_split(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct node *dn, *sn;
	const char *delim;
	if (two_args(arg, &dn, &sn) || !(delim = node_str(dn)) || !*delim) {
		add_unknown(c, out, call->loc, "malformed Fn::Split", NULL);
		return;
	}
	struct alts srcs = {0};
	resolve_strings(c, sn, &srcs);
	for (uint32_t i = 0; i < srcs.n; i++) {
		struct node *s = srcs.v[i].v;
		if (s->kind != NODE_STR) {
			alts_add(c, out, s, srcs.v[i].as, srcs.v[i].tr);
			continue;
		}
		VEC(struct node *) items = {0};
		size_t dl = strlen(delim);
		const char *p = s->text;
		for (const char *q; (q = strstr(p, delim)) != NULL; p = q + dl)
			VEC_PUSH(items, node_new_str(c->a, s->loc, p, (size_t)(q - p)));
		VEC_PUSH(items, node_new_str(c->a, s->loc, p, strlen(p)));
		struct node **arr = arena_memdup(c->a, items.v, items.n * sizeof(*items.v));
		alts_add(c, out, node_new_seq(c->a, call->loc, arr, (uint32_t)items.n), srcs.v[i].as,
			 srcs.v[i].tr);
		free(items.v);
	}
	alts_step(c, out, 0, call->loc, step_text(c, call, "Fn::Split", NULL));
}

static void fn_length(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct alts lists = {0};
	cfn_resolve(c, arg, &lists);
	for (uint32_t i = 0; i < lists.n; i++) {
		struct node *l = lists.v[i].v;
		if (l->kind != NODE_SEQ) {
			add_unknown(c, out, call->loc, "Fn::Length of an unknown list", lists.v[i].as);
			continue;
		}
		const char *t = arena_printf(c->a, "%u", l->u.seq.n);
		struct node *n = node_new_str(c->a, call->loc, t, strlen(t));
		n->kind = NODE_NUM;
		alts_add(c, out, n, lists.v[i].as, lists.v[i].tr);
	}
}

/* ---- Fn::FindInMap ---------------------------------------------------------- */

typedef VEC(const char *) path_vec;

/* An unknown parameter is one value wherever it is used: every lookup
 * keyed by it picks the same entry in one world. Other unknowns (an
 * import, an attribute) are told apart by where they are written. */
static const char *unknown_key_choice(struct cfn_ctx *c, const struct node *key)
{
	const char *why = key->text ? key->text : "";
	if (strncmp(why, "parameter ", 10) == 0 || strncmp(why, "pseudo parameter ", 17) == 0)
		return arena_printf(c->a, "Key:%s", why);
	return arena_printf(c->a, "Key:%s@%u:%u", why, key->loc.line, key->loc.col);
}

/* Entries of `level` a key selects: the one named, or every entry when the
 * key is unknown. */
static void map_level(struct cfn_ctx *c, const struct alt *key, const struct node *level,
		      const char *path, struct alts *out, path_vec *paths)
{
	if (!level || level->kind != NODE_MAP)
		return;
	if (key->v->kind == NODE_STR) {
		const struct node_pair *p = node_get_pair(level, key->v->text);
		if (p) {
			alts_add(c, out, p->value, key->as, key->tr);
			VEC_PUSH(*paths, arena_printf(c->a, "%s.%s", path, p->key));
		}
		return;
	}
	const char *cond = unknown_key_choice(c, key->v);
	for (uint32_t i = 0; i < level->u.map.n; i++) {
		const struct node_pair *p = &level->u.map.pairs[i];
		const struct assume *as;
		if (assume_merge(c->a, key->as, choice(c, cond, p->key), &as) != 0)
			continue;
		alts_add(c, out, p->value, as, key->tr);
		VEC_PUSH(*paths, arena_printf(c->a, "%s.%s", path, p->key));
	}
}

static void fn_findinmap(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	if (!arg || arg->kind != NODE_SEQ || arg->u.seq.n < 3) {
		add_unknown(c, out, call->loc, "malformed Fn::FindInMap", NULL);
		return;
	}
	struct alts names = {0}, k1 = {0}, k2 = {0};
	resolve_strings(c, arg->u.seq.items[0], &names);
	resolve_strings(c, arg->u.seq.items[1], &k1);
	resolve_strings(c, arg->u.seq.items[2], &k2);
	struct node *dflt = arg->u.seq.n > 3 ? node_get(arg->u.seq.items[3], "DefaultValue") : NULL;
	uint32_t before = out->n;
	for (uint32_t a = 0; a < names.n; a++) {
		if (names.v[a].v->kind != NODE_STR)
			continue;
		path_vec p1 = {0}, p2 = {0};
		struct alts tops = {0}, leaves = {0};
		const struct node *map = node_index_get(&c->mappings, names.v[a].v->text);
		for (uint32_t i = 0; i < k1.n; i++)
			map_level(c, &k1.v[i], map, arena_printf(c->a, "Mappings.%s", names.v[a].v->text),
				  &tops, &p1);
		for (uint32_t t = 0; t < tops.n; t++)
			for (uint32_t j = 0; j < k2.n; j++) {
				const struct assume *as;
				if (assume_merge(c->a, tops.v[t].as, k2.v[j].as, &as) != 0)
					continue;
				struct alt key = {k2.v[j].v, as, k2.v[j].tr};
				map_level(c, &key, tops.v[t].v, p1.v[t], &leaves, &p2);
			}
		for (uint32_t l = 0; l < leaves.n; l++) {
			struct node *v = leaves.v[l].v;
			alts_add(c, out, v, leaves.v[l].as,
				 trace_push(c->a, leaves.v[l].tr, v->loc,
					    arena_printf(c->a, "%s (line %u)", p2.v[l], v->loc.line)));
		}
		free(p1.v);
		free(p2.v);
	}
	if (out->n == before) {
		if (dflt)
			cfn_resolve(c, dflt, out);
		else
			add_unknown(c, out, call->loc, "Fn::FindInMap: no such entry in Mappings", NULL);
	}
	alts_step(c, out, before, call->loc, step_text(c, call, "Fn::FindInMap", NULL));
	alts_cap(c, out, call->loc);
}

/* ---- Fn::If ----------------------------------------------------------------- */

static void branch(struct cfn_ctx *c, struct node *call, struct node *n, const char *cond,
		   int value, int assumed, struct alts *out)
{
	struct alts tmp = {0};
	cfn_resolve(c, n, &tmp);
	struct assume *as = NULL;
	if (assumed) {
		as = arena_alloc(c->a, sizeof(*as));
		as->cond = cond;
		as->value = (uint8_t)value;
	}
	const struct node_pair *def = node_index_pair(&c->conditions, cond);
	const char *where = def ? arena_printf(c->a, " (Conditions.%s, line %u)", cond, def->key_loc.line) : "";
	const char *label = step_text(c, call, "Fn::If",
				      arena_printf(c->a, "%s is %s%s%s", cond, value ? "true" : "false",
						   assumed ? ", undecided: both branches count" : "", where));
	for (uint32_t i = 0; i < tmp.n; i++) {
		const struct assume *m;
		if (assume_merge(c->a, tmp.v[i].as, as, &m) != 0)
			continue;
		alts_add(c, out, tmp.v[i].v, m, trace_push(c->a, tmp.v[i].tr, call->loc, label));
	}
}

static void fn_if(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	const char *cond;
	if (!arg || arg->kind != NODE_SEQ || arg->u.seq.n != 3 ||
	    !(cond = node_str(arg->u.seq.items[0]))) {
		add_unknown(c, out, call->loc, "malformed Fn::If", NULL);
		return;
	}
	int v = cfn_condition(c, cond, arg->u.seq.items[0]->loc);
	if (v != TRI_FALSE)
		branch(c, call, arg->u.seq.items[1], cond, 1, v == TRI_UNKNOWN, out);
	if (v != TRI_TRUE)
		branch(c, call, arg->u.seq.items[2], cond, 0, v == TRI_UNKNOWN, out);
	alts_cap(c, out, call->loc);
}

/* ---- Base64, Cidr, and the unknowables ------------------------------------ */

static const char *base64(struct cfn_ctx *c, const char *s)
{
	static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s);
	char *out = arena_alloc_raw(c->a, (n + 2) / 3 * 4 + 1), *o = out;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)(unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		*o++ = tbl[(v >> 18) & 63];
		*o++ = tbl[(v >> 12) & 63];
		*o++ = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
		*o++ = i + 2 < n ? tbl[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

static void fn_base64(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	resolve_strings(c, arg, out);
	for (uint32_t i = 0; i < out->n; i++)
		if (out->v[i].v->kind == NODE_STR) {
			const char *t = base64(c, out->v[i].v->text);
			out->v[i].v = node_new_str(c->a, call->loc, t, strlen(t));
		}
}

static void fn_cidr(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct alts blocks = {0}, counts = {0}, bits = {0};
	if (!arg || arg->kind != NODE_SEQ || arg->u.seq.n != 3) {
		add_unknown(c, out, call->loc, "malformed Fn::Cidr", NULL);
		return;
	}
	resolve_strings(c, arg->u.seq.items[0], &blocks);
	resolve_strings(c, arg->u.seq.items[1], &counts);
	resolve_strings(c, arg->u.seq.items[2], &bits);
	if (blocks.n != 1 || counts.n != 1 || bits.n != 1) {
		add_unknown(c, out, call->loc, "Fn::Cidr of alternative values", NULL);
		return;
	}
	struct cidr base;
	int64_t count, nbits;
	if (blocks.v[0].v->kind != NODE_STR || cidr_parse(blocks.v[0].v->text, &base) != 0 ||
	    node_int(counts.v[0].v, &count) != 0 || node_int(bits.v[0].v, &nbits) != 0 ||
	    count < 1 || count > 256 || nbits < 1 || nbits > 128) {
		add_unknown(c, out, call->loc, "Fn::Cidr arguments are unknown or invalid", NULL);
		return;
	}
	struct node **items = arena_alloc(c->a, sizeof(*items) * (size_t)count);
	uint32_t n = 0;
	for (int64_t i = 0; i < count; i++) {
		struct cidr sub;
		char buf[64];
		if (cidr_subnet(&base, (unsigned)i, (unsigned)nbits, &sub) != 0)
			break;
		cidr_format(&sub, buf, sizeof(buf));
		items[n++] = node_new_str(c->a, call->loc, buf, strlen(buf));
	}
	alts_add(c, out, node_new_seq(c->a, call->loc, items, n), NULL,
		 trace_push(c->a, blocks.v[0].tr, call->loc, step_text(c, call, "Fn::Cidr", NULL)));
}

static void fn_import(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct alts names = {0};
	resolve_strings(c, arg, &names);
	const char *name = names.n == 1 && names.v[0].v->kind == NODE_STR ? names.v[0].v->text : "?";
	add_unknown(c, out, call->loc,
		    arena_printf(c->a, "Fn::ImportValue %s: exported by another stack", name), NULL);
	alts_step(c, out, 0, call->loc, step_text(c, call, "Fn::ImportValue", name));
}

static void fn_unknowable(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	(void)arg;
	const char *fn = call->u.map.pairs[0].key;
	add_unknown(c, out, call->loc, arena_printf(c->a, "%s is known only at deployment", fn), NULL);
	alts_step(c, out, 0, call->loc, step_text(c, call, fn, NULL));
}

/* ---- Fn::ToJsonString ------------------------------------------------------- */

static int is_intrinsic_call(const struct node *n)
{
	if (n->kind != NODE_MAP || n->u.map.n != 1)
		return 0;
	const char *k = n->u.map.pairs[0].key;
	return strcmp(k, "Ref") == 0 || strncmp(k, "Fn::", 4) == 0;
}


/* n as compact JSON, its intrinsics resolved; -1 when some part has no
 * single known value (the result is then unknown). */
static int to_json(struct cfn_ctx *c, struct node *n, struct strbuf *sb, int depth)
{
	if (depth > MAX_NESTING)
		return -1;
	if (is_intrinsic_call(n)) {
		struct alts v = {0};
		cfn_resolve(c, n, &v);
		return v.n == 1 && v.v[0].v != n ? to_json(c, v.v[0].v, sb, depth + 1) : -1;
	}
	switch (n->kind) {
	case NODE_STR:
		sb_addc(sb, '"');
		json_escape(sb, n->text);
		sb_addc(sb, '"');
		return 0;
	case NODE_NUM:
	case NODE_BOOL:
		sb_adds(sb, n->text);
		return 0;
	case NODE_NULL:
		sb_adds(sb, "null");
		return 0;
	case NODE_SEQ:
		sb_addc(sb, '[');
		for (uint32_t i = 0; i < n->u.seq.n; i++) {
			if (i)
				sb_addc(sb, ',');
			if (to_json(c, n->u.seq.items[i], sb, depth + 1) != 0)
				return -1;
		}
		sb_addc(sb, ']');
		return 0;
	case NODE_MAP:
		sb_addc(sb, '{');
		for (uint32_t i = 0; i < n->u.map.n; i++) {
			sb_adds(sb, i ? ",\"" : "\"");
			json_escape(sb, n->u.map.pairs[i].key);
			sb_adds(sb, "\":");
			if (to_json(c, n->u.map.pairs[i].value, sb, depth + 1) != 0)
				return -1;
		}
		sb_addc(sb, '}');
		return 0;
	default:
		return -1;
	}
}

static void fn_tojsonstring(struct cfn_ctx *c, struct node *call, struct node *arg, struct alts *out)
{
	struct strbuf sb = STRBUF_INIT;
	if (arg && (arg->kind == NODE_MAP || arg->kind == NODE_SEQ || is_intrinsic_call(arg)) &&
	    to_json(c, arg, &sb, 0) == 0) {
		struct node *s = node_new_str(c->a, call->loc, sb_str(&sb), sb.len);
		s->flags = NODE_F_QUOTED;
		alts_add(c, out, s, NULL, NULL);
	} else {
		add_unknown(c, out, call->loc, "Fn::ToJsonString of a value known only at deployment", NULL);
	}
	sb_release(&sb);
	alts_step(c, out, 0, call->loc, step_text(c, call, "Fn::ToJsonString", NULL));
}

/* ---- dispatch -------------------------------------------------------------- */

typedef void (*intrinsic_fn)(struct cfn_ctx *, struct node *, struct node *, struct alts *);

static const struct {
	const char *name;
	intrinsic_fn fn;
} intrinsics[] = {
	{"Ref", fn_ref},
	{"Fn::GetAtt", fn_getatt},
	{"Fn::Sub", fn_sub},
	{"Fn::Join", fn_join},
	{"Fn::Select", fn_select},
	{"Fn::Split", fn_split},
	{"Fn::FindInMap", fn_findinmap},
	{"Fn::If", fn_if},
	{"Fn::Base64", fn_base64},
	{"Fn::Cidr", fn_cidr},
	{"Fn::ImportValue", fn_import},
	{"Fn::Length", fn_length},
	{"Fn::GetAZs", fn_unknowable},
	{"Fn::Transform", fn_unknowable},
	{"Fn::ToJsonString", fn_tojsonstring},
};

/* ---- YAML numbers ------------------------------------------------------------ */

static struct node *decimal(struct cfn_ctx *c, const struct node *n, int64_t v)
{
	struct node *d = node_new(c->a, NODE_NUM, n->loc);
	d->text = arena_printf(c->a, "%lld", (long long)v);
	d->len = (uint32_t)strlen(d->text);
	return d;
}

static const char *reading_text(struct cfn_ctx *c, const struct yaml_int_reading *r)
{
	return r->is_int ? arena_printf(c->a, "%lld", (long long)r->v) : r->is_num ? "a number" : "a string";
}

/* A plain scalar of a YAML template that YAML 1.1 and 1.2 read as
 * different numbers (026: 22 or 26; 0o26, 2_2, 1e1: a number in one, a
 * string in the other) decides a port like any other value: CloudFormation
 * documents YAML 1.1, but which parser reads the template is not
 * documented, so both readings are alternatives (the whole template is read
 * by one version: a world of its own for each), with a note. A number both
 * versions read alike but not written in decimal (0x16) is that decimal
 * number. 1 when n was such a scalar. */
static int yaml_number(struct cfn_ctx *c, struct node *n, struct alts *out)
{
	if ((n->kind != NODE_NUM && n->kind != NODE_STR) || (n->flags & NODE_F_QUOTED) || !n->text)
		return 0;
	char first = n->text[0];
	if (!((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.'))
		return 0;
	struct yaml_int_reading r11, r12;
	yaml_plain_int(n->text, &r11, &r12);
	if (!r11.is_int && !r12.is_int)
		return 0;
	if (r11.is_int && r12.is_int && r11.v == r12.v) {
		int64_t v;
		if (parse_integral(n->text, &v) == 0)
			return 0; /* written in decimal already */
		alts_add(c, out, decimal(c, n, r11.v), NULL,
			 trace_push(c->a, NULL, n->loc, arena_printf(c->a, "YAML reads %s as %lld", n->text,
								      (long long)r11.v)));
		return 1;
	}
	struct node *as11 = r11.is_int ? decimal(c, n, r11.v) : node_new_str(c->a, n->loc, n->text, n->len);
	struct node *as12 = r12.is_int ? decimal(c, n, r12.v) : node_new_str(c->a, n->loc, n->text, n->len);
	alts_add(c, out, as11, choice(c, "YAML", "1.1"),
		 trace_push(c->a, NULL, n->loc, arena_printf(c->a, "read as YAML 1.1: %s is %s", n->text,
							      reading_text(c, &r11))));
	alts_add(c, out, as12, choice(c, "YAML", "1.2"),
		 trace_push(c->a, NULL, n->loc, arena_printf(c->a, "read as YAML 1.2: %s is %s", n->text,
							      reading_text(c, &r12))));
	for (uint32_t i = 0; i < c->ntwo_readings_noted; i++)
		if (c->two_readings_noted[i] == n)
			return 1;
	if (c->ntwo_readings_noted < sizeof(c->two_readings_noted) / sizeof(c->two_readings_noted[0])) {
		c->two_readings_noted[c->ntwo_readings_noted++] = n;
		diags_add(&c->m->notes, n->loc,
			  "'%s' is %s in YAML 1.1 (the version CloudFormation documents) and %s in YAML 1.2: "
			  "both readings are checked; quote it or write the number in decimal",
			  n->text, reading_text(c, &r11), reading_text(c, &r12));
	}
	return 1;
}

static void resolve_node(struct cfn_ctx *c, struct node *n, struct alts *out)
{
	out->n = 0;
	if (!n) {
		alts_add(c, out, c->novalue, NULL, NULL);
		return;
	}
	if (!is_intrinsic_call(n)) {
		if (!c->yaml || !yaml_number(c, n, out))
			alts_add(c, out, n, NULL, NULL);
		return;
	}
	if (c->depth >= MAX_NESTING) {
		if (!c->nesting_reported++)
			model_error(c->m, n->loc, "intrinsic functions nest more than %d deep", MAX_NESTING);
		add_unknown(c, out, n->loc, "intrinsic functions nest too deeply", NULL);
		return;
	}
	const char *k = n->u.map.pairs[0].key;
	struct node *arg = n->u.map.pairs[0].value;
	c->depth++;
	size_t i;
	for (i = 0; i < sizeof(intrinsics) / sizeof(intrinsics[0]); i++) {
		if (strcmp(intrinsics[i].name, k) == 0) {
			intrinsics[i].fn(c, n, arg, out);
			break;
		}
	}
	if (i == sizeof(intrinsics) / sizeof(intrinsics[0]))
		add_unknown(c, out, n->loc, arena_printf(c->a, "%s is not evaluated", k), NULL);
	c->depth--;
}

/* A dynamic reference ({{resolve:ssm:...}}, {{resolve:secretsmanager:...}}),
 * written as a value or produced by Fn::Sub, is replaced by what the
 * service holds when the stack deploys: unknown, never a malformed value. */
static void dynamic_refs(struct cfn_ctx *c, struct alts *out)
{
	for (uint32_t i = 0; i < out->n; i++) {
		struct node *v = out->v[i].v;
		if (v->kind != NODE_STR || !strstr(v->text, "{{resolve:"))
			continue;
		const char *ref = strstr(v->text, "{{resolve:");
		const char *end = strstr(ref, "}}");
		int len = end ? (int)(end - ref) + 2 : (int)strlen(ref);
		out->v[i].v = unknown(c, v->loc, arena_printf(c->a, "dynamic reference %.*s is read at deployment",
							       len > 120 ? 120 : len, ref));
	}
}

void cfn_resolve(struct cfn_ctx *c, struct node *n, struct alts *out)
{
	resolve_node(c, n, out);
	dynamic_refs(c, out);
}

/* ---- conditions --------------------------------------------------------------- */

static int cond_expr(struct cfn_ctx *c, const struct node *n);

static int cond_equals(struct cfn_ctx *c, const struct node *arg)
{
	struct node *a, *b;
	if (two_args(arg, &a, &b))
		return TRI_UNKNOWN;
	struct alts x = {0}, y = {0};
	resolve_strings(c, a, &x);
	resolve_strings(c, b, &y);
	int seen_true = 0, seen_false = 0;
	for (uint32_t i = 0; i < x.n; i++)
		for (uint32_t j = 0; j < y.n; j++) {
			if (x.v[i].v->kind != NODE_STR && !is_scalar_value(x.v[i].v))
				return TRI_UNKNOWN;
			if (y.v[j].v->kind != NODE_STR && !is_scalar_value(y.v[j].v))
				return TRI_UNKNOWN;
			if (strcmp(x.v[i].v->text, y.v[j].v->text) == 0)
				seen_true = 1;
			else
				seen_false = 1;
		}
	if (seen_true && seen_false)
		return TRI_UNKNOWN;
	return seen_true ? TRI_TRUE : TRI_FALSE;
}

static int cond_list(struct cfn_ctx *c, const struct node *arg, int is_and)
{
	if (!arg || arg->kind != NODE_SEQ)
		return TRI_UNKNOWN;
	int result = is_and ? TRI_TRUE : TRI_FALSE;
	for (uint32_t i = 0; i < arg->u.seq.n; i++) {
		int v = cond_expr(c, arg->u.seq.items[i]);
		if (v == (is_and ? TRI_FALSE : TRI_TRUE))
			return v;
		if (v == TRI_UNKNOWN)
			result = TRI_UNKNOWN;
	}
	return result;
}

static int cond_expr(struct cfn_ctx *c, const struct node *n)
{
	if (!n || n->kind != NODE_MAP || n->u.map.n != 1) {
		int b;
		if (n && node_bool(n, &b) == 0)
			return b ? TRI_TRUE : TRI_FALSE;
		return TRI_UNKNOWN;
	}
	const char *k = n->u.map.pairs[0].key;
	const struct node *arg = n->u.map.pairs[0].value;
	if (strcmp(k, "Fn::Equals") == 0)
		return cond_equals(c, arg);
	if (strcmp(k, "Fn::And") == 0)
		return cond_list(c, arg, 1);
	if (strcmp(k, "Fn::Or") == 0)
		return cond_list(c, arg, 0);
	if (strcmp(k, "Fn::Not") == 0) {
		const struct node *x = arg && arg->kind == NODE_SEQ && arg->u.seq.n == 1
					       ? arg->u.seq.items[0] : arg;
		int v = cond_expr(c, x);
		return v == TRI_UNKNOWN ? v : !v;
	}
	if (strcmp(k, "Condition") == 0 && node_str(arg))
		return cfn_condition(c, node_str(arg), arg->loc);
	return TRI_UNKNOWN;
}

int cfn_condition(struct cfn_ctx *c, const char *name, struct loc at)
{
	const struct node *conds = c->conditions.map;
	if (!conds || conds->kind != NODE_MAP) {
		model_error(c->m, at, "condition %s is not defined (no Conditions section)", name);
		return TRI_UNKNOWN;
	}
	const struct node_pair *def = node_index_pair(&c->conditions, name);
	if (!def) {
		model_error(c->m, at, "condition %s is not defined in Conditions", name);
		return TRI_UNKNOWN;
	}
	size_t i = (size_t)(def - conds->u.map.pairs);
	uint8_t *st = &c->cond_state[2 * i];
	if (st[0] == COND_DONE)
		return st[1];
	if (st[0] == COND_IN_PROGRESS) {
		model_error(c->m, conds->u.map.pairs[i].key_loc,
			    "condition %s refers to itself through a cycle of conditions", name);
		st[0] = COND_DONE;
		st[1] = TRI_UNKNOWN;
		return TRI_UNKNOWN;
	}
	st[0] = COND_IN_PROGRESS;
	int v = cond_expr(c, conds->u.map.pairs[i].value);
	if (st[0] == COND_IN_PROGRESS) {
		st[0] = COND_DONE;
		st[1] = (uint8_t)v;
	}
	return st[1];
}
