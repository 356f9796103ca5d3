/* plan.c - the Terraform plan and state frontends; see plan.h */
#include "formats/terraform/plan.h"

#include <stdlib.h>
#include <string.h>

#include "formats/terraform/provider.h"
#include "formats/terraform/source.h"
#include "formats/terraform/values.h"
#include "model/aws.h"
#include "model/props.h"

/* A value and its after_unknown marker (same shape, true where unknown). */
struct tv {
	const struct node *v;
	const struct node *unk;
	struct loc at; /* where to point when the value itself is missing */
};

/* The resources of one block: every instance shares the address without
 * its last index (aws_security_group.web for aws_security_group.web[0]). */
struct tf_member {
	const struct resource *r;
	struct tf_member *next;
};

struct tf_block {
	const struct resource *first;
	struct tf_member *members;
	uint32_t count;
};

struct tf_res;

struct tf_norm {
	struct model *m;
	struct arena *a;
	const struct node *config_root; /* configuration.root_module */
	struct hmap by_known_id;  /* values.id -> resource, where known */
	struct hmap blocks;       /* address without index -> struct tf_block */
	struct hmap config_index; /* "module.a.aws_x.y" -> configuration resource */
	int plan;
	int before_pass;          /* normalizing change.before: no graph edges */
	const struct tf_sources *src; /* configuration frontend: values' origins */
};

/* One resource as we read it. */
struct tf_res {
	struct resource *res;
	struct node *values;    /* change.after / values, as the document has them */
	const char *type;
	const char *module;     /* "module.net" or NULL */
	struct tv after;
	const struct node *before; /* plans: change.before (or NULL) */
	int action_create;      /* nothing existed before */
};

typedef VEC(struct tf_res) tf_res_vec;

/* ---- values --------------------------------------------------------------- */

static struct tv tv_get(const struct tv *t, const char *key)
{
	struct tv r;
	const struct node_pair *p = node_get_pair(t->v, key);
	r.v = p ? p->value : NULL;
	r.unk = t->unk && t->unk->kind == NODE_MAP ? node_get(t->unk, key) : NULL;
	r.at = p ? p->key_loc : t->at;
	return r;
}

static struct tv tv_index(const struct tv *t, uint32_t i)
{
	struct tv r = {NULL, NULL, t->at};
	if (t->v && t->v->kind == NODE_SEQ && i < t->v->u.seq.n) {
		r.v = t->v->u.seq.items[i];
		r.at = r.v->loc;
	}
	if (t->unk && t->unk->kind == NODE_SEQ && i < t->unk->u.seq.n)
		r.unk = t->unk->u.seq.items[i];
	return r;
}

/* Unknown by the plan's after_unknown, or an unknown value itself (a
 * configuration's). */
static int tv_unknown(const struct tv *t)
{
	return node_is_true(t->unk) || (t->v && t->v->kind == NODE_UNKNOWN);
}

/* Why a value is unknown: its own reason when it carries one. */
static const char *unknown_why(struct tf_norm *n, const struct tv *t, const char *key)
{
	if (t->v && t->v->kind == NODE_UNKNOWN && t->v->text && *t->v->text)
		return t->v->text;
	return arena_printf(n->a, "%s is known only after apply", key);
}

/* A configuration's trace of a value behind its attribute key. */
static const struct trace_step *value_trace(struct tf_norm *n, const struct node *v, const char *key, struct loc at)
{
	const struct trace_step *t = n->src && n->src->trace_of ? n->src->trace_of(n->src->ctx, v) : NULL;
	return t ? trace_push(n->a, t, at, key) : NULL;
}

static int tv_absent(const struct tv *t)
{
	return !tv_unknown(t) && (!t->v || t->v->kind == NODE_NULL);
}

static uint32_t tv_len(const struct tv *t)
{
	uint32_t n = t->v && t->v->kind == NODE_SEQ ? t->v->u.seq.n : 0;
	uint32_t u = t->unk && t->unk->kind == NODE_SEQ ? t->unk->u.seq.n : 0;
	return n > u ? n : u;
}

static struct port_value tv_port(const struct tv *t)
{
	struct port_value pv = {VAL_KNOWN, node_str(t->v)};
	if (tv_unknown(t))
		pv.state = VAL_UNKNOWN;
	else if (tv_absent(t))
		pv.state = VAL_ABSENT;
	else if (!pv.text)
		pv.text = node_kind_name(t->v->kind);
	return pv;
}

/* ---- addresses and configuration references ------------------------------ */

/* "module.a[\"x\"].aws_sg.web[0]" -> segments without indexes. */
static size_t split_address(struct arena *a, const char *addr, const char **seg, size_t max)
{
	size_t n = 0;
	struct strbuf cur = STRBUF_INIT;
	int depth = 0, quoted = 0;
	for (const char *p = addr;; p++) {
		char c = *p;
		if (quoted) {
			if (!c) /* a quote the address never closes */
				break;
			if (c == '\\' && p[1])
				p++;
			else if (c == '"')
				quoted = 0;
			continue;
		}
		if (c == '"' && depth) {
			quoted = 1;
		} else if (c == '[') {
			depth++;
		} else if (c == ']') {
			depth--;
		} else if (depth == 0 && (c == '.' || c == '\0')) {
			if (n < max)
				seg[n++] = arena_strndup(a, sb_str(&cur), cur.len);
			sb_reset(&cur);
			if (!c)
				break;
		} else if (depth == 0) {
			sb_addc(&cur, c);
		}
		if (!c)
			break;
	}
	sb_release(&cur);
	return n;
}

static const char *strip_last_index(struct arena *a, const char *addr)
{
	size_t n = strlen(addr);
	if (n && addr[n - 1] == ']') {
		const char *open = strrchr(addr, '[');
		if (open)
			return arena_strndup(a, addr, (size_t)(open - addr));
	}
	return addr;
}

static const struct node *config_module(const struct tf_norm *n, const char **mods, size_t nmods)
{
	const struct node *mod = n->config_root;
	for (size_t i = 0; i < nmods && mod; i++)
		mod = node_get(node_get(node_get(mod, "module_calls"), mods[i]), "module");
	return mod;
}

static const char *module_prefix(struct arena *a, const char **mods, size_t nmods);

/* Index the configuration's resource blocks by their full address without
 * indexes ("module.net.aws_security_group.web"), every module deep. */
static void index_config_module(struct tf_norm *n, const struct node *mod, const char *prefix, int depth)
{
	const struct node *res = node_get(mod, "resources");
	for (uint32_t k = 0; res && res->kind == NODE_SEQ && k < res->u.seq.n; k++) {
		const char *local = node_str(node_get(res->u.seq.items[k], "address"));
		if (local)
			hmap_get_or_put(&n->config_index, arena_cat(n->a, prefix, local, NULL),
					res->u.seq.items[k]);
	}
	const struct node *calls = node_get(mod, "module_calls");
	for (uint32_t k = 0; depth < 32 && calls && calls->kind == NODE_MAP && k < calls->u.map.n; k++)
		index_config_module(n, node_get(calls->u.map.pairs[k].value, "module"),
				    arena_cat(n->a, prefix, "module.", calls->u.map.pairs[k].key, ".", NULL), depth + 1);
}

/* The configuration block of a resource (by its address). */
static const struct node *config_resource(const struct tf_norm *n, const char *address)
{
	const char *seg[64], *mods[32];
	size_t ns = split_address(n->a, address, seg, 64), nm = 0;
	size_t i = 0;
	while (i + 1 < ns && strcmp(seg[i], "module") == 0 && nm < 32) {
		mods[nm++] = seg[i + 1];
		i += 2;
	}
	if (ns < i + 2)
		return NULL;
	return hmap_get(&n->config_index,
			arena_printf(n->a, "%s%s.%s", module_prefix(n->a, mods, nm), seg[i], seg[i + 1]));
}

static const char *module_prefix(struct arena *a, const char **mods, size_t nmods)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nmods; i++)
		sb_addf(&sb, "module.%s.", mods[i]);
	const char *s = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return s;
}

/* Follow one reference ("aws_security_group.web.id", "module.net.sg_id")
 * from module `mods` to a resource address without index. */
static const char *follow_ref(struct tf_norm *n, const char *ref, const char **mods, size_t nmods, int depth)
{
	const char *seg[16];
	size_t ns = split_address(n->a, ref, seg, 16);
	if (depth > 16 || ns < 2)
		return NULL;
	if (strcmp(seg[0], "module") == 0 && ns >= 3 && nmods < 31) {
		const char *inner[32];
		memcpy(inner, mods, nmods * sizeof(*mods));
		inner[nmods] = seg[1];
		const struct node *out = node_get(node_get(node_get(config_module(n, inner, nmods + 1), "outputs"),
							   seg[2]), "expression");
		const struct node *refs = node_get(out, "references");
		for (uint32_t i = 0; refs && refs->kind == NODE_SEQ && i < refs->u.seq.n; i++) {
			const char *r = follow_ref(n, node_str(refs->u.seq.items[i]) ? node_str(refs->u.seq.items[i]) : "",
						   inner, nmods + 1, depth + 1);
			if (r)
				return r;
		}
		return NULL;
	}
	if (strncmp(seg[0], "aws_", 4) != 0)
		return NULL; /* var., local., data., each. ... */
	return arena_printf(n->a, "%s%s.%s", module_prefix(n->a, mods, nmods), seg[0], seg[1]);
}

/* Resource address (without index) an attribute of a resource's
 * configuration refers to, e.g. security_group_id -> aws_security_group.web */
static const char *followed(struct tf_norm *n, const char *address, const struct node *refs);

static const char *config_target(struct tf_norm *n, const char *address, const char *attr)
{
	const struct node *cfg = config_resource(n, address);
	return followed(n, address, node_get(node_get(node_get(cfg, "expressions"), attr), "references"));
}

/* The same for a property path into nested blocks
 * (launch_template[0].id: expressions.launch_template[0].id.references);
 * a wildcard takes the first block. */
static const char *config_target_at(struct tf_norm *n, const char *address, const struct prop_path *path)
{
	const struct node *x = node_get(config_resource(n, address), "expressions");
	for (uint32_t i = 0; x && i < path->n && !node_get(x, "references"); i++) {
		const struct prop_seg *sg = &path->seg[i];
		if (sg->kind == SEG_KEY)
			x = node_get(x, sg->key);
		else if (x->kind == NODE_SEQ)
			x = (uint32_t)(sg->kind == SEG_INDEX ? sg->index : 0) < x->u.seq.n
				    ? x->u.seq.items[sg->kind == SEG_INDEX ? sg->index : 0]
				    : NULL;
	}
	return followed(n, address, node_get(x, "references"));
}

/* The first of a configuration's references that leads to a resource. */
static const char *followed(struct tf_norm *n, const char *address, const struct node *refs)
{
	const char *seg[64], *mods[32];
	size_t ns = split_address(n->a, address, seg, 64), nm = 0;
	for (size_t i = 0; i + 1 < ns && strcmp(seg[i], "module") == 0 && nm < 32; i += 2)
		mods[nm++] = seg[i + 1];
	for (uint32_t i = 0; refs && refs->kind == NODE_SEQ && i < refs->u.seq.n; i++) {
		const char *r = follow_ref(n, node_str(refs->u.seq.items[i]) ? node_str(refs->u.seq.items[i]) : "",
					   mods, nm, 0);
		if (r)
			return r;
	}
	return NULL;
}

/* Whether the configuration sets a block or attribute at all. Without a
 * configuration section we cannot tell: say yes (unknown stays unknown). */
static int config_sets(struct tf_norm *n, const char *address, const char *attr)
{
	if (!n->config_root)
		return 1;
	const struct node *cfg = config_resource(n, address);
	if (!cfg)
		return 1;
	return node_get(node_get(cfg, "expressions"), attr) != NULL;
}

/* ---- groups ---------------------------------------------------------------- */

static int is_group_type(const char *type);

/* What a standalone rule names as its group (or ACL): a graph node (a
 * group of the plan, or an external one for a literal id or a block of
 * several instances), how to call it, and whether it is a default group. */
struct group_ref {
	const struct resource *node;
	const char *name;
	int is_default;
};

/* "[0]" or "[\"blue\"]" at the end of an address, or NULL. */
static const char *last_index(const char *addr)
{
	size_t n = strlen(addr);
	return n && addr[n - 1] == ']' ? strrchr(addr, '[') : NULL;
}

/* The configuration names a block (module.net.aws_security_group.web);
 * a rule inside one instance of a module call refers to the block of the
 * same instance (module.net["a"].aws_security_group.web). */
static const char *same_module_instance(struct tf_norm *n, const struct tf_res *r, const char *target)
{
	if (!r->module || strncmp(target, "module.", 7) != 0)
		return target;
	const char *p = strrchr(target, '.'); /* ".web" */
	while (p > target && p[-1] != '.')
		p--; /* "aws_security_group.web" */
	return p > target ? arena_printf(n->a, "%s.%s", r->module, p) : target;
}

/* The group a rule's configuration reference leads to. A block of several
 * instances (count, for_each): the instance with the rule's own key (both
 * written with count.index or each.key), else none: the rule stands alone,
 * and never adds up with the rules of other instances into a union. */
static struct group_ref group_of_block(struct tf_norm *n, const struct tf_res *r, const char *target,
				       const char *ext_type)
{
	struct group_ref g = {NULL, target, 0};
	const char *inst = same_module_instance(n, r, target);
	const struct tf_block *b = hmap_get(&n->blocks, inst);
	if (b)
		target = inst;
	else
		b = hmap_get(&n->blocks, target);
	if (b && !is_group_type(b->first->type))
		b = NULL;
	g.name = target;
	if (b && b->count == 1) {
		g.node = b->first;
		g.name = b->first->id;
	} else if (b) {
		const char *key = last_index(r->res->id);
		const struct resource *own = key ? model_find(n->m, arena_printf(n->a, "%s%s", target, key)) : NULL;
		if (own && strcmp(own->type, b->first->type) == 0) {
			g.node = own;
			g.name = own->id;
		}
	} else {
		g.node = model_external(n->m, target, ext_type, SCHEMA_TERRAFORM);
	}
	g.is_default = b && strcmp(b->first->type, "aws_default_security_group") == 0;
	return g;
}

/* By its id when known, else through the configuration's reference. */
static struct group_ref rule_group(struct tf_norm *n, const struct tf_res *r, const char *attr,
				   const char *ext_type)
{
	struct group_ref g = {NULL, NULL, 0};
	struct tv id = tv_get(&r->after, attr);
	const char *known = tv_unknown(&id) ? NULL : node_str(id.v);
	const struct resource *by_id = known ? hmap_get(&n->by_known_id, known) : NULL;
	if (!by_id && id.v && id.v->kind == NODE_UNKNOWN && id.v->u.unk.ref) /* a configuration's reference */
		by_id = model_find(n->m, id.v->u.unk.ref);
	if (by_id && is_group_type(by_id->type)) {
		g.node = by_id;
		g.name = by_id->id;
		g.is_default = strcmp(by_id->type, "aws_default_security_group") == 0;
		return g;
	}
	const char *target = config_target(n, r->res->id, attr);
	if (target)
		return group_of_block(n, r, target, ext_type);
	g.name = known;
	g.node = known ? model_external(n->m, known, ext_type, SCHEMA_TERRAFORM) : NULL;
	return g;
}

/* ---- permissions -------------------------------------------------------------- */

struct tf_rule {
	const struct tf_res *r;
	struct tv block;       /* the rule's attributes */
	int scope, direction;
	const struct resource *group;
	const char *group_name;
	struct loc group_loc;
	int default_group;
	const char *proto_key, *from_key, *to_key, *desc_key;
	int inline_rule;
};

static struct permission *new_perm(struct tf_norm *n, const struct tf_rule *tr)
{
	struct permission *p = model_add_perm(n->m);
	p->scope = (uint8_t)tr->scope;
	p->direction = (uint8_t)tr->direction;
	p->res = tr->r->res;
	p->group = tr->group;
	p->group_name = tr->group_name;
	p->loc_group = tr->group_loc;
	p->default_group = (uint8_t)tr->default_group;
	p->loc_rule = tr->block.v ? tr->block.v->loc : tr->block.at;
	return p;
}

static void rule_fields(struct tf_norm *n, const struct tf_rule *tr, struct permission *p)
{
	struct tv proto = tv_get(&tr->block, tr->proto_key);
	struct tv from = tv_get(&tr->block, tr->from_key), to = tv_get(&tr->block, tr->to_key);
	p->loc_proto = proto.at;
	p->trace_proto = value_trace(n, proto.v, tr->proto_key, proto.at);
	if (tv_unknown(&proto)) {
		p->proto = PROTO_UNKNOWN;
		p->unknown_reason = unknown_why(n, &proto, tr->proto_key);
	} else {
		perm_set_proto(n->m, p, tv_absent(&proto) ? NULL
				       : node_str(proto.v) ? node_str(proto.v) : node_kind_name(proto.v->kind),
			       tr->proto_key);
	}
	p->loc_ports = from.v ? from.at : to.v ? to.at : p->loc_rule;
	p->trace_ports = value_trace(n, from.v ? from.v : to.v, from.v ? tr->from_key : tr->to_key, p->loc_ports);
	perm_set_ports(n->m, p, tv_port(&from), tv_port(&to), tr->from_key, tr->to_key);
	if (p->ports_state == VAL_UNKNOWN && !p->unknown_reason)
		p->unknown_reason = tv_unknown(&from) ? unknown_why(n, &from, tr->from_key)
			: tv_unknown(&to) ? unknown_why(n, &to, tr->to_key) : "ports are known only after apply";
	if (tr->desc_key) {
		struct tv d = tv_get(&tr->block, tr->desc_key);
		perm_set_desc(p, tv_unknown(&d) ? VAL_UNKNOWN : tv_absent(&d) ? VAL_ABSENT : VAL_KNOWN,
			      node_str(d.v));
		p->loc_desc = d.v ? d.at : p->loc_rule;
	} else {
		p->desc_state = VAL_ABSENT;
		p->loc_desc = p->loc_rule;
	}
}

/* One permission per element of a peer attribute (a list, or a single
 * value). kind is PEER_CIDR (family 4/6) or a reference kind. */
/* The prefix list of the unit a value names: by its id when known, by
 * the configuration's reference otherwise (the list is its entries). */
static const struct resource *list_of(struct tf_norm *n, const struct tf_res *r, const struct tv *v, const char *key)
{
	const char *known = tv_unknown(v) ? NULL : node_str(v->v);
	const struct resource *l = known ? hmap_get(&n->by_known_id, known) : NULL;
	if (!l && v->v && v->v->kind == NODE_UNKNOWN && v->v->u.unk.ref)
		l = model_find(n->m, v->v->u.unk.ref);
	if (!l && !known) {
		const char *target = config_target(n, r->res->id, key);
		l = target ? model_find(n->m, target) : NULL;
	}
	return l && strcmp(l->type, "aws_ec2_managed_prefix_list") == 0 ? l : NULL;
}

static void emit_peer_value(struct tf_norm *n, const struct tf_rule *tr, const struct tv *v,
			    const char *key, int kind, int family, struct loc key_at)
{
	struct permission *p = new_perm(n, tr);
	p->peer_key = key;
	/* a plan: point at the deciding value itself, at its key or resource
	 * when the value is not in the plan (known only after apply); a
	 * configuration: at the attribute, the trace says where the value is */
	p->loc_peer = n->src ? key_at : v->v && v->v->kind != NODE_NULL ? v->v->loc : v->at;
	p->trace_peer = value_trace(n, v->v, key, key_at);
	p->peer_kind = (uint8_t)kind;
	if (tv_unknown(v)) {
		if (kind == PEER_CIDR) {
			p->peer_kind = PEER_UNKNOWN;
			p->unknown_reason = unknown_why(n, v, key);
		} else if (v->v && v->v->kind == NODE_UNKNOWN && v->v->u.unk.ref) {
			p->peer = v->v->u.unk.ref; /* the group a configuration refers to */
		} else {
			p->peer = arena_printf(n->a, "(%s known after apply)", key);
		}
	} else if (kind == PEER_CIDR) {
		perm_set_cidr_node(n->m, p, v->v, family, key);
	} else {
		p->peer = node_str(v->v) ? node_str(v->v) : "?";
	}
	if (kind == PEER_PREFIX_LIST)
		p->peer_res = list_of(n, tr->r, v, key);
	rule_fields(n, tr, p);
}

static void emit_peers(struct tf_norm *n, const struct tf_rule *tr, const char *key, int kind, int family)
{
	struct tv list = tv_get(&tr->block, key);
	if (tv_absent(&list))
		return;
	if (tv_unknown(&list) || !list.v || list.v->kind != NODE_SEQ) {
		if (tv_unknown(&list) || node_str(list.v))
			emit_peer_value(n, tr, &list, key, kind, family, list.at);
		return;
	}
	for (uint32_t i = 0; i < tv_len(&list); i++) {
		struct tv e = tv_index(&list, i);
		if (tv_absent(&e))
			continue;
		emit_peer_value(n, tr, &e, key, kind, family, list.at);
	}
}

static void emit_self(struct tf_norm *n, const struct tf_rule *tr)
{
	struct tv self = tv_get(&tr->block, "self");
	if (!node_is_true(self.v))
		return;
	struct tv own = {NULL, NULL, self.at};
	const char *group = tr->group_name ? tr->group_name : "self";
	struct node *name = node_new_str(n->a, self.at, group, strlen(group));
	own.v = name;
	emit_peer_value(n, tr, &own, "self", PEER_SECURITY_GROUP, 0, self.at);
}

/* aws_security_group inline blocks and aws_security_group_rule */
static void sg_rule(struct tf_norm *n, const struct tf_rule *tr, const char *sg_key)
{
	emit_peers(n, tr, "cidr_blocks", PEER_CIDR, 4);
	emit_peers(n, tr, "ipv6_cidr_blocks", PEER_CIDR, 6);
	emit_peers(n, tr, "prefix_list_ids", PEER_PREFIX_LIST, 0);
	emit_peers(n, tr, sg_key, PEER_SECURITY_GROUP, 0);
	emit_self(n, tr);
}

/* A whole attribute unknown: one record standing for whatever it holds. */
static void unknown_rules(struct tf_norm *n, const struct tf_rule *tr, const char *attr)
{
	struct permission *p = new_perm(n, tr);
	p->peer_kind = PEER_UNKNOWN;
	p->proto = PROTO_UNKNOWN;
	p->ports_state = VAL_UNKNOWN;
	p->desc_state = VAL_UNKNOWN;
	p->unknown_reason = unknown_why(n, &tr->block, attr);
	p->loc_peer = p->loc_ports = p->loc_proto = p->loc_desc = p->loc_rule = tr->block.at;
}

/* A network ACL entry (inline block or rule resource): its blocks, then
 * its number and action on every record. */
static void nacl_peers(struct tf_norm *n, const struct tf_rule *tr, const char *number_key,
		       const char *action_key)
{
	size_t first = n->m->perms.n;
	emit_peers(n, tr, "cidr_block", PEER_CIDR, 4);
	emit_peers(n, tr, "ipv6_cidr_block", PEER_CIDR, 6);
	struct tv rn = tv_get(&tr->block, number_key), act = tv_get(&tr->block, action_key);
	for (size_t k = first; k < n->m->perms.n; k++)
		perm_set_nacl_entry(n->m, &n->m->perms.v[k], rn.v, act.v, tv_unknown(&act));
}

static void inline_blocks(struct tf_norm *n, const struct tf_rule *base, const char *attr, int direction,
			  int is_nacl)
{
	struct tf_rule tr = *base;
	struct tv list = tv_get(&base->block, attr);
	tr.direction = direction;
	tr.inline_rule = 1;
	if (tv_unknown(&list)) {
		/* A computed list is unknown only if the configuration sets it;
		 * otherwise its rules live in separate rule resources. */
		if (config_sets(n, base->r->res->id, attr)) {
			tr.block = list;
			unknown_rules(n, &tr, attr);
		}
		return;
	}
	for (uint32_t i = 0; i < tv_len(&list); i++) {
		tr.block = tv_index(&list, i);
		if (tv_unknown(&tr.block)) {
			unknown_rules(n, &tr, attr);
			continue;
		}
		if (!tr.block.v || tr.block.v->kind != NODE_MAP)
			continue;
		if (is_nacl)
			nacl_peers(n, &tr, "rule_no", "action");
		else
			sg_rule(n, &tr, "security_groups");
	}
}

/* ---- resources ----------------------------------------------------------------- */

/* A standalone rule belongs to the group its attribute names: a graph edge. */
static void tie_to_group(struct tf_norm *n, struct tf_rule *tr, struct group_ref g, const char *attr)
{
	tr->group = g.node;
	tr->group_name = g.name;
	tr->group_loc = tv_get(&tr->r->after, attr).at;
	tr->default_group = g.is_default;
	if (g.node && !n->before_pass)
		model_add_edge(n->m, tr->r->res, g.node, EDGE_RULE_OF, NULL, tr->group_loc);
}

/* What every resource's rules start from: its own values, the usual
 * attribute names, the resource itself as the group. */
static struct tf_rule rule_base(const struct tf_res *r, int scope)
{
	struct tf_rule tr;
	memset(&tr, 0, sizeof(tr));
	tr.r = r;
	tr.block = r->after;
	tr.scope = scope;
	tr.group = r->res;
	tr.group_name = r->res->id;
	tr.group_loc = r->res->loc;
	tr.proto_key = "protocol";
	tr.from_key = "from_port";
	tr.to_key = "to_port";
	tr.desc_key = scope == SCOPE_SECURITY_GROUP ? "description" : NULL;
	return tr;
}

static void security_group(struct tf_norm *n, const struct tf_res *r)
{
	struct tf_rule tr = rule_base(r, SCOPE_SECURITY_GROUP);
	tr.default_group = strcmp(r->type, "aws_default_security_group") == 0;
	inline_blocks(n, &tr, "ingress", DIR_INGRESS, 0);
	inline_blocks(n, &tr, "egress", DIR_EGRESS, 0);
}

static void standalone_sg_rule(struct tf_norm *n, const struct tf_res *r)
{
	struct tf_rule tr = rule_base(r, SCOPE_SECURITY_GROUP);
	tie_to_group(n, &tr, rule_group(n, r, "security_group_id", "aws_security_group"), "security_group_id");
	if (strcmp(r->type, "aws_security_group_rule") == 0) {
		struct tv type = tv_get(&r->after, "type");
		tr.direction = node_str_eq(type.v, "egress") ? DIR_EGRESS : DIR_INGRESS;
		sg_rule(n, &tr, "source_security_group_id");
		return;
	}
	tr.direction = strcmp(r->type, "aws_vpc_security_group_egress_rule") == 0 ? DIR_EGRESS : DIR_INGRESS;
	tr.proto_key = "ip_protocol";
	emit_peers(n, &tr, "cidr_ipv4", PEER_CIDR, 4);
	emit_peers(n, &tr, "cidr_ipv6", PEER_CIDR, 6);
	emit_peers(n, &tr, "prefix_list_id", PEER_PREFIX_LIST, 0);
	emit_peers(n, &tr, "referenced_security_group_id", PEER_SECURITY_GROUP, 0);
}

static void network_acl(struct tf_norm *n, const struct tf_res *r)
{
	struct tf_rule tr = rule_base(r, SCOPE_NETWORK_ACL);
	inline_blocks(n, &tr, "ingress", DIR_INGRESS, 1);
	inline_blocks(n, &tr, "egress", DIR_EGRESS, 1);
}

static void network_acl_rule(struct tf_norm *n, const struct tf_res *r)
{
	struct tf_rule tr = rule_base(r, SCOPE_NETWORK_ACL);
	tie_to_group(n, &tr, rule_group(n, r, "network_acl_id", "aws_network_acl"), "network_acl_id");
	struct tv egress = tv_get(&r->after, "egress");
	tr.direction = node_is_true(egress.v) ? DIR_EGRESS : DIR_INGRESS;
	nacl_peers(n, &tr, "rule_number", "rule_action");
}

static const struct {
	const char *type;
	void (*fn)(struct tf_norm *, const struct tf_res *);
	int is_group;
} handlers[] = {
	{"aws_security_group", security_group, 1},
	{"aws_default_security_group", security_group, 1},
	{"aws_network_acl", network_acl, 1},
	{"aws_default_network_acl", network_acl, 1},
	{"aws_security_group_rule", standalone_sg_rule, 0},
	{"aws_vpc_security_group_ingress_rule", standalone_sg_rule, 0},
	{"aws_vpc_security_group_egress_rule", standalone_sg_rule, 0},
	{"aws_network_acl_rule", network_acl_rule, 0},
};

static int handler_of(const char *type)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (strcmp(handlers[i].type, type) == 0)
			return (int)i;
	return -1;
}

/* Security groups and network ACLs: what standalone rules belong to. */
static int is_group_type(const char *type)
{
	int h = handler_of(type);
	return h >= 0 && handlers[h].is_group;
}

/* ---- change delta ----------------------------------------------------------------- */

static char *perm_key(struct arena *a, const struct permission *p)
{
	char buf[64], pb[12], dir[INT_TEXT_SIZE];
	return arena_cat(a, int_text(p->direction, dir), "|", proto_name(p->proto, pb, sizeof(pb)), "|",
			 perm_ports_text(p, buf, sizeof(buf)), "|", p->peer ? p->peer : "?", "|",
			 p->group_name ? p->group_name : "", NULL);
}

/* The keys of the permissions [from, to), as a set. */
static void key_set(struct tf_norm *n, struct hmap *set, size_t from, size_t to)
{
	hmap_init(set, n->a);
	for (size_t k = from; k < to; k++)
		hmap_put(set, perm_key(n->a, &n->m->perms.v[k]), &n->m->perms.v[k]);
}

/* Mark the permissions [first, end) of a resource new or existing, by
 * normalizing change.before the same way and comparing. */
static void mark_changes(struct tf_norm *n, const struct tf_res *r, size_t first, int idx)
{
	size_t end = n->m->perms.n;
	if (!n->plan)
		return;
	if (r->action_create || !r->before || r->before->kind != NODE_MAP) {
		for (size_t i = first; i < end; i++)
			n->m->perms.v[i].change = CHANGE_NEW;
		return;
	}
	struct tf_res before = *r;
	before.after.v = r->before;
	before.after.unk = NULL;
	n->before_pass = 1;
	handlers[idx].fn(n, &before);
	n->before_pass = 0;
	struct hmap existed;
	key_set(n, &existed, end, n->m->perms.n);
	for (size_t i = first; i < end; i++)
		n->m->perms.v[i].change = hmap_get(&existed, perm_key(n->a, &n->m->perms.v[i])) ? CHANGE_EXISTING
											       : CHANGE_NEW;
	n->m->perms.n = end; /* drop the before records */
}

/* ---- walking plans and states ------------------------------------------------------- */

static int counts_after_apply(const struct node *actions)
{
	if (!actions || actions->kind != NODE_SEQ || actions->u.seq.n == 0)
		return 1;
	for (uint32_t i = 0; i < actions->u.seq.n; i++) {
		const char *a = node_str(actions->u.seq.items[i]);
		if (a && (strcmp(a, "create") == 0 || strcmp(a, "update") == 0 || strcmp(a, "no-op") == 0))
			return 1;
	}
	return 0; /* delete, read, forget */
}

static int is_create_only(const struct node *actions)
{
	if (!actions || actions->kind != NODE_SEQ)
		return 0;
	for (uint32_t i = 0; i < actions->u.seq.n; i++)
		if (!node_str_eq(actions->u.seq.items[i], "create"))
			return 0;
	return actions->u.seq.n > 0;
}

/* A managed resource of a plan's resource_changes or of a module's
 * resources: a graph node always; read further (returned) only when it
 * exists after apply with values. */
static struct tf_res *collect(struct tf_norm *n, const struct node *item, const char *module,
			      struct node *values, const struct node *unknown, int exists, tf_res_vec *out)
{
	const char *mode = node_str(node_get(item, "mode"));
	const char *type = node_str(node_get(item, "type"));
	const char *address = node_str(node_get(item, "address"));
	if (!type || !address || (mode && strcmp(mode, "managed") != 0))
		return NULL;
	const struct node_pair *ap = node_get_pair(item, "address");
	struct resource *res = model_add_resource(n->m, address, type, ap ? ap->key_loc : item->loc,
						  SCHEMA_TERRAFORM);
	res->path = module;
	if (!exists || !values || values->kind != NODE_MAP)
		return NULL;
	res->deployed = 1;
	struct tf_res r;
	memset(&r, 0, sizeof(r));
	r.res = res;
	r.values = values;
	r.type = type;
	r.module = module;
	r.after.v = values;
	r.after.unk = unknown;
	r.after.at = res->loc;
	VEC_PUSH(*out, r);
	return &out->v[out->n - 1];
}

static void collect_change(struct tf_norm *n, const struct node *rc, tf_res_vec *out)
{
	const struct node *change = node_get(rc, "change");
	const struct node *actions = node_get(change, "actions");
	struct tf_res *r = collect(n, rc, node_str(node_get(rc, "module_address")), node_get(change, "after"),
				   node_get(change, "after_unknown"), counts_after_apply(actions), out);
	if (!r)
		return;
	r->before = node_get(change, "before");
	r->action_create = is_create_only(actions);
}

static void collect_module(struct tf_norm *n, const struct node *mod, tf_res_vec *out, int depth)
{
	if (!mod || depth > 64)
		return;
	const struct node *res = node_get(mod, "resources");
	const char *module = node_str(node_get(mod, "address"));
	for (uint32_t i = 0; res && res->kind == NODE_SEQ && i < res->u.seq.n; i++)
		collect(n, res->u.seq.items[i], module, node_get(res->u.seq.items[i], "values"), NULL, 1, out);
	const struct node *kids = node_get(mod, "child_modules");
	for (uint32_t i = 0; kids && kids->kind == NODE_SEQ && i < kids->u.seq.n; i++)
		collect_module(n, kids->u.seq.items[i], out, depth + 1);
}

/* Terraform lists a rule both inline in a refreshed aws_security_group and
 * as its own aws_security_group_rule: count it once (the rule resource). */
static void drop_inline_duplicates(struct tf_norm *n, size_t nstandalone_from)
{
	struct model *m = n->m;
	size_t k = 0;
	if (m->perms.n == nstandalone_from)
		return;
	struct hmap standalone;
	key_set(n, &standalone, nstandalone_from, m->perms.n);
	for (size_t i = 0; i < m->perms.n; i++) {
		struct permission *p = &m->perms.v[i];
		int dup = i < nstandalone_from && p->scope == SCOPE_SECURITY_GROUP &&
			  hmap_get(&standalone, perm_key(n->a, p));
		if (!dup)
			m->perms.v[k++] = *p;
	}
	m->perms.n = k;
}

/* ---- the graph ------------------------------------------------------------------------ */

/* Known ids and blocks of instances, for rules naming their group and for
 * references. */
static void index_resources(struct tf_norm *n, const tf_res_vec *res)
{
	hmap_init(&n->by_known_id, n->a);
	hmap_init(&n->blocks, n->a);
	for (size_t i = 0; i < res->n; i++) {
		const struct tf_res *r = &res->v[i];
		struct tv id = tv_get(&r->after, "id");
		if (!tv_unknown(&id) && node_str(id.v))
			hmap_get_or_put(&n->by_known_id, node_str(id.v), r->res);
		const char *base = strip_last_index(n->a, r->res->id);
		struct tf_block *b = hmap_get(&n->blocks, base);
		if (!b) {
			b = arena_alloc(n->a, sizeof(*b));
			b->first = r->res;
			hmap_put(&n->blocks, base, b);
		}
		struct tf_member *mem = arena_alloc(n->a, sizeof(*mem));
		mem->r = r->res;
		mem->next = b->members;
		b->members = mem;
		b->count++;
	}
}

/* The properties with after_unknown folded in: NODE_UNKNOWN where the plan
 * says "known after apply", also for keys absent from `after`. Shares
 * every subtree that holds no unknown. */
static struct node *merge_unknown(struct tf_norm *n, struct node *v, const struct node *unk, struct loc at,
				  int depth);

static struct node *merge_map(struct tf_norm *n, struct node *v, const struct node *unk, int depth)
{
	uint32_t extra = 0;
	for (uint32_t i = 0; i < unk->u.map.n; i++)
		extra += node_is_true(unk->u.map.pairs[i].value) && !node_get_pair(v, unk->u.map.pairs[i].key);
	struct node *copy = arena_memdup(n->a, v, sizeof(*v));
	struct node_pair *pairs = arena_alloc(n->a, sizeof(*pairs) * (v->u.map.n + extra + 1));
	for (uint32_t i = 0; i < v->u.map.n; i++) {
		pairs[i] = v->u.map.pairs[i];
		pairs[i].value = merge_unknown(n, pairs[i].value, node_get(unk, pairs[i].key), pairs[i].key_loc,
					       depth + 1);
	}
	uint32_t k = v->u.map.n;
	for (uint32_t i = 0; i < unk->u.map.n; i++) {
		const struct node_pair *u = &unk->u.map.pairs[i];
		if (!node_is_true(u->value) || node_get_pair(v, u->key))
			continue;
		pairs[k].key = u->key;
		pairs[k].key_loc = v->loc;
		pairs[k].value = node_new_unknown(n->a, v->loc, "known only after apply");
		k++;
	}
	copy->u.map.pairs = pairs;
	copy->u.map.n = k;
	return copy;
}

static struct node *merge_seq(struct tf_norm *n, struct node *v, const struct node *unk, int depth)
{
	struct node *copy = arena_memdup(n->a, v, sizeof(*v));
	copy->u.seq.items = arena_memdup(n->a, v->u.seq.items, sizeof(*v->u.seq.items) * (v->u.seq.n ? v->u.seq.n : 1));
	for (uint32_t i = 0; i < v->u.seq.n && i < unk->u.seq.n; i++)
		copy->u.seq.items[i] = merge_unknown(n, v->u.seq.items[i], unk->u.seq.items[i], v->u.seq.items[i]->loc,
						     depth + 1);
	return copy;
}

static struct node *merge_unknown(struct tf_norm *n, struct node *v, const struct node *unk, struct loc at,
				  int depth)
{
	if (node_is_true(unk))
		return node_new_unknown(n->a, v ? v->loc : at, "known only after apply");
	if (!v || !unk || depth > 256)
		return v;
	if (v->kind == NODE_MAP && unk->kind == NODE_MAP && unk->u.map.n)
		return merge_map(n, v, unk, depth);
	if (v->kind == NODE_SEQ && unk->kind == NODE_SEQ && unk->u.seq.n)
		return merge_seq(n, v, unk, depth);
	return v;
}

/* The model's resolver (model.h): values are final (unknowns are in the
 * merged properties), references become edges. A known id names the
 * resource that has it; a value known only after apply names what the
 * configuration's expression for the attribute refers to (aws_vpc.main.id,
 * through module outputs: every instance of that block), or something we
 * cannot know. */
static void tf_refer(void *ctx, struct model *m, const struct resource *from, const struct prop_value *v,
		     const struct prop_path *path)
{
	struct tf_norm *n = ctx;
	if (v->state == VAL_UNKNOWN && v->v && v->v->kind == NODE_UNKNOWN && v->v->u.unk.ref && n->src) {
		model_add_edge(m, from, model_find(m, v->v->u.unk.ref), EDGE_REF, path, v->loc);
		return;
	}
	if (v->state == VAL_KNOWN && node_str(v->v)) {
		const struct resource *to = hmap_get(&n->by_known_id, node_str(v->v));
		if (to)
			model_add_edge(m, from, to, EDGE_REF, path, v->loc);
		return;
	}
	if (v->state != VAL_UNKNOWN)
		return;
	const char *target = config_target_at(n, from->id, path);
	if (!target) {
		model_add_edge(m, from, NULL, EDGE_REF, path, v->loc);
		return;
	}
	const struct tf_block *b = hmap_get(&n->blocks, target);
	for (const struct tf_member *mem = b ? b->members : NULL; mem; mem = mem->next)
		model_add_edge(m, from, mem->r, EDGE_REF, path, v->loc);
}

/* What a module output refers to is handed out: its caller (or whoever
 * uses the root module's outputs) may attach a group this plan does not. */
static void hand_out_outputs(struct tf_norm *n, const struct node *mod, const char **mods, size_t nmods, int depth)
{
	const struct node *outs = node_get(mod, "outputs");
	for (uint32_t i = 0; outs && outs->kind == NODE_MAP && i < outs->u.map.n; i++) {
		const struct node *refs = node_get(node_get(outs->u.map.pairs[i].value, "expression"), "references");
		for (uint32_t k = 0; refs && refs->kind == NODE_SEQ && k < refs->u.seq.n; k++) {
			const char *ref = node_str(refs->u.seq.items[k]);
			const char *addr = ref ? follow_ref(n, ref, mods, nmods, 0) : NULL;
			const struct tf_block *b = addr ? hmap_get(&n->blocks, addr) : NULL;
			for (const struct tf_member *mem = b ? b->members : NULL; mem; mem = mem->next)
				model_find(n->m, mem->r->id)->handed_out = 1;
		}
	}
	const struct node *calls = node_get(mod, "module_calls");
	const char *inner[32];
	if (nmods)
		memcpy(inner, mods, nmods * sizeof(*mods));
	for (uint32_t k = 0; depth < 31 && calls && calls->kind == NODE_MAP && k < calls->u.map.n; k++) {
		inner[nmods] = calls->u.map.pairs[k].key;
		hand_out_outputs(n, node_get(calls->u.map.pairs[k].value, "module"), inner, nmods + 1, depth + 1);
	}
}

/* Without a configuration nothing says what the groups are tied to. */
static void hand_out(struct tf_norm *n)
{
	if (n->config_root) {
		hand_out_outputs(n, n->config_root, NULL, 0, 0);
		return;
	}
	for (size_t i = 0; i < n->m->resources.n; i++)
		n->m->resources.v[i]->handed_out = 1;
}

/* ---- the frontends ------------------------------------------------------------------- */

static void prefix_entry(struct tf_norm *n, const struct resource *list, const struct tv *entry)
{
	struct tv cidr = tv_get(entry, "cidr");
	if (tv_unknown(&cidr))
		model_add_prefix_entry(n->m, list, NULL, unknown_why(n, &cidr, "cidr"), cidr.at,
				       value_trace(n, cidr.v, "cidr", cidr.at));
	else if (node_str(cidr.v))
		model_add_prefix_entry(n->m, list, node_str(cidr.v), NULL, n->src ? cidr.at : cidr.v->loc,
				       value_trace(n, cidr.v, "cidr", cidr.at));
}

/* aws_ec2_managed_prefix_list entry blocks and aws_ec2_managed_prefix_list_entry
 * resources: the CIDRs a rule naming the list admits. */
static void prefix_lists(struct tf_norm *n, const tf_res_vec *res)
{
	for (size_t i = 0; i < res->n; i++) {
		const struct tf_res *r = &res->v[i];
		if (strcmp(r->type, "aws_ec2_managed_prefix_list") == 0) {
			struct tv entries = tv_get(&r->after, "entry");
			for (uint32_t k = 0; k < tv_len(&entries); k++) {
				struct tv e = tv_index(&entries, k);
				prefix_entry(n, r->res, &e);
			}
		} else if (strcmp(r->type, "aws_ec2_managed_prefix_list_entry") == 0) {
			struct tv id = tv_get(&r->after, "prefix_list_id");
			const struct resource *list = list_of(n, r, &id, "prefix_list_id");
			if (list)
				prefix_entry(n, list, &r->after);
		}
	}
}

static void normalize_resources(struct tf_norm *n, tf_res_vec *res)
{
	struct model *m = n->m;
	prefix_lists(n, res);
	/* groups first, then standalone rules: duplicates are found by key */
	for (int pass = 1; pass >= 0; pass--) {
		size_t mark = m->perms.n;
		for (size_t i = 0; i < res->n; i++) {
			int h = handler_of(res->v[i].type);
			if (h < 0 || handlers[h].is_group != pass)
				continue;
			size_t first = m->perms.n;
			handlers[h].fn(n, &res->v[i]);
			mark_changes(n, &res->v[i], first, h);
		}
		if (pass == 0)
			drop_inline_duplicates(n, mark);
	}
}

/* Plans: resource_changes (or planned_values without them); states: values. */
/* Properties for the model: the values with after_unknown folded in. */
/* Attributes whose provider default the plan shows as "known after apply"
 * when the configuration does not set them (SPEC 11): absent, so the
 * reach layer applies the default, rather than unknown. */
static void provider_defaults(struct tf_norm *n, const struct tf_res *r)
{
	static const char *const defaulted[] = {
		"associate_public_ip_address", "internal", "publicly_accessible", "ipv6_address_count", "ipv6_addresses",
		"map_public_ip_on_launch", "assign_ipv6_address_on_creation", "ip_address_type", "port", NULL,
	};
	struct node *props = r->res->props;
	if (!n->config_root || !props || props->kind != NODE_MAP || props == r->values)
		return; /* nothing unknown (the map is the plan's own) */
	for (uint32_t i = 0; i < props->u.map.n; i++) {
		struct node_pair *p = &props->u.map.pairs[i];
		for (size_t k = 0; defaulted[k]; k++)
			if (p->value->kind == NODE_UNKNOWN && strcmp(p->key, defaulted[k]) == 0 &&
			    !config_sets(n, r->res->id, p->key))
				p->value = node_new(n->a, NODE_NOVALUE, p->value->loc);
	}
}

static void set_properties(struct tf_norm *n, const tf_res_vec *res)
{
	for (size_t i = 0; i < res->n; i++) {
		res->v[i].res->props = merge_unknown(n, res->v[i].values, res->v[i].after.unk, res->v[i].res->loc, 0);
		provider_defaults(n, &res->v[i]);
	}
	n->m->resolver.refer = tf_refer;
	n->m->resolver.ctx = n;
}

/* Plans found beside their sources, or given --tf-source: resources and
 * permissions learn where they are written. */
static void locate_in_source(struct model *m, const char *tf_source, const struct load_limits *lim)
{
	if (!tf_source) {
		const char *file = m->docs.v[0]->file, *slash = strrchr(file, '/');
		tf_source = slash ? arena_strndup(m->a, file, (size_t)(slash - file)) : ".";
	}
	const struct tf_source_map *s = tf_source_load(m, tf_source, lim);
	if (!s)
		return;
	for (size_t i = 0; i < m->resources.n; i++)
		m->resources.v[i]->src_loc = tf_source_locate(s, m->resources.v[i], NULL);
	for (size_t i = 0; i < m->perms.n; i++)
		m->perms.v[i].loc_src = tf_source_locate(s, m->perms.v[i].res, &m->perms.v[i]);
}

static void tf_build(struct model *m, int is_plan)
{
	struct tf_norm *n = arena_alloc(m->a, sizeof(*n));
	n->m = m;
	n->a = m->a;
	hmap_init(&n->config_index, n->a);
	const struct node *root = m->docs.v[0]->root;
	n->config_root = node_get(node_get(root, "configuration"), "root_module");
	if (n->config_root)
		index_config_module(n, n->config_root, "", 0);
	tf_res_vec res = {0};
	const struct node *changes = node_get(root, "resource_changes");
	if (is_plan && changes && changes->kind == NODE_SEQ) {
		n->plan = 1;
		for (uint32_t i = 0; i < changes->u.seq.n; i++)
			collect_change(n, changes->u.seq.items[i], &res);
	} else {
		const struct node *values = node_get(root, is_plan ? "planned_values" : "values");
		collect_module(n, node_get(values, "root_module"), &res, 0);
	}
	index_resources(n, &res);
	normalize_resources(n, &res);
	set_properties(n, &res);
	hand_out(n);
	free(res.v);
}

/* 1 for a plan, 2 for a state, 0 for neither. */
static int tf_json_kind(const struct node *root)
{
	if (!root || root->kind != NODE_MAP)
		return 0;
	if (!node_get(root, "format_version") && !node_get(root, "terraform_version"))
		return 0;
	if (node_get(root, "planned_values") || node_get(root, "resource_changes") ||
	    node_get(root, "prior_state") || node_get(root, "configuration"))
		return 1;
	if (node_get(root, "values"))
		return 2;
	/* an empty state or plan: still Terraform */
	return node_get(root, "terraform_version") ? 2 : 0;
}

static int plan_detect(const struct node *root)
{
	return tf_json_kind(root) == 1;
}

static int state_detect(const struct node *root)
{
	return tf_json_kind(root) == 2;
}

struct plan_state {
	const char *tf_source; /* --tf-source, or NULL: the plan's directory */
	struct load_limits lim;
};

static void *plan_prepare(const struct frontend_opts *o, diag_vec *errors)
{
	if (o->tf_source && !tf_source_dir_has_tf(o->tf_source))
		diags_add(errors, (struct loc){o->tf_source, 0, 0}, "--tf-source: no .tf files in this directory");
	struct plan_state *st = xcalloc(1, sizeof(*st));
	st->tf_source = o->tf_source;
	st->lim = o->lim;
	return st;
}

static void plan_release(void *state)
{
	free(state);
}

static void plan_build(const void *state, struct model *m)
{
	const struct plan_state *st = state;
	tf_build(m, 1);
	if (st)
		locate_in_source(m, st->tf_source, &st->lim);
}

static void state_build(const void *state, struct model *m)
{
	(void)state;
	tf_build(m, 0);
}

static const char *const tf_markers[] = {"\"format_version\"", "terraform_version", NULL};
static const char *const plan_extensions[] = {".json", NULL};
static const char *const state_extensions[] = {".tfstate", ".json", NULL};

const struct frontend frontend_terraform_plan = {
	.name = "terraform-plan",
	.markers = tf_markers,
	.extensions = plan_extensions,
	.detect = plan_detect,
	.prepare = plan_prepare,
	.release = plan_release,
	.build = plan_build,
};

const struct frontend frontend_terraform_state = {
	.name = "terraform-state",
	.markers = tf_markers,
	.extensions = state_extensions,
	.detect = state_detect,
	.build = state_build,
};

/* ---- configurations (provider.h) ------------------------------------------------------ */

/* ---- attributes the provider computes ----------------------------------------------- */

static const struct {
	const char *type, *block, *attr, *why;
} computed_attrs[] = {
	{"aws_ebs_volume", NULL, "encrypted", "encrypted is not set: the account's default EBS encryption decides"},
	{"aws_instance", "root_block_device", "encrypted",
	 "encrypted is not set: the account's default EBS encryption decides"},
	{"aws_instance", "ebs_block_device", "encrypted",
	 "encrypted is not set: the account's default EBS encryption decides"},
};

/* obj with attr unknown when it is absent or null. */
static struct node *computed_attr(struct arena *a, struct node *obj, const char *attr, const char *why)
{
	if (!obj || obj->kind != NODE_MAP)
		return obj;
	for (uint32_t i = 0; i < obj->u.map.n; i++)
		if (!strcmp(obj->u.map.pairs[i].key, attr)) {
			if (obj->u.map.pairs[i].value->kind != NODE_NULL)
				return obj;
			struct node *copy = arena_memdup(a, obj, sizeof(*obj));
			copy->u.map.pairs = arena_memdup(a, obj->u.map.pairs, sizeof(*obj->u.map.pairs) * obj->u.map.n);
			copy->u.map.pairs[i].value = node_new_unknown(a, obj->u.map.pairs[i].key_loc, why);
			return copy;
		}
	struct node_pair *pairs = arena_alloc(a, sizeof(*pairs) * (obj->u.map.n + 1));
	if (obj->u.map.n)
		memcpy(pairs, obj->u.map.pairs, sizeof(*pairs) * obj->u.map.n);
	pairs[obj->u.map.n] = (struct node_pair){attr, obj->loc, node_new_unknown(a, obj->loc, why)};
	return tfv_object(a, obj->loc, pairs, obj->u.map.n + 1);
}

struct node *tf_provider_computed(struct arena *a, const char *type, struct node *values)
{
	for (size_t k = 0; k < sizeof(computed_attrs) / sizeof(computed_attrs[0]); k++) {
		if (strcmp(computed_attrs[k].type, type) || !values || values->kind != NODE_MAP)
			continue;
		if (!computed_attrs[k].block) {
			values = computed_attr(a, values, computed_attrs[k].attr, computed_attrs[k].why);
			continue;
		}
		for (uint32_t i = 0; i < values->u.map.n; i++) {
			const struct node *list = values->u.map.pairs[i].value;
			if (strcmp(values->u.map.pairs[i].key, computed_attrs[k].block) || list->kind != NODE_SEQ)
				continue;
			struct node **items = arena_alloc(a, sizeof(*items) * (list->u.seq.n + 1));
			for (uint32_t j = 0; j < list->u.seq.n; j++)
				items[j] = computed_attr(a, list->u.seq.items[j], computed_attrs[k].attr, computed_attrs[k].why);
			struct node *copy = arena_memdup(a, values, sizeof(*values));
			copy->u.map.pairs = arena_memdup(a, values->u.map.pairs, sizeof(*values->u.map.pairs) * values->u.map.n);
			struct node *nl = arena_memdup(a, list, sizeof(*list));
			nl->u.seq.items = items;
			copy->u.map.pairs[i].value = nl;
			values = copy;
		}
	}
	return values;
}

void tf_provider_normalize(struct model *m, const struct tf_instance *in, size_t count, const struct tf_sources *src)
{
	struct tf_norm *n = arena_alloc(m->a, sizeof(*n));
	n->m = m;
	n->a = m->a;
	n->src = src;
	hmap_init(&n->config_index, n->a);
	tf_res_vec res = {0};
	for (size_t i = 0; i < count; i++) {
		struct tf_res r;
		memset(&r, 0, sizeof(r));
		r.res = in[i].res;
		r.values = in[i].values;
		r.type = in[i].res->type;
		r.module = in[i].res->path;
		r.after.v = in[i].values;
		r.after.at = in[i].res->loc;
		VEC_PUSH(res, r);
	}
	index_resources(n, &res);
	normalize_resources(n, &res);
	model_drop_repeats(m, 0);
	m->resolver.refer = tf_refer;
	m->resolver.ctx = n;
	free(res.v);
}
