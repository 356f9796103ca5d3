/* normalize_tf.c - Terraform plan and state JSON into permission records.
 *
 * Plans: every managed resource in resource_changes that will exist after
 * apply (create, update, no-op, replace; not delete-only), read from
 * change.after with change.after_unknown marking what is known only after
 * apply. States (and plans without resource_changes): values.root_module
 * and its child_modules, to any depth. Addresses keep module paths and
 * count/for_each indexes.
 *
 * Rules tie to their group by id, or, when the id is unknown, through the
 * configuration section's references (aws_security_group.web.id,
 * module outputs). Each permission of a plan is marked new or existing by
 * comparing change.after with change.before.
 */
#include <stdlib.h>
#include <string.h>

#include "model/normalize.h"

/* A value and its after_unknown marker (same shape, true where unknown). */
struct tv {
	const struct node *v;
	const struct node *unk;
	struct loc at; /* where to point when the value itself is missing */
};

struct tf_group {
	const char *address;
	const char *base;  /* address without its last index */
	const char *id;    /* values.id when known */
	int is_default;    /* aws_default_security_group */
	int is_nacl;
};

struct tf_norm {
	struct file_model *m;
	struct arena *a;
	const struct node *config_root; /* configuration.root_module */
	VEC(struct tf_group) groups;
	int plan;
};

/* One resource as we read it. */
struct tf_res;
struct tf_res {
	struct resource *res;
	const char *type;
	const char *module;     /* "module.net" or NULL */
	struct tv after;
	const struct node *before; /* plans: change.before (or NULL) */
	int action_create;      /* nothing existed before */
};

typedef VEC(struct tf_res) tf_res_vec;

/* ---- values --------------------------------------------------------------- */

static int is_true(const struct node *n)
{
	return n && n->kind == NODE_BOOL && (n->flags & NODE_F_TRUE);
}

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

static int tv_unknown(const struct tv *t)
{
	return is_true(t->unk);
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
	const char *local = arena_printf(n->a, "%s.%s", seg[i], seg[i + 1]);
	const struct node *res = node_get(config_module(n, mods, nm), "resources");
	for (uint32_t k = 0; res && res->kind == NODE_SEQ && k < res->u.seq.n; k++)
		if (node_str_eq(node_get(res->u.seq.items[k], "address"), local))
			return res->u.seq.items[k];
	return NULL;
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
static const char *config_target(struct tf_norm *n, const char *address, const char *attr)
{
	const struct node *cfg = config_resource(n, address);
	const struct node *refs = node_get(node_get(node_get(cfg, "expressions"), attr), "references");
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

static void add_group(struct tf_norm *n, const struct tf_res *r)
{
	struct tf_group g;
	memset(&g, 0, sizeof(g));
	g.address = r->res->id;
	g.base = strip_last_index(n->a, r->res->id);
	struct tv id = tv_get(&r->after, "id");
	g.id = tv_unknown(&id) ? NULL : node_str(id.v);
	g.is_default = strcmp(r->type, "aws_default_security_group") == 0;
	g.is_nacl = strcmp(r->type, "aws_network_acl") == 0;
	VEC_PUSH(n->groups, g);
}

/* The group (or ACL) a standalone rule belongs to. */
static const struct tf_group *rule_group(struct tf_norm *n, const struct tf_res *r, const char *attr,
					 const char **name)
{
	struct tv id = tv_get(&r->after, attr);
	const char *known = tv_unknown(&id) ? NULL : node_str(id.v);
	*name = known;
	for (size_t i = 0; known && i < n->groups.n; i++)
		if (n->groups.v[i].id && strcmp(n->groups.v[i].id, known) == 0) {
			*name = n->groups.v[i].address;
			return &n->groups.v[i];
		}
	const char *target = config_target(n, r->res->id, attr);
	if (!target)
		return NULL;
	const struct tf_group *found = NULL;
	size_t matches = 0;
	for (size_t i = 0; i < n->groups.n; i++)
		if (strcmp(n->groups.v[i].base, target) == 0) {
			found = &n->groups.v[i];
			matches++;
		}
	*name = matches == 1 ? found->address : target;
	return found;
}

/* ---- permissions -------------------------------------------------------------- */

struct tf_rule {
	const struct tf_res *r;
	struct tv block;       /* the rule's attributes */
	int scope, direction;
	const char *group;
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
	if (tv_unknown(&proto)) {
		p->proto = PROTO_UNKNOWN;
		p->unknown_reason = arena_printf(n->a, "%s is known only after apply", tr->proto_key);
	} else {
		perm_set_proto(n->m, p, tv_absent(&proto) ? NULL
				       : node_str(proto.v) ? node_str(proto.v) : node_kind_name(proto.v->kind),
			       tr->proto_key);
	}
	p->loc_ports = from.v ? from.at : to.v ? to.at : p->loc_rule;
	perm_set_ports(n->m, p, tv_port(&from), tv_port(&to), tr->from_key, tr->to_key);
	if (p->ports_state == VAL_UNKNOWN && !p->unknown_reason)
		p->unknown_reason = "ports are known only after apply";
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
static void emit_peer_value(struct tf_norm *n, const struct tf_rule *tr, const struct tv *v,
			    const char *key, int kind, int family)
{
	struct permission *p = new_perm(n, tr);
	p->peer_key = key;
	/* point at the deciding value itself; at its key or resource when the
	 * value is not in the plan (known only after apply) */
	p->loc_peer = v->v && v->v->kind != NODE_NULL ? v->v->loc : v->at;
	p->peer_kind = (uint8_t)kind;
	if (tv_unknown(v)) {
		if (kind == PEER_CIDR) {
			p->peer_kind = PEER_UNKNOWN;
			p->unknown_reason = arena_printf(n->a, "%s is known only after apply", key);
		} else {
			p->peer = arena_printf(n->a, "(%s known after apply)", key);
		}
	} else if (kind == PEER_CIDR) {
		perm_set_cidr_node(n->m, p, v->v, family, key);
	} else {
		p->peer = node_str(v->v) ? node_str(v->v) : "?";
	}
	rule_fields(n, tr, p);
}

static void emit_peers(struct tf_norm *n, const struct tf_rule *tr, const char *key, int kind, int family)
{
	struct tv list = tv_get(&tr->block, key);
	if (tv_absent(&list))
		return;
	if (tv_unknown(&list) || !list.v || list.v->kind != NODE_SEQ) {
		if (tv_unknown(&list) || node_str(list.v))
			emit_peer_value(n, tr, &list, key, kind, family);
		return;
	}
	for (uint32_t i = 0; i < tv_len(&list); i++) {
		struct tv e = tv_index(&list, i);
		if (tv_absent(&e))
			continue;
		emit_peer_value(n, tr, &e, key, kind, family);
	}
}

static void emit_self(struct tf_norm *n, const struct tf_rule *tr)
{
	struct tv self = tv_get(&tr->block, "self");
	if (!is_true(self.v))
		return;
	struct tv own = {NULL, NULL, self.at};
	struct node *name = node_new_str(n->a, self.at, tr->group ? tr->group : "self",
					 strlen(tr->group ? tr->group : "self"));
	own.v = name;
	emit_peer_value(n, tr, &own, "self", PEER_SECURITY_GROUP, 0);
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
	p->unknown_reason = arena_printf(n->a, "%s is known only after apply", attr);
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

/* What every resource's rules start from: its own values, the usual
 * attribute names, the resource itself as the group. */
static struct tf_rule rule_base(const struct tf_res *r, int scope)
{
	struct tf_rule tr;
	memset(&tr, 0, sizeof(tr));
	tr.r = r;
	tr.block = r->after;
	tr.scope = scope;
	tr.group = r->res->id;
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
	const struct tf_group *g = rule_group(n, r, "security_group_id", &tr.group);
	tr.group_loc = tv_get(&r->after, "security_group_id").at;
	tr.default_group = g && g->is_default;
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
	rule_group(n, r, "network_acl_id", &tr.group);
	tr.group_loc = tv_get(&r->after, "network_acl_id").at;
	struct tv egress = tv_get(&r->after, "egress");
	tr.direction = is_true(egress.v) ? DIR_EGRESS : DIR_INGRESS;
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

/* ---- change delta ----------------------------------------------------------------- */

static char *perm_key(struct arena *a, const struct permission *p)
{
	char buf[64], pb[12];
	return arena_printf(a, "%d|%s|%s|%s|%s", p->direction, proto_name(p->proto, pb, sizeof(pb)),
			    perm_ports_text(p, buf, sizeof(buf)), p->peer ? p->peer : "?",
			    p->group ? p->group : "");
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
	handlers[idx].fn(n, &before);
	size_t bend = n->m->perms.n;
	const char **before_keys = arena_alloc_raw(n->a, sizeof(char *) * (bend - end + 1));
	for (size_t k = end; k < bend; k++)
		before_keys[k - end] = perm_key(n->a, &n->m->perms.v[k]);
	for (size_t i = first; i < end; i++) {
		const char *key = perm_key(n->a, &n->m->perms.v[i]);
		int existed = 0;
		for (size_t k = 0; k < bend - end && !existed; k++)
			existed = strcmp(key, before_keys[k]) == 0;
		n->m->perms.v[i].change = existed ? CHANGE_EXISTING : CHANGE_NEW;
	}
	n->m->perms.n = end; /* drop the before records */
}

/* ---- walking plans and states ------------------------------------------------------- */

static struct resource *make_resource(struct tf_norm *n, const struct node *item, const char *address,
				      const char *type, const char *module, const struct node *values)
{
	struct resource *res = arena_alloc(n->a, sizeof(*res));
	const struct node_pair *ap = node_get_pair(item, "address");
	res->id = address;
	res->type = type;
	res->path = module;
	res->loc = ap ? ap->key_loc : item->loc;
	res->props = (struct node *)values;
	VEC_PUSH(n->m->resources, res);
	return res;
}

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

static void collect_change(struct tf_norm *n, const struct node *rc, tf_res_vec *out)
{
	const char *mode = node_str(node_get(rc, "mode"));
	const char *type = node_str(node_get(rc, "type"));
	const char *address = node_str(node_get(rc, "address"));
	const struct node *change = node_get(rc, "change");
	const struct node *actions = node_get(change, "actions");
	if (!type || !address || (mode && strcmp(mode, "managed") != 0))
		return;
	struct tf_res r;
	memset(&r, 0, sizeof(r));
	r.type = type;
	r.module = node_str(node_get(rc, "module_address"));
	const struct node *after = node_get(change, "after");
	r.res = make_resource(n, rc, address, type, r.module, after);
	r.res->unknown = node_get(change, "after_unknown");
	if (!counts_after_apply(actions) || !after || after->kind != NODE_MAP)
		return;
	r.res->deployed = 1;
	r.after.v = after;
	r.after.unk = node_get(change, "after_unknown");
	if (!r.after.unk)
		r.after.unk = NULL;
	r.after.at = r.res->loc;
	r.before = node_get(change, "before");
	r.action_create = is_create_only(actions);
	VEC_PUSH(*out, r);
}

static void collect_module(struct tf_norm *n, const struct node *mod, tf_res_vec *out, int depth)
{
	if (!mod || depth > 64)
		return;
	const struct node *res = node_get(mod, "resources");
	const char *module = node_str(node_get(mod, "address"));
	for (uint32_t i = 0; res && res->kind == NODE_SEQ && i < res->u.seq.n; i++) {
		const struct node *item = res->u.seq.items[i];
		const char *mode = node_str(node_get(item, "mode"));
		const char *type = node_str(node_get(item, "type"));
		const char *address = node_str(node_get(item, "address"));
		const struct node *values = node_get(item, "values");
		if (!type || !address || (mode && strcmp(mode, "managed") != 0))
			continue;
		struct tf_res r;
		memset(&r, 0, sizeof(r));
		r.type = type;
		r.module = module;
		r.res = make_resource(n, item, address, type, module, values);
		if (!values || values->kind != NODE_MAP)
			continue;
		r.res->deployed = 1;
		r.after.v = values;
		r.after.at = r.res->loc;
		VEC_PUSH(*out, r);
	}
	const struct node *kids = node_get(mod, "child_modules");
	for (uint32_t i = 0; kids && kids->kind == NODE_SEQ && i < kids->u.seq.n; i++)
		collect_module(n, kids->u.seq.items[i], out, depth + 1);
}

/* Terraform lists a rule both inline in a refreshed aws_security_group and
 * as its own aws_security_group_rule: count it once (the rule resource). */
static void drop_inline_duplicates(struct tf_norm *n, size_t nstandalone_from)
{
	struct file_model *m = n->m;
	size_t k = 0, nstand = m->perms.n - nstandalone_from;
	if (nstand == 0)
		return;
	const char **keys = arena_alloc_raw(n->a, sizeof(char *) * nstand);
	for (size_t j = 0; j < nstand; j++)
		keys[j] = perm_key(n->a, &m->perms.v[nstandalone_from + j]);
	for (size_t i = 0; i < m->perms.n; i++) {
		struct permission *p = &m->perms.v[i];
		int dup = 0;
		if (i < nstandalone_from && p->scope == SCOPE_SECURITY_GROUP) {
			const char *key = perm_key(n->a, p);
			for (size_t j = 0; j < nstand && !dup; j++)
				dup = strcmp(key, keys[j]) == 0;
		}
		if (!dup)
			m->perms.v[k++] = *p;
	}
	m->perms.n = k;
}

const char *tf_reference_target(struct file_model *m, const char *address, const char *attr)
{
	struct tf_norm n;
	memset(&n, 0, sizeof(n));
	n.m = m;
	n.a = m->arena;
	n.config_root = node_get(node_get(m->doc->root, "configuration"), "root_module");
	return n.config_root ? config_target(&n, address, attr) : NULL;
}

const char *tf_base_address(struct arena *a, const char *address)
{
	return strip_last_index(a, address);
}

void normalize_tf(struct file_model *m, const struct normalize_opts *o)
{
	(void)o;
	struct tf_norm n;
	memset(&n, 0, sizeof(n));
	n.m = m;
	n.a = m->arena;
	const struct node *root = m->doc->root;
	n.config_root = node_get(node_get(root, "configuration"), "root_module");
	tf_res_vec res = {0};
	const struct node *changes = node_get(root, "resource_changes");
	if (m->format == FMT_TF_PLAN && changes && changes->kind == NODE_SEQ) {
		n.plan = 1;
		for (uint32_t i = 0; i < changes->u.seq.n; i++)
			collect_change(&n, changes->u.seq.items[i], &res);
	} else {
		const struct node *values = node_get(root, m->format == FMT_TF_PLAN ? "planned_values" : "values");
		collect_module(&n, node_get(values, "root_module"), &res, 0);
	}
	for (size_t i = 0; i < res.n; i++) {
		int h = handler_of(res.v[i].type);
		if (h >= 0 && handlers[h].is_group)
			add_group(&n, &res.v[i]);
	}
	/* groups first, then standalone rules: duplicates are found by key */
	for (int pass = 1; pass >= 0; pass--) {
		size_t mark = m->perms.n;
		for (size_t i = 0; i < res.n; i++) {
			int h = handler_of(res.v[i].type);
			if (h < 0 || handlers[h].is_group != pass)
				continue;
			size_t first = m->perms.n;
			handlers[h].fn(&n, &res.v[i]);
			mark_changes(&n, &res.v[i], first, h);
		}
		if (pass == 0)
			drop_inline_duplicates(&n, mark);
	}
	free(res.v);
	free(n.groups.v);
}
