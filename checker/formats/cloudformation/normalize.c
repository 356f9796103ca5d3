/* normalize_cfn.c - CloudFormation security groups, standalone rules and
 * network ACL entries into permission records.
 *
 * Every property is resolved into its alternatives (resolve.h); one rule
 * yields one permission per consistent combination of its properties'
 * alternatives, so an undecided Fn::If on the source gives one record per
 * branch, while the same condition on two properties never mixes branches.
 */
#include <stdlib.h>
#include <string.h>

#include "formats/cloudformation/internal.h"
#include "model/aws.h"

#define MAX_COMBINATIONS 256

struct cfn_norm {
	struct cfn_ctx *cx;
	struct model *m;
	struct arena *a;
	uint8_t *has_egress; /* per declared resource: a group with an explicit egress rule */
};

/* Where a rule comes from. */
struct rule_src {
	const struct resource *res;
	struct node *map;        /* the rule's properties */
	int scope;               /* enum perm_scope */
	int direction;
	const struct resource *group; /* the owning group or ACL (NULL: unknown) */
	const char *group_name;
	struct loc group_loc;    /* GroupId/GroupName key, or the group itself */
	struct loc rule_loc;     /* the rule as a whole: the resource, when it is one */
	int default_group;
	const struct assume *as;  /* conditions the rule itself depends on */
	const struct trace_step *tr; /* how the rule item was selected */
};

/* Property names per rule kind. */
enum {
	F_PROTO, F_FROM, F_TO, F_DESC,
	F_PEER0, /* the peers, in the order of the table */
	F_MAX = F_PEER0 + 5,
};

struct rule_keys {
	const char *proto, *from, *to, *desc;
	const char *peers[5];
	uint8_t peer_kind[5];
	uint8_t peer_family[5];
};

static const struct rule_keys ingress_keys = {
	"IpProtocol", "FromPort", "ToPort", "Description",
	{"CidrIp", "CidrIpv6", "SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId"},
	{PEER_CIDR, PEER_CIDR, PEER_SECURITY_GROUP, PEER_SECURITY_GROUP, PEER_PREFIX_LIST},
	{4, 6, 0, 0, 0},
};

static const struct rule_keys egress_keys = {
	"IpProtocol", "FromPort", "ToPort", "Description",
	{"CidrIp", "CidrIpv6", "DestinationSecurityGroupId", "DestinationPrefixListId", NULL},
	{PEER_CIDR, PEER_CIDR, PEER_SECURITY_GROUP, PEER_PREFIX_LIST, 0},
	{4, 6, 0, 0, 0},
};

static const struct rule_keys nacl_keys = {
	"Protocol", "From", "To", NULL,
	{"CidrBlock", "Ipv6CidrBlock", NULL, NULL, NULL},
	{PEER_CIDR, PEER_CIDR, 0, 0, 0},
	{4, 6, 0, 0, 0},
};

struct field {
	const char *key;
	struct loc key_loc;
	int present;
	struct alts alts;
};

struct combo {
	struct cfn_norm *n;
	const struct rule_src *src;
	const struct rule_keys *keys;
	struct field f[F_MAX];
	const struct alt *pick[F_MAX];
	unsigned made;
};

/* ---- values ---------------------------------------------------------------- */

static int val_state(const struct node *v)
{
	if (v->kind == NODE_NOVALUE || v->kind == NODE_NULL)
		return VAL_ABSENT;
	if (v->kind == NODE_UNKNOWN)
		return VAL_UNKNOWN;
	return VAL_KNOWN;
}

static struct port_value port_value(const struct alt *a)
{
	struct port_value pv = {val_state(a->v), node_str(a->v)};
	if (pv.state == VAL_KNOWN && !pv.text)
		pv.text = node_kind_name(a->v->kind);
	return pv;
}

/* Name of a referenced group or list: the literal id, or the resource the
 * unknown value points at. */
static const char *ref_text(const struct node *v)
{
	if (v->kind == NODE_UNKNOWN)
		return v->u.unk.ref ? v->u.unk.ref : v->text;
	return node_str(v) ? node_str(v) : "?";
}

static const struct trace_step *field_trace(struct combo *c, int i)
{
	const struct field *f = &c->f[i];
	const struct trace_step *t = trace_concat(c->n->a, c->pick[i]->tr, c->src->tr);
	return f->key ? trace_push(c->n->a, t, f->key_loc, f->key) : t;
}

/* A group that states an egress rule gets no implicit one. */
static void mark_egress(struct cfn_norm *n, const struct resource *group)
{
	if (group && !group->external)
		n->has_egress[group->index] = 1;
}

/* A record of the rule `src` stands for: where it belongs. */
static struct permission *new_perm(struct cfn_norm *n, const struct rule_src *src)
{
	struct permission *p = model_add_perm(n->m);
	p->scope = (uint8_t)src->scope;
	p->direction = (uint8_t)src->direction;
	p->res = src->res;
	p->group = src->group;
	p->group_name = src->group_name;
	p->loc_group = src->group_loc;
	p->default_group = (uint8_t)src->default_group;
	return p;
}

/* ---- one permission from one combination ------------------------------------- */

static void set_peer(struct combo *c, struct permission *p, int k)
{
	const struct alt *a = c->pick[F_PEER0 + k];
	const char *key = c->keys->peers[k];
	p->peer_key = key;
	p->loc_peer = c->f[F_PEER0 + k].key_loc;
	p->trace_peer = field_trace(c, F_PEER0 + k);
	if (c->keys->peer_kind[k] != PEER_CIDR) {
		p->peer_kind = c->keys->peer_kind[k];
		p->peer = ref_text(a->v);
		return;
	}
	if (a->v->kind == NODE_UNKNOWN) {
		p->peer_kind = PEER_UNKNOWN;
		p->peer = NULL;
		p->unknown_reason = a->v->text;
		return;
	}
	perm_set_cidr_node(c->n->m, p, a->v, c->keys->peer_family[k], key);
}

static void set_proto_and_ports(struct combo *c, struct permission *p)
{
	const struct alt *proto = c->pick[F_PROTO];
	p->loc_proto = c->f[F_PROTO].present ? c->f[F_PROTO].key_loc : p->loc_rule;
	p->trace_proto = field_trace(c, F_PROTO);
	if (proto->v->kind == NODE_UNKNOWN) {
		p->proto = PROTO_UNKNOWN;
		p->unknown_reason = proto->v->text;
	} else {
		perm_set_proto(c->n->m, p, val_state(proto->v) == VAL_KNOWN ? node_str(proto->v) : NULL,
			       c->keys->proto);
	}
	struct port_value from = port_value(c->pick[F_FROM]), to = port_value(c->pick[F_TO]);
	p->loc_ports = c->f[F_FROM].present ? c->f[F_FROM].key_loc
		       : c->f[F_TO].present ? c->f[F_TO].key_loc : p->loc_rule;
	p->trace_ports = field_trace(c, c->f[F_FROM].present ? F_FROM : F_TO);
	perm_set_ports(c->n->m, p, from, to, c->keys->from, c->keys->to);
	if (p->ports_state == VAL_UNKNOWN && !p->unknown_reason)
		p->unknown_reason = (from.state == VAL_UNKNOWN ? c->pick[F_FROM] : c->pick[F_TO])->v->text;
}

static void emit(struct combo *c)
{
	int peers[5], npeers = 0;
	for (int k = 0; k < 5; k++)
		if (c->keys->peers[k] && val_state(c->pick[F_PEER0 + k]->v) != VAL_ABSENT)
			peers[npeers++] = k;
	/* AWS adds nothing for a rule without a source ("the stack will launch
	 * successfully but the rule will not be added"). */
	if (npeers == 0)
		return;
	const struct rule_src *src = c->src;
	struct permission *p = new_perm(c->n, src);
	p->loc_rule = src->rule_loc.line ? src->rule_loc : src->map->loc;
	set_peer(c, p, peers[0]);
	if (npeers > 1)
		perm_mark_invalid(p, p->loc_peer, arena_printf(c->n->a, "both %s and %s are given: AWS takes exactly one source",
						  c->keys->peers[peers[0]], c->keys->peers[peers[1]]));
	set_proto_and_ports(c, p);
	const struct alt *d = c->pick[F_DESC];
	perm_set_desc(p, val_state(d->v), node_str(d->v));
	p->loc_desc = c->f[F_DESC].present ? c->f[F_DESC].key_loc : p->loc_rule;
	if (src->direction == DIR_EGRESS && src->scope == SCOPE_SECURITY_GROUP)
		mark_egress(c->n, src->group);
}

static void enumerate(struct combo *c, int i, const struct assume *as)
{
	if (c->made >= MAX_COMBINATIONS)
		return;
	if (i == F_MAX) {
		c->made++;
		emit(c);
		return;
	}
	for (uint32_t k = 0; k < c->f[i].alts.n; k++) {
		const struct assume *merged;
		if (assume_merge(c->n->a, as, c->f[i].alts.v[k].as, &merged) != 0)
			continue;
		c->pick[i] = &c->f[i].alts.v[k];
		enumerate(c, i + 1, merged);
	}
}

static void resolve_field(struct combo *c, int i, const char *key)
{
	struct field *f = &c->f[i];
	const struct node_pair *p = key ? node_get_pair(c->src->map, key) : NULL;
	f->key = key;
	f->present = p != NULL;
	f->key_loc = p ? p->key_loc : c->src->map->loc;
	cfn_resolve(c->n->cx, p ? p->value : NULL, &f->alts);
}

static void opaque_rule(struct cfn_norm *n, const struct rule_src *src, struct loc loc,
			const struct alt *a, int invalid);

static void expand_rule(struct cfn_norm *n, const struct rule_src *src, const struct rule_keys *keys,
			struct node *port_map)
{
	struct combo c;
	memset(&c, 0, sizeof(c));
	c.n = n;
	c.src = src;
	c.keys = keys;
	resolve_field(&c, F_PROTO, keys->proto);
	resolve_field(&c, F_DESC, keys->desc);
	for (int k = 0; k < 5; k++)
		resolve_field(&c, F_PEER0 + k, keys->peers[k]);
	if (port_map) { /* NACL: PortRange: {From, To} */
		struct rule_src inner = *src;
		inner.map = port_map;
		c.src = &inner;
		resolve_field(&c, F_FROM, keys->from);
		resolve_field(&c, F_TO, keys->to);
		c.src = src;
	} else {
		resolve_field(&c, F_FROM, keys->from);
		resolve_field(&c, F_TO, keys->to);
	}
	enumerate(&c, 0, src->as);
	if (c.made >= MAX_COMBINATIONS) { /* the worlds not enumerated are not checked: say so */
		struct alt rest = {node_new_unknown(n->a, src->map->loc,
						    "more than 256 combinations of alternative values"), NULL, NULL};
		opaque_rule(n, src, src->map->loc, &rest, 0);
	}
}

/* A rule that cannot be read at all: one record standing for it, unknown
 * (known only at deployment) or invalid (AWS would reject its shape). */
static void opaque_rule(struct cfn_norm *n, const struct rule_src *src, struct loc loc,
			const struct alt *a, int invalid)
{
	struct permission *p = new_perm(n, src);
	p->peer_kind = PEER_UNKNOWN;
	p->proto = PROTO_UNKNOWN;
	p->ports_state = VAL_UNKNOWN;
	p->desc_state = VAL_UNKNOWN;
	p->loc_rule = p->loc_peer = p->loc_ports = p->loc_proto = p->loc_desc = loc;
	p->trace_peer = p->trace_ports = p->trace_proto = trace_concat(n->a, a->tr, src->tr);
	if (invalid) {
		p->peer_kind = PEER_INVALID;
		p->proto = PROTO_INVALID;
		p->ports_state = VAL_INVALID;
		perm_mark_invalid(p, loc, arena_printf(n->a, "a rule must be a mapping, not a %s",
						       node_kind_name(a->v->kind)));
	} else {
		p->unknown_reason = a->v->text;
	}
	if (src->direction == DIR_EGRESS)
		mark_egress(n, src->group);
}

/* ---- security groups ----------------------------------------------------------- */

static void rule_item(struct cfn_norm *n, const struct rule_src *base, struct node *item, struct loc at)
{
	struct alts alts = {0};
	cfn_resolve(n->cx, item, &alts);
	const struct rule_keys *keys = base->direction == DIR_INGRESS ? &ingress_keys : &egress_keys;
	for (uint32_t i = 0; i < alts.n; i++) {
		struct rule_src src = *base;
		if (assume_merge(n->a, base->as, alts.v[i].as, &src.as) != 0)
			continue;
		src.tr = trace_concat(n->a, alts.v[i].tr, base->tr);
		struct node *v = alts.v[i].v;
		if (v->kind == NODE_MAP) {
			src.map = v;
			expand_rule(n, &src, keys, NULL);
		} else if (v->kind != NODE_NOVALUE && v->kind != NODE_NULL) {
			opaque_rule(n, &src, at, &alts.v[i], v->kind != NODE_UNKNOWN);
		}
	}
}

/* SecurityGroupIngress / SecurityGroupEgress: a list, or (sloppy but
 * accepted) a single mapping. */
static void inline_rules(struct cfn_norm *n, const struct rule_src *base, const struct node *props,
			 const char *key)
{
	const struct node_pair *p = node_get_pair(props, key);
	if (!p)
		return;
	struct alts lists = {0};
	cfn_resolve(n->cx, p->value, &lists);
	for (uint32_t i = 0; i < lists.n; i++) {
		struct rule_src src = *base;
		if (assume_merge(n->a, base->as, lists.v[i].as, &src.as) != 0)
			continue;
		src.tr = lists.v[i].tr;
		struct node *v = lists.v[i].v;
		if (v->kind == NODE_SEQ) {
			for (uint32_t k = 0; k < v->u.seq.n; k++)
				rule_item(n, &src, v->u.seq.items[k], v->u.seq.items[k]->loc);
		} else if (v->kind == NODE_MAP) {
			rule_item(n, &src, v, v->loc);
		} else if (v->kind != NODE_NOVALUE && v->kind != NODE_NULL) {
			opaque_rule(n, &src, p->key_loc, &lists.v[i], v->kind != NODE_UNKNOWN);
		}
	}
}

static void security_group(struct cfn_norm *n, const struct rule_src *base, struct node *props)
{
	struct rule_src src = *base;
	src.group = base->res;
	src.group_name = base->res->id;
	src.group_loc = base->res->loc;
	src.direction = DIR_INGRESS;
	inline_rules(n, &src, props, "SecurityGroupIngress");
	src.direction = DIR_EGRESS;
	inline_rules(n, &src, props, "SecurityGroupEgress");
}

/* GroupId / GroupName of a standalone rule: which group it belongs to, a
 * resource of the template or a group it only names. */
static void rule_group(struct cfn_norm *n, struct rule_src *src, const struct node *props)
{
	const char *key = node_get(props, "GroupId") ? "GroupId" : "GroupName";
	const struct node_pair *gp = node_get_pair(props, key);
	struct alts alts = {0};
	src->group_loc = gp ? gp->key_loc : src->res->loc;
	cfn_resolve(n->cx, node_get(props, key), &alts);
	if (alts.n == 0)
		return;
	const struct node *v = alts.v[0].v;
	if (v->kind == NODE_UNKNOWN && v->u.unk.ref) {
		const struct node *r = cfn_resource(n->cx, v->u.unk.ref);
		if (v->u.unk.attr && strcmp(v->u.unk.attr, "DefaultSecurityGroup") == 0 &&
		    node_str_eq(node_get(r, "Type"), "AWS::EC2::VPC")) {
			src->default_group = 1;
			src->group_name = arena_printf(n->a, "%s.DefaultSecurityGroup", v->u.unk.ref);
			src->group = model_external(n->m, src->group_name, "AWS::EC2::SecurityGroup",
						    SCHEMA_CLOUDFORMATION);
			return;
		}
		src->group_name = v->u.unk.ref;
		src->group = model_find(n->m, v->u.unk.ref);
	} else if (node_str(v)) {
		src->group_name = node_str(v);
		src->group = model_external(n->m, src->group_name, "AWS::EC2::SecurityGroup", SCHEMA_CLOUDFORMATION);
		/* in a default VPC, the group named "default" is its default group */
		src->default_group = strcmp(key, "GroupName") == 0 && strcmp(src->group_name, "default") == 0;
	}
}

/* A standalone rule or entry belongs to its group or ACL: a graph edge. */
static void tie_to_group(struct cfn_norm *n, const struct rule_src *src)
{
	if (src->group)
		model_add_edge(n->m, src->res, src->group, EDGE_RULE_OF, NULL, src->group_loc);
}

static void standalone_rule(struct cfn_norm *n, const struct rule_src *base, struct node *props,
			    int direction)
{
	struct rule_src src = *base;
	src.direction = direction;
	src.rule_loc = base->res->loc;
	rule_group(n, &src, props);
	tie_to_group(n, &src);
	rule_item(n, &src, props, base->res->loc);
}

static void nacl_entry(struct cfn_norm *n, const struct rule_src *base, struct node *props)
{
	struct rule_src src = *base;
	src.scope = SCOPE_NETWORK_ACL;
	src.map = props;
	struct alts v = {0};
	const struct node_pair *acl = node_get_pair(props, "NetworkAclId");
	cfn_resolve(n->cx, acl ? acl->value : NULL, &v);
	src.group_name = v.n ? ref_text(v.v[0].v) : NULL;
	if (v.n && v.v[0].v->kind == NODE_UNKNOWN && v.v[0].v->u.unk.ref)
		src.group = model_find(n->m, v.v[0].v->u.unk.ref);
	else if (src.group_name)
		src.group = model_external(n->m, src.group_name, "AWS::EC2::NetworkAcl", SCHEMA_CLOUDFORMATION);
	src.group_loc = acl ? acl->key_loc : src.res->loc;
	tie_to_group(n, &src);
	int egress = 0;
	cfn_resolve(n->cx, node_get(props, "Egress"), &v);
	if (v.n && node_bool(v.v[0].v, &egress) != 0)
		egress = 0;
	src.direction = egress ? DIR_EGRESS : DIR_INGRESS;
	size_t first = n->m->perms.n;
	struct node *range = node_get(props, "PortRange");
	struct alts ranges = {0};
	cfn_resolve(n->cx, range, &ranges);
	expand_rule(n, &src, &nacl_keys, ranges.n && ranges.v[0].v->kind == NODE_MAP ? ranges.v[0].v : NULL);
	/* rule number and action apply to every record of this entry */
	struct alts num = {0}, act = {0};
	cfn_resolve(n->cx, node_get(props, "RuleNumber"), &num);
	cfn_resolve(n->cx, node_get(props, "RuleAction"), &act);
	for (size_t i = first; i < n->m->perms.n; i++)
		perm_set_nacl_entry(n->m, &n->m->perms.v[i], num.n ? num.v[0].v : NULL, act.n ? act.v[0].v : NULL,
				    act.n && act.v[0].v->kind == NODE_UNKNOWN);
}

/* ---- resources ---------------------------------------------------------------- */

static void parse_suppressions(struct cfn_norm *n, struct resource *r, const struct node *meta)
{
	const struct node *list = node_get(node_get(meta, "sgcheck"), "suppress");
	if (!list)
		return;
	if (list->kind != NODE_SEQ) {
		model_error(n->m, list->loc, "Metadata.sgcheck.suppress must be a list of {rule, reason}");
		return;
	}
	struct suppression *s = arena_alloc(n->a, sizeof(*s) * (list->u.seq.n ? list->u.seq.n : 1));
	uint32_t k = 0;
	for (uint32_t i = 0; i < list->u.seq.n; i++) {
		const struct node *item = list->u.seq.items[i];
		const char *rule = node_str(node_get(item, "rule"));
		const char *reason = node_str(node_get(item, "reason"));
		if (!rule) {
			model_error(n->m, item->loc, "suppression needs a 'rule' (a rule id)");
			continue;
		}
		if (!reason || !*reason) {
			model_error(n->m, item->loc, "suppression of %s needs a non-empty 'reason'", rule);
			continue;
		}
		s[k].rule = rule;
		s[k].reason = reason;
		s[k].loc = item->loc;
		k++;
	}
	r->supp = s;
	r->nsupp = k;
}

static struct resource *add_resource(struct cfn_norm *n, const struct node_pair *pair)
{
	const struct node *def = pair->value;
	const char *type = node_str(node_get(def, "Type"));
	struct resource *r = model_add_resource(n->m, pair->key, type ? type : "", pair->key_loc,
						SCHEMA_CLOUDFORMATION);
	r->props = node_get(def, "Properties");
	const struct node *meta = node_get(def, "Metadata");
	r->path = node_str(node_get(meta, "aws:cdk:path"));
	parse_suppressions(n, r, meta);
	return r;
}

/* AWS gives a group without egress rules an allow-all egress rule. */
static void implicit_egress(struct cfn_norm *n, const struct rule_src *src)
{
	struct permission *p = model_add_perm(n->m);
	p->scope = SCOPE_SECURITY_GROUP;
	p->direction = DIR_EGRESS;
	p->implicit = 1;
	p->res = src->res;
	p->group = src->res;
	p->group_name = src->res->id;
	p->proto = PROTO_ALL;
	perm_set_ports(n->m, p, (struct port_value){VAL_ABSENT, NULL},
		       (struct port_value){VAL_ABSENT, NULL}, "FromPort", "ToPort");
	perm_set_cidr(n->m, p, "0.0.0.0/0", 4, "SecurityGroupEgress");
	p->desc_state = VAL_KNOWN;
	p->description = "default egress rule added by AWS";
	p->loc_rule = p->loc_peer = p->loc_ports = p->loc_proto = p->loc_desc = src->res->loc;
	p->trace_peer = trace_push(n->a, src->tr, src->res->loc,
				   "no SecurityGroupEgress: AWS adds allow-all egress to 0.0.0.0/0");
}

/* Resource Condition: decided false means not deployed (and said so: a
 * user passing -p learns what else to try); undecided means deployed
 * under the assumption that it is true. */
static int resource_condition(struct cfn_norm *n, const struct node *def, struct rule_src *src,
			      struct resource *r)
{
	const struct node *cond = node_get(def, "Condition");
	const char *name = node_str(cond);
	if (!name)
		return 1;
	int v = cfn_condition(n->cx, name, cond->loc);
	if (v == TRI_FALSE) {
		r->left_out = arena_printf(n->a, "Condition %s is false under these parameters", name);
		return 0;
	}
	if (v == TRI_UNKNOWN) {
		struct assume *as = arena_alloc(n->a, sizeof(*as));
		as->cond = name;
		as->value = 1;
		src->as = as;
		src->tr = trace_push(n->a, NULL, cond->loc,
				     arena_printf(n->a, "Condition %s (undecided: assumed deployed)", name));
	}
	return 1;
}

static void each_properties(struct cfn_norm *n, const struct rule_src *base, const struct node *def,
			    void (*fn)(struct cfn_norm *, const struct rule_src *, struct node *, int), int arg)
{
	struct alts props = {0};
	cfn_resolve(n->cx, node_get(def, "Properties"), &props);
	for (uint32_t i = 0; i < props.n; i++) {
		struct rule_src src = *base;
		if (assume_merge(n->a, base->as, props.v[i].as, &src.as) != 0)
			continue;
		struct node *v = props.v[i].v;
		if (v->kind == NODE_NOVALUE)
			v = node_new(n->a, NODE_MAP, base->res->loc);
		if (v->kind == NODE_MAP)
			fn(n, &src, v, arg);
	}
}

static void do_group(struct cfn_norm *n, const struct rule_src *s, struct node *p, int arg)
{
	(void)arg;
	security_group(n, s, p);
}

static void do_standalone(struct cfn_norm *n, const struct rule_src *s, struct node *p, int dir)
{
	standalone_rule(n, s, p, dir);
}

static void do_nacl(struct cfn_norm *n, const struct rule_src *s, struct node *p, int arg)
{
	(void)arg;
	nacl_entry(n, s, p);
}

/* AWS::EC2::PrefixList Entries: [{Cidr, Description}]: the CIDRs a rule
 * naming the list admits (every alternative counts). */
static void do_prefix_list(struct cfn_norm *n, const struct rule_src *s, struct node *props, int arg)
{
	(void)arg;
	const struct node_pair *ep = node_get_pair(props, "Entries");
	struct alts lists = {0};
	if (!ep)
		return;
	cfn_resolve(n->cx, ep->value, &lists);
	for (uint32_t i = 0; i < lists.n; i++) {
		struct node *l = lists.v[i].v;
		if (l->kind == NODE_UNKNOWN) {
			model_add_prefix_entry(n->m, s->res, NULL, l->text, ep->key_loc, lists.v[i].tr);
			continue;
		}
		for (uint32_t k = 0; l->kind == NODE_SEQ && k < l->u.seq.n; k++) {
			struct alts items = {0};
			cfn_resolve(n->cx, l->u.seq.items[k], &items);
			for (uint32_t j = 0; j < items.n; j++) {
				const struct node_pair *cp = node_get_pair(items.v[j].v, "Cidr");
				struct alts cidrs = {0};
				if (!cp)
					continue;
				cfn_resolve(n->cx, cp->value, &cidrs);
				for (uint32_t q = 0; q < cidrs.n; q++) {
					struct node *c = cidrs.v[q].v;
					const struct trace_step *tr = cidrs.v[q].tr;
					if (c->kind == NODE_UNKNOWN)
						model_add_prefix_entry(n->m, s->res, NULL, c->text, cp->key_loc, tr);
					else if (node_str(c))
						model_add_prefix_entry(n->m, s->res, node_str(c), NULL, cp->key_loc, tr);
				}
			}
		}
	}
}

/* One value a parent passes: a string, a list joined with commas (a
 * CommaDelimitedList), or NULL when it is known only at deployment. */
static const char *passed_value(struct cfn_norm *n, struct node *v)
{
	struct alts a = {0};
	cfn_resolve(n->cx, v, &a);
	if (a.n != 1)
		return NULL;
	v = a.v[0].v;
	if (v->kind == NODE_STR || v->kind == NODE_NUM || v->kind == NODE_BOOL)
		return node_str(v);
	if (v->kind != NODE_SEQ)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < v->u.seq.n; i++) {
		const char *s = passed_value(n, v->u.seq.items[i]);
		if (!s) {
			sb_release(&sb);
			return NULL;
		}
		sb_addf(&sb, "%s%s", i ? "," : "", s);
	}
	const char *out = arena_strndup(n->a, sb_str(&sb), sb.len);
	sb_release(&sb);
	return out;
}

/* AWS::CloudFormation::Stack: a local TemplateURL (before `aws
 * cloudformation package`) is a unit this one deploys, with the
 * Parameters it passes; a remote or unknown one is a note. */
static void do_stack(struct cfn_norm *n, const struct rule_src *s, struct node *props, int arg)
{
	(void)arg;
	const struct node_pair *up = node_get_pair(props, "TemplateURL");
	struct alts urls = {0};
	const char *id = s->res->id;
	if (!up) {
		diags_add(&n->m->notes, s->res->loc, "nested stack %s has no TemplateURL: not scanned", id);
		return;
	}
	cfn_resolve(n->cx, up->value, &urls);
	const char *url = urls.n == 1 ? node_str(urls.v[0].v) : NULL;
	if (!url) {
		diags_add(&n->m->notes, up->key_loc,
			  "nested stack %s: TemplateURL is known only at deployment: its template is not scanned", id);
		return;
	}
	if (strstr(url, "://") || strncmp(url, "s3.", 3) == 0) {
		diags_add(&n->m->notes, up->key_loc,
			  "nested stack %s: TemplateURL %s is remote: its template is not scanned (scan the local "
			  "template before `aws cloudformation package`, or scan it on its own)", id, url);
		return;
	}
	struct model_nested nest = {url, up->key_loc.file, id, up->key_loc, NULL, 0};
	const struct node *params = node_get(props, "Parameters");
	if (params && params->kind == NODE_MAP) {
		nest.inputs = arena_alloc(n->a, sizeof(*nest.inputs) * (params->u.map.n ? params->u.map.n : 1));
		for (uint32_t i = 0; i < params->u.map.n; i++) {
			const struct node_pair *p = &params->u.map.pairs[i];
			nest.inputs[nest.ninputs++] = (struct model_input){
				p->key, passed_value(n, p->value),
				arena_printf(n->a, "passed by %s.Parameters.%s, %s:%u", id, p->key,
					     p->key_loc.file ? p->key_loc.file : "", p->key_loc.line)};
		}
	}
	VEC_PUSH(n->m->nested, nest);
}

static void normalize_resource(struct cfn_norm *n, struct resource *r, const struct node *def,
			       struct rule_src *src)
{
	memset(src, 0, sizeof(*src));
	src->res = r;
	if (!resource_condition(n, def, src, r))
		return;
	r->deployed = 1;
	if (strcmp(r->type, "AWS::EC2::SecurityGroup") == 0)
		each_properties(n, src, def, do_group, 0);
	else if (strcmp(r->type, "AWS::EC2::SecurityGroupIngress") == 0)
		each_properties(n, src, def, do_standalone, DIR_INGRESS);
	else if (strcmp(r->type, "AWS::EC2::SecurityGroupEgress") == 0)
		each_properties(n, src, def, do_standalone, DIR_EGRESS);
	else if (strcmp(r->type, "AWS::EC2::NetworkAclEntry") == 0)
		each_properties(n, src, def, do_nacl, 0);
	else if (strcmp(r->type, "AWS::EC2::PrefixList") == 0)
		each_properties(n, src, def, do_prefix_list, 0);
	else if (strcmp(r->type, "AWS::CloudFormation::Stack") == 0)
		each_properties(n, src, def, do_stack, 0);
}

static void hand_out(struct model *m, const char *name, size_t len)
{
	struct resource *r = model_find(m, arena_strndup(m->a, name, len));
	if (r)
		r->handed_out = 1;
}

static const char *first_str(const struct node *v)
{
	return v->kind == NODE_SEQ && v->u.seq.n ? node_str(v->u.seq.items[0]) : NULL;
}

/* "${Web.PublicIp} and ${Sg}": the resources a Fn::Sub names. */
static void hand_out_sub(struct model *m, const char *s)
{
	for (const char *p = s ? strstr(s, "${") : NULL; p; p = strstr(p + 2, "${"))
		hand_out(m, p + 2, strcspn(p + 2, ".}"));
}

/* Every resource an Output refers to (Ref, Fn::GetAtt, Fn::Sub) is handed
 * out: another stack may attach a group this one does not use. */
static void hand_out_refs(struct model *m, const struct node *v, int depth)
{
	if (!v || depth > 64)
		return;
	if (v->kind == NODE_SEQ)
		for (uint32_t i = 0; i < v->u.seq.n; i++)
			hand_out_refs(m, v->u.seq.items[i], depth + 1);
	if (v->kind != NODE_MAP)
		return;
	for (uint32_t i = 0; i < v->u.map.n; i++) {
		const struct node_pair *p = &v->u.map.pairs[i];
		const char *s = node_str(p->value);
		if (strcmp(p->key, "Ref") == 0 && s)
			hand_out(m, s, strlen(s));
		else if (strcmp(p->key, "Fn::GetAtt") == 0 && s)
			hand_out(m, s, strcspn(s, "."));
		else if (strcmp(p->key, "Fn::GetAtt") == 0 && (s = first_str(p->value)) != NULL)
			hand_out(m, s, strlen(s));
		else if (strcmp(p->key, "Fn::Sub") == 0)
			hand_out_sub(m, s ? s : first_str(p->value));
		hand_out_refs(m, p->value, depth + 1);
	}
}

void cfn_normalize(struct cfn_ctx *cx, struct model *m)
{
	struct cfn_norm n;
	memset(&n, 0, sizeof(n));
	n.cx = cx;
	n.m = m;
	n.a = m->a;
	const struct node *resources = cx->resources.map;
	if (!resources || resources->kind != NODE_MAP)
		return;
	/* every resource first: a rule may name a group declared after it */
	for (uint32_t i = 0; i < resources->u.map.n; i++)
		add_resource(&n, &resources->u.map.pairs[i]);
	n.has_egress = arena_alloc(n.a, m->resources.n ? m->resources.n : 1);
	VEC(struct rule_src) groups = {0};
	for (uint32_t i = 0; i < resources->u.map.n; i++) {
		struct rule_src src;
		struct resource *r = m->resources.v[i];
		normalize_resource(&n, r, resources->u.map.pairs[i].value, &src);
		if (r->deployed && strcmp(r->type, "AWS::EC2::SecurityGroup") == 0)
			VEC_PUSH(groups, src);
	}
	for (size_t i = 0; i < groups.n; i++)
		if (!n.has_egress[groups.v[i].res->index])
			implicit_egress(&n, &groups.v[i]);
	free(groups.v);
	if (m->docs.n)
		hand_out_refs(m, node_get(m->docs.v[0]->root, "Outputs"), 0);
}
