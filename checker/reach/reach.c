/* reach.c - the graph of a unit and its reachability; see reach.h.
 *
 * Building reads each resource of a type the table knows once (types.c)
 * and indexes what ties the network together: targets per group, route
 * table and network ACL per subnet, the main route table and default ACL
 * per VPC, routes per route table, Elastic IPs and listeners per target,
 * ACL entries per ACL. A question about a permission then walks its
 * group's targets, and each target's subnets, route table, routes and ACL.
 *
 * Three-valued throughout: a link is open (T), closed (F) or unknown (U).
 * A path is the AND of its links (closed wins over unknown: a decided
 * closed link is enough); a target is the OR over its subnets.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/props.h"
#include "reach/internal.h"

enum { F, T, U };

#define MAX_HOPS 12

/* Stands for "a resource we cannot know" in the indexes. */
static const struct resource unknown_res = {.id = "?"};

/* What a property refers to: a resource of the unit, or (to NULL) what
 * only deployment decides, described by `text`. */
struct ref {
	const struct resource *to;
	const char *text;
	int literal; /* text is a literal id (of something outside the unit) */
};
typedef VEC(struct ref) ref_vec;

struct tlist {
	const struct resource *target;
	struct tlist *next;
};

struct acl_entry {
	int32_t num;
	uint8_t egress, allow, unknown;
	int proto;
	int32_t lo, hi; /* tcp/udp ports */
	struct cidr cidr;
};

struct acl {
	struct acl_entry *e;
	uint32_t n, cap;
	int sorted;
	int defaulted; /* AWS's own allow-all rules added (a VPC's default ACL) */
};

struct route {
	struct cidr dest;
	uint8_t known;  /* the destination is known */
	uint8_t to_igw; /* F, T or U */
	const struct resource *res; /* the route (or the table of an inline route) */
	const struct resource *gw;  /* the internet gateway, when known */
	const char *other;          /* what else it goes to */
	struct route *next;
};

struct ports {
	struct port_range *r;
	uint32_t n, cap;
	int unknown; /* one of them is known only at deployment */
};

struct reach {
	struct model *m;
	struct arena *a;
	const struct rtype **rt; /* per declared resource */
	struct hmap paths;       /* path text -> struct prop_path */
	struct pmap path_lists;  /* "|"-separated list (its pointer) -> struct path_list */
	struct pmap targets;     /* group -> struct tlist */
	struct pmap groups_of;   /* target -> struct tlist of its groups (AWS allows a few) */
	struct pmap subnet_rt, subnet_acl, vpc_main_rt, vpc_default_acl, igw_vpc, eip_of;
	struct pmap routes;      /* route table -> struct route list */
	struct pmap acls;        /* ACL (or VPC, for its default ACL) -> struct acl */
	struct pmap listeners;   /* load balancer -> struct ports */
	struct pmap done;        /* permission -> its exposure */
	const char *unknown_attach; /* a target whose groups only deployment decides */
	prop_values vals;
	const char *flag_text; /* the value flag_at() decided on */
};

const char *reach_name(int reach)
{
	static const char *const names[] = {"none", "internal", "unknown", "internet", "unattached"};
	return reach >= 0 && reach <= REACH_UNATTACHED ? names[reach] : "none";
}

/* The mutable record an index holds (the indexes hold const pointers). */
static void *pmap_mut(const struct pmap *m, const void *key)
{
	union {
		const void *c;
		void *v;
	} u = {pmap_get(m, key)};
	return u.v;
}

/* ---- properties ------------------------------------------------------------------ */

static const struct prop_path *path_of(struct reach *g, const char *text)
{
	struct prop_path *p = hmap_get(&g->paths, text);
	if (p)
		return p;
	p = arena_alloc(g->a, sizeof(*p));
	if (prop_path_parse(g->a, arena_strdup(g->a, text), p) != 0)
		p->n = 0;
	hmap_put(&g->paths, p->text, p);
	return p;
}

/* The paths of a "|"-separated list, parsed once per list. Lists are
 * known by their pointer: they are the type table's strings or the
 * unit arena's, which do not change while g lives, and each is asked for
 * every resource of its type. */
struct path_list {
	uint32_t n;
	const struct prop_path *v[];
};

static const struct path_list *paths_of(struct reach *g, const char *paths)
{
	const struct path_list *done = pmap_get(&g->path_lists, paths);
	if (done)
		return done;
	uint32_t n = 1;
	for (const char *s = paths; *s; s++)
		n += *s == '|';
	struct path_list *l = arena_alloc(g->a, sizeof(*l) + n * sizeof(l->v[0]));
	for (const char *s = paths; *s;) {
		size_t len = strcspn(s, "|");
		const struct prop_path *p = path_of(g, arena_strndup(g->a, s, len));
		if (p->n)
			l->v[l->n++] = p;
		s += len + (s[len] == '|');
	}
	pmap_put(&g->path_lists, paths, l);
	return l;
}

/* Every value of r at the "|"-separated paths (in g->vals). */
static void values_at(struct reach *g, const struct resource *r, const char *paths)
{
	g->vals.n = 0;
	const struct path_list *l = paths ? paths_of(g, paths) : NULL;
	for (uint32_t i = 0; l && i < l->n; i++)
		props_get(g->m, r, l->v[i], &g->vals);
}

static const char *value_text(const struct prop_value *v)
{
	if (v->state == VAL_UNKNOWN)
		return v->v && v->v->text ? v->v->text : "known only at deployment";
	return node_str(v->v) ? node_str(v->v) : "?";
}

/* The references of one value, through the frontend's resolver: as edges
 * of the model, then read back. A literal names an external node of the
 * model (a group given by its id) or nothing we know. */
static void refs_of_value(struct reach *g, const struct resource *r, const struct prop_value *v,
			  const struct prop_path *path, ref_vec *out)
{
	struct model *m = g->m;
	size_t mark = m->edges.n;
	if (v->state == VAL_ABSENT || !m->resolver.refer)
		return;
	m->resolver.refer(m->resolver.ctx, m, r, v, path);
	for (size_t i = mark; i < m->edges.n; i++) {
		struct ref ref = {m->edges.v[i].to, value_text(v), 0};
		if (!ref.to || ref.to->deployed || ref.to->external)
			VEC_PUSH(*out, ref);
	}
	if (m->edges.n == mark && v->state == VAL_KNOWN && node_str(v->v)) {
		struct ref ref = {hmap_get(&m->external_by_name, node_str(v->v)), node_str(v->v), 1};
		VEC_PUSH(*out, ref);
	}
}

/* What r refers to at the paths, appended to out. */
static void refs_at(struct reach *g, const struct resource *r, const char *paths, ref_vec *out)
{
	const struct path_list *l = paths ? paths_of(g, paths) : NULL;
	for (uint32_t k = 0; l && k < l->n; k++) {
		g->vals.n = 0;
		props_get(g->m, r, l->v[k], &g->vals);
		for (size_t i = 0; i < g->vals.n; i++)
			refs_of_value(g, r, &g->vals.v[i], l->v[k], out);
	}
}

/* The first thing r refers to at the paths: a resource, &unknown_res, or
 * NULL when the property is not set. */
static const struct resource *ref1(struct reach *g, const struct resource *r, const char *paths)
{
	ref_vec refs = {0};
	refs_at(g, r, paths, &refs);
	const struct resource *to = refs.n ? (refs.v[0].to ? refs.v[0].to : &unknown_res) : NULL;
	free(refs.v);
	return to;
}

enum flag { FL_ABSENT, FL_NO, FL_YES, FL_UNKNOWN };

static int flag_of_value(const struct prop_value *v, const char *yes)
{
	int b;
	int64_t k;
	if (v->state == VAL_UNKNOWN)
		return FL_UNKNOWN;
	if (v->state != VAL_KNOWN)
		return FL_ABSENT;
	if (yes)
		return node_str(v->v) && strcasecmp(node_str(v->v), yes) == 0 ? FL_YES : FL_NO;
	if (node_bool(v->v, &b) == 0)
		return b ? FL_YES : FL_NO;
	if (node_int(v->v, &k) == 0)
		return k > 0 ? FL_YES : FL_NO;
	return node_str(v->v) && *node_str(v->v) ? FL_YES : FL_NO; /* an address */
}

/* A flag over all its values: yes wins, then unknown, then no. */
static int flag_at(struct reach *g, const struct resource *r, const char *paths, const char *yes)
{
	int have_no = 0, have_unknown = 0;
	g->flag_text = "not set";
	if (!r || !paths)
		return FL_ABSENT;
	values_at(g, r, paths);
	for (size_t i = 0; i < g->vals.n; i++) {
		int f = flag_of_value(&g->vals.v[i], yes);
		if (f != FL_ABSENT && (f == FL_YES || !have_no))
			g->flag_text = value_text(&g->vals.v[i]);
		if (f == FL_YES)
			return FL_YES;
		have_unknown |= f == FL_UNKNOWN;
		have_no |= f == FL_NO;
	}
	return have_unknown ? FL_UNKNOWN : have_no ? FL_NO : FL_ABSENT;
}

static const struct rtype *rtype(const struct reach *g, const struct resource *r)
{
	return r && !r->external && r != &unknown_res && r->index < g->m->resources.n &&
			       g->m->resources.v[r->index] == r
		       ? g->rt[r->index]
		       : NULL;
}

static int kind_of(const struct reach *g, const struct resource *r)
{
	const struct rtype *t = rtype(g, r);
	return t ? t->kind : RK_NONE;
}

/* "instance Web", "nat AWS::EC2::NatGateway Nat" */
static const char *name_of(const struct reach *g, const struct resource *r)
{
	const struct rtype *t = rtype(g, r);
	if (r == &unknown_res || !r)
		return "something known only at deployment";
	/* arena_cat ends at the first NULL: neither part may be one */
	return arena_cat(g->a, t && t->label ? t->label : r->type ? r->type : "resource", " ", r->id ? r->id : "?",
			 NULL);
}

/* ---- building ----------------------------------------------------------------------- */

static void tlist_push(struct reach *g, struct pmap *map, const struct resource *key,
		       const struct resource *item)
{
	struct tlist *t = arena_alloc(g->a, sizeof(*t));
	t->target = item;
	t->next = pmap_mut(map, key);
	pmap_put(map, key, t);
}

/* The duplicate check walks the target's groups, not the group's targets:
 * a group shared by thousands of instances made the walk quadratic, while
 * a target has at most a handful of groups. */
static void add_target(struct reach *g, const struct resource *group, const struct resource *target)
{
	for (const struct tlist *t = pmap_get(&g->groups_of, target); t; t = t->next)
		if (t->target == group)
			return;
	tlist_push(g, &g->groups_of, target, group);
	tlist_push(g, &g->targets, group, target);
}

/* The launch template or configuration a target starts from, or NULL. */
static const struct resource *launch_of(struct reach *g, const struct resource *r)
{
	const struct rtype *t = rtype(g, r);
	const struct resource *l = t && t->link && (t->kind == RK_INSTANCE || t->kind == RK_ASG) ? ref1(g, r, t->link)
												       : NULL;
	return kind_of(g, l) == RK_LAUNCH ? l : NULL;
}

/* A target's groups, its launch template's included: each is an edge. */
static void attach_groups(struct reach *g, const struct resource *r, const struct resource *target)
{
	ref_vec refs = {0};
	refs_at(g, r, rtype(g, r)->groups, &refs);
	const struct resource *l = launch_of(g, r);
	if (l)
		refs_at(g, l, rtype(g, l)->groups, &refs);
	for (size_t i = 0; i < refs.n; i++) {
		if (refs.v[i].to)
			add_target(g, refs.v[i].to, target);
		else if (!g->unknown_attach)
			g->unknown_attach = arena_printf(g->a, "%s uses a group known only at deployment (%s)",
							 name_of(g, r), refs.v[i].text);
	}
	free(refs.v);
}

static void put_ref(struct pmap *map, const struct resource *key, const struct resource *value)
{
	if (key && key != &unknown_res && value)
		pmap_put(map, key, value);
}

static struct route *route_new(struct reach *g, const struct resource *owner, const struct resource *table)
{
	struct route *rt = arena_alloc(g->a, sizeof(*rt));
	rt->res = owner;
	rt->next = pmap_mut(&g->routes, table);
	pmap_put(&g->routes, table, rt);
	return rt;
}

/* Where a route goes: an internet gateway (T), something else (F), or
 * what only deployment decides (U). A literal igw- id is an internet
 * gateway (AWS routes only to one attached to the VPC). */
static void route_target(struct reach *g, struct route *rt, const struct resource *r, const char *gateway,
			 const char *others)
{
	ref_vec refs = {0};
	refs_at(g, r, gateway, &refs);
	rt->to_igw = F;
	for (size_t i = 0; i < refs.n; i++) {
		const struct ref *x = &refs.v[i];
		if (kind_of(g, x->to) == RK_IGW || (!x->to && strncmp(x->text, "igw-", 4) == 0)) {
			rt->to_igw = T;
			rt->gw = x->to;
			rt->other = x->to ? NULL : x->text;
		} else if (!x->to && strcmp(x->text, "local") != 0) {
			rt->to_igw = U;
			rt->other = x->text;
		} else {
			rt->other = x->to ? name_of(g, x->to) : x->text;
		}
	}
	refs.n = 0;
	refs_at(g, r, others, &refs);
	if (refs.n && rt->to_igw == F)
		rt->other = refs.v[0].to ? name_of(g, refs.v[0].to) : refs.v[0].text;
	free(refs.v);
}

/* The destination: IPv4, else IPv6; unknown (rt->known 0) when neither is
 * known, or absent in both. */
static void route_dest(struct reach *g, struct route *rt, const struct resource *r, const char *v4, const char *v6)
{
	const char *paths[2] = {v4, v6};
	for (int k = 0; k < 2; k++) {
		values_at(g, r, paths[k]);
		for (size_t i = 0; i < g->vals.n; i++) {
			const char *s = g->vals.v[i].state == VAL_KNOWN ? node_str(g->vals.v[i].v) : NULL;
			if (s && *s && cidr_parse(s, &rt->dest) == 0) {
				rt->known = 1;
				return;
			}
		}
	}
}

static void add_route(struct reach *g, const struct resource *r, const struct rtype *t)
{
	const struct resource *table = ref1(g, r, t->link);
	if (!table || table == &unknown_res)
		return;
	struct route *rt = route_new(g, r, table);
	route_dest(g, rt, r, t->flag, t->flag6);
	route_target(g, rt, r, t->gateway, t->link2);
}

/* Terraform's inline route blocks of a route table. */
static void add_inline_routes(struct reach *g, const struct resource *r, const char *block)
{
	values_at(g, r, arena_printf(g->a, "%s[*]", block));
	size_t n = g->vals.n;
	for (size_t k = 0; k < n && k < 64; k++) {
		const char *p = arena_printf(g->a, "%s[%zu].", block, k);
		struct route *rt = route_new(g, r, r);
		route_dest(g, rt, r, arena_printf(g->a, "%scidr_block", p), arena_printf(g->a, "%sipv6_cidr_block", p));
		route_target(g, rt, r, arena_printf(g->a, "%sgateway_id", p),
			     arena_printf(g->a, "%snat_gateway_id|%segress_only_gateway_id|%stransit_gateway_id|"
						"%svpc_peering_connection_id|%snetwork_interface_id",
					  p, p, p, p, p));
	}
}

static void subnets_to(struct reach *g, const struct resource *r, const char *paths, struct pmap *map,
		       const struct resource *value)
{
	ref_vec refs = {0};
	refs_at(g, r, paths, &refs);
	for (size_t i = 0; i < refs.n; i++)
		put_ref(map, refs.v[i].to, value);
	free(refs.v);
}

/* One resource into the indexes, by what it is. */
static void index_resource(struct reach *g, const struct resource *r, const struct rtype *t)
{
	switch (t->kind) {
	case RK_INSTANCE: case RK_ENI: case RK_ASG: case RK_LB: case RK_DB: case RK_SERVICE:
		attach_groups(g, r, r);
		break;
	case RK_SG_ATTACH: {
		const struct resource *eni = ref1(g, r, t->link), *grp = ref1(g, r, t->groups);
		if (eni && eni != &unknown_res && grp && grp != &unknown_res)
			add_target(g, grp, eni);
		break;
	}
	case RK_EIP:
		put_ref(&g->eip_of, ref1(g, r, t->link), r);
		put_ref(&g->eip_of, ref1(g, r, t->link2), r);
		break;
	case RK_RT_ASSOC:
		put_ref(&g->subnet_rt, ref1(g, r, t->link2), ref1(g, r, t->link));
		break;
	case RK_MAIN_RT:
		put_ref(&g->vpc_main_rt, ref1(g, r, t->vpc), t->link ? ref1(g, r, t->link) : r);
		if (t->routes)
			add_inline_routes(g, r, t->routes);
		break;
	case RK_RT:
		if (t->routes)
			add_inline_routes(g, r, t->routes);
		break;
	case RK_ROUTE:
		add_route(g, r, t);
		break;
	case RK_IGW:
		put_ref(&g->igw_vpc, r, ref1(g, r, t->vpc));
		break;
	case RK_IGW_ATTACH:
		put_ref(&g->igw_vpc, ref1(g, r, t->link), ref1(g, r, t->vpc));
		break;
	case RK_NACL:
		subnets_to(g, r, t->subnets, &g->subnet_acl, r);
		break;
	case RK_DEFAULT_NACL:
		put_ref(&g->vpc_default_acl, ref1(g, r, t->vpc), r);
		subnets_to(g, r, t->subnets, &g->subnet_acl, r);
		break;
	case RK_NACL_ASSOC:
		put_ref(&g->subnet_acl, ref1(g, r, t->link2), ref1(g, r, t->link));
		break;
	default:
		break;
	}
}

static void ports_add(struct arena *a, struct ports *ps, int32_t lo, int32_t hi)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 4;
		struct port_range *r = arena_alloc(a, sizeof(*r) * ps->cap);
		if (ps->n)
			memcpy(r, ps->r, sizeof(*r) * ps->n);
		ps->r = r;
	}
	ps->r[ps->n++] = (struct port_range){lo, hi};
}

/* Listening ports written at `paths` of r; -1 when one is unknown. */
static int ports_at(struct reach *g, const struct resource *r, const char *paths, struct ports *ps)
{
	int unknown = 0;
	values_at(g, r, paths);
	for (size_t i = 0; i < g->vals.n; i++) {
		int64_t k;
		if (g->vals.v[i].state == VAL_KNOWN && node_int(g->vals.v[i].v, &k) == 0 && k >= 0 && k <= 65535)
			ports_add(g->a, ps, (int32_t)k, (int32_t)k);
		else if (g->vals.v[i].state != VAL_ABSENT)
			unknown = 1;
	}
	return unknown ? -1 : 0;
}

static void index_listener(struct reach *g, const struct resource *r, const struct rtype *t)
{
	const struct resource *lb = ref1(g, r, t->link);
	if (!lb || lb == &unknown_res)
		return;
	struct ports *ps = pmap_mut(&g->listeners, lb);
	if (!ps) {
		ps = arena_alloc(g->a, sizeof(*ps));
		pmap_put(&g->listeners, lb, ps);
	}
	if (ports_at(g, r, t->port, ps) != 0)
		ps->unknown = 1;
}

static void acl_add(struct reach *g, const struct resource *owner, struct acl_entry e)
{
	struct acl *acl = pmap_mut(&g->acls, owner);
	if (!acl) {
		acl = arena_alloc(g->a, sizeof(*acl));
		pmap_put(&g->acls, owner, acl);
	}
	if (acl->n == acl->cap) {
		acl->cap = acl->cap ? acl->cap * 2 : 8;
		struct acl_entry *v = arena_alloc(g->a, sizeof(*v) * acl->cap);
		if (acl->n)
			memcpy(v, acl->e, sizeof(*v) * acl->n);
		acl->e = v;
	}
	acl->e[acl->n++] = e;
}

/* Network ACL entries by the ACL they belong to (a VPC: its default ACL). */
static void index_acl_entries(struct reach *g)
{
	for (size_t i = 0; i < g->m->perms.n; i++) {
		const struct permission *p = &g->m->perms.v[i];
		if (p->scope != SCOPE_NETWORK_ACL || !p->group || p->invalid || p->derived)
			continue;
		struct acl_entry e = {p->rule_number, p->direction == DIR_EGRESS, p->action == ACTION_ALLOW, 0,
				      p->proto, 0, 65535, p->cidr};
		e.unknown = p->peer_kind != PEER_CIDR || p->action == ACTION_UNKNOWN || p->proto == PROTO_UNKNOWN ||
			    p->ports_state == VAL_UNKNOWN;
		if (proto_has_ports(p->proto) && p->nranges) {
			e.lo = p->ranges[0].lo;
			e.hi = p->ranges[p->nranges - 1].hi;
		}
		acl_add(g, p->group, e);
	}
}

struct reach *reach_build(struct model *m)
{
	struct reach *g = arena_alloc(m->a, sizeof(*g));
	g->m = m;
	g->a = m->a;
	hmap_init(&g->paths, m->a);
	struct pmap *maps[] = {&g->targets, &g->groups_of, &g->subnet_rt, &g->subnet_acl,
			       &g->vpc_main_rt, &g->vpc_default_acl, &g->igw_vpc, &g->eip_of,
			       &g->routes, &g->acls, &g->listeners, &g->done, &g->path_lists};
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		pmap_init(maps[i], m->a);
	g->rt = arena_alloc(m->a, sizeof(*g->rt) * (m->resources.n + 1));
	for (size_t i = 0; i < m->resources.n; i++)
		g->rt[i] = m->resources.v[i]->deployed ? rtype_of_hashed(m->resources.v[i]->type, m->resources.v[i]->type_hash)
						    : NULL;
	for (size_t i = 0; i < m->resources.n; i++)
		if (g->rt[i])
			index_resource(g, m->resources.v[i], g->rt[i]);
	for (size_t i = 0; i < m->resources.n; i++)
		if (g->rt[i] && g->rt[i]->kind == RK_LISTENER)
			index_listener(g, m->resources.v[i], g->rt[i]);
	index_acl_entries(g);
	return g;
}

/* ---- one question: a permission against one target ------------------------------- */

struct walk {
	struct reach *g;
	const struct permission *p;
	const struct cidr *src;
	const struct resource *target, *launch;
	const struct rtype *t;
	const struct portset *only; /* ask only about these ports (NULL: all) */
	struct ports listen;        /* what the target listens on, when listen_known */
	int listen_known;
	struct ports cand; /* tcp/udp ports worth trying (after listeners) */
	int v;             /* the verdict so far: the AND of the links */
	const char *why;
	struct reach_hop hops[MAX_HOPS]; /* target first */
	uint32_t n;
};

static void link_is(struct walk *w, int v, const char *why)
{
	if (v == F && w->v != F) {
		w->v = F;
		w->why = why;
	} else if (v == U && w->v == T) {
		w->v = U;
		w->why = why;
	}
}

static void hop(struct walk *w, const struct resource *res, const char *step, const char *note)
{
	if (w->n < MAX_HOPS && res && res != &unknown_res)
		w->hops[w->n++] = (struct reach_hop){res, step, note};
}

static const char *label_of(const struct reach *g, const struct resource *r, const char *fallback)
{
	const struct rtype *t = rtype(g, r);
	return t && t->label ? t->label : fallback;
}

static const char *cidr_text(struct arena *a, const struct cidr *c)
{
	char buf[64];
	cidr_format(c, buf, sizeof(buf));
	return arena_strdup(a, buf);
}

static int overlaps(const struct cidr *a, const struct cidr *b)
{
	return a->family == b->family && (cidr_contains(a, b) || cidr_contains(b, a));
}

/* ---- link 5: listening ports ---- */

/* What a target listens on; 0 when unknown. */
static int listening(struct reach *g, const struct resource *r, struct ports *out)
{
	const struct rtype *t = rtype(g, r);
	const struct ports *ls = (const struct ports *)pmap_get(&g->listeners, r);
	memset(out, 0, sizeof(*out));
	if (t->kind == RK_LB) {
		if (t->port && ports_at(g, r, t->port, out) != 0)
			return 0;
		for (uint32_t i = 0; ls && !ls->unknown && i < ls->n; i++)
			ports_add(g->a, out, ls->r[i].lo, ls->r[i].hi);
		return out->n > 0 && !(ls && ls->unknown);
	}
	if (t->kind != RK_DB && !t->port_default)
		return 0;
	if (t->port && ports_at(g, r, t->port, out) != 0)
		return 0;
	if (out->n == 0) {
		values_at(g, r, t->engine);
		const char *engine = g->vals.n && g->vals.v[0].state == VAL_KNOWN ? node_str(g->vals.v[0].v) : NULL;
		int32_t port = t->engine ? rtype_engine_port(engine) : 0;
		if (!port && t->engine && (!g->vals.n || g->vals.v[0].state != VAL_ABSENT || !t->port_default))
			return 0; /* an engine we do not know */
		port = port ? port : t->port_default;
		if (!port)
			return 0;
		ports_add(g->a, out, port, port);
	}
	return 1;
}

static const char *ports_text(struct arena *a, const struct ports *ps)
{
	struct strbuf sb = STRBUF_INIT;
	for (uint32_t i = 0; i < ps->n; i++) {
		if (ps->r[i].lo == ps->r[i].hi)
			sb_addf(&sb, "%s%d", i ? "," : "", ps->r[i].lo);
		else
			sb_addf(&sb, "%s%d-%d", i ? "," : "", ps->r[i].lo, ps->r[i].hi);
	}
	const char *s = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return s;
}

/* The ports of a that are in b. */
static struct ports ports_both(struct arena *a, const struct port_range *x, size_t nx, const struct port_range *y,
			       size_t ny)
{
	struct ports both = {0};
	for (size_t i = 0; i < nx; i++)
		for (size_t k = 0; k < ny; k++) {
			int32_t lo = x[i].lo > y[k].lo ? x[i].lo : y[k].lo;
			int32_t hi = x[i].hi < y[k].hi ? x[i].hi : y[k].hi;
			if (lo <= hi)
				ports_add(a, &both, lo, hi);
		}
	return both;
}

/* The permission's ports that someone listens on: w->cand. */
static void candidate_ports(struct walk *w)
{
	struct reach *g = w->g;
	const struct permission *p = w->p;
	memset(&w->cand, 0, sizeof(w->cand));
	if (proto_has_ports(p->proto))
		for (uint32_t i = 0; i < p->nranges; i++)
			ports_add(g->a, &w->cand, p->ranges[i].lo, p->ranges[i].hi);
	else if (p->proto == PROTO_ALL)
		ports_add(g->a, &w->cand, 0, 65535);
	if (w->only) {
		w->cand = ports_both(g->a, w->cand.r, w->cand.n, w->only->r, w->only->n);
		if (w->cand.n == 0)
			link_is(w, F, "the permission holds none of the ports asked about");
	}
	w->listen_known = listening(g, w->target, &w->listen);
	if (!w->listen_known || w->cand.n == 0)
		return;
	struct ports both = ports_both(g->a, w->cand.r, w->cand.n, w->listen.r, w->listen.n);
	if (both.n == 0)
		link_is(w, F, arena_printf(g->a, "%s listens only on %s", name_of(g, w->target), ports_text(g->a, &w->listen)));
	w->cand = both;
}

/* ---- link 1: a public address ---- */

static const char *flag_name(const char *paths)
{
	size_t n = strcspn(paths, "|");
	const char *dot = NULL;
	for (const char *s = paths; s < paths + n; s++)
		if (*s == '.')
			dot = s;
	return dot ? dot + 1 : paths;
}

/* The target's own flag, else its launch template's. */
static int own_flag(struct walk *w, const char *paths_t, const char *paths_l, const char *yes)
{
	int f = flag_at(w->g, w->target, paths_t, yes);
	if (f == FL_ABSENT && w->launch)
		f = flag_at(w->g, w->launch, paths_l, yes);
	return f;
}

/* An address for IPv6: the target's (or launch template's), else the subnet's. */
static void public_v6(struct walk *w, const struct resource *subnet, const char **note)
{
	const struct rtype *lt = w->launch ? rtype(w->g, w->launch) : NULL;
	int f = own_flag(w, w->t->flag6, lt ? lt->flag6 : NULL, w->t->flag6_yes);
	if (f == FL_ABSENT && subnet && w->t->kind != RK_LB)
		f = flag_at(w->g, subnet, rtype(w->g, subnet)->flag6, NULL);
	if (f == FL_YES)
		*note = "IPv6 address";
	link_is(w, f == FL_YES ? T : f == FL_UNKNOWN ? U : F,
		f == FL_UNKNOWN ? arena_printf(w->g->a, "whether %s has an IPv6 address is known only at deployment",
					       name_of(w->g, w->target))
				: arena_printf(w->g->a, "%s has no IPv6 address", name_of(w->g, w->target)));
}

/* Instances and interfaces: an Elastic IP, the flag, else the subnet's
 * MapPublicIpOnLaunch (default false). */
static void public_v4_instance(struct walk *w, const struct resource *subnet, const char **note)
{
	struct reach *g = w->g;
	const struct resource *eip = (const struct resource *)pmap_get(&g->eip_of, w->target);
	if (eip) {
		hop(w, eip, "Elastic IP", NULL);
		return;
	}
	const struct rtype *lt = w->launch ? rtype(g, w->launch) : NULL;
	int f = w->t->pub == PUB_EIP ? FL_NO : own_flag(w, w->t->flag, lt ? lt->flag : NULL, NULL);
	if (f == FL_YES) {
		*note = "public IP";
		return;
	}
	if (f == FL_NO) {
		link_is(w, F, arena_printf(g->a, "%s has no public IP%s", name_of(g, w->target),
					   w->t->pub == PUB_EIP ? " (no Elastic IP)" : ""));
		return;
	}
	if (f == FL_ABSENT && subnet)
		f = flag_at(g, subnet, rtype(g, subnet)->flag, NULL);
	if (f == FL_YES)
		*note = "public IP on launch";
	else if (f == FL_UNKNOWN)
		link_is(w, U, arena_printf(g->a, "whether %s gets a public IP is known only at deployment",
					   name_of(g, w->target)));
	else
		link_is(w, F, arena_printf(g->a, "%s gets no public IP (%s does not map public IPs on launch)",
					   name_of(g, w->target), name_of(g, subnet)));
}

/* Load balancers, databases, services: their own setting or its default. */
static void public_flag(struct walk *w)
{
	struct reach *g = w->g;
	const struct rtype *t = w->t;
	int f = flag_at(g, w->target, t->flag, t->flag_yes);
	const char *value = g->flag_text;
	if (f == FL_YES || f == FL_NO)
		f = (f == FL_YES) != (t->invert != 0) ? FL_YES : FL_NO;
	if (f == FL_ABSENT && t->pub == PUB_FLAG_DB) {
		f = flag_at(g, w->target, t->link, NULL) == FL_ABSENT ? FL_UNKNOWN : FL_NO;
		value = f == FL_NO ? "not set, false with a subnet group" : "not set, and no subnet group";
	} else if (f == FL_ABSENT) {
		f = t->pub_default ? FL_YES : FL_NO;
		value = "not set, the default";
	}
	if (f == FL_UNKNOWN)
		link_is(w, U, arena_printf(g->a, "whether %s is public is known only at deployment (%s)",
					   name_of(g, w->target), flag_name(t->flag)));
	else if (f == FL_NO)
		link_is(w, F, arena_printf(g->a, "%s is not public (%s: %s)", name_of(g, w->target), flag_name(t->flag),
					   value));
}

static void public_address(struct walk *w, const struct resource *subnet, const char **note)
{
	const struct rtype *t = w->t;
	if (t->pub == PUB_NEVER) {
		link_is(w, F, arena_printf(w->g->a, "a %s never has a public address", t->label));
		return;
	}
	if (t->pub == PUB_FLAG || t->pub == PUB_FLAG_DB)
		public_flag(w);
	if (w->src->family == 6)
		public_v6(w, subnet, note);
	else if (t->pub == PUB_SUBNET || t->pub == PUB_EIP)
		public_v4_instance(w, subnet, note);
}

/* ---- link 2: routes ---- */

static int igw_attached(const struct reach *g, const struct route *rt)
{
	return !rt->gw || pmap_get(&g->igw_vpc, rt->gw) != NULL;
}

static void routes_of(struct walk *w, const struct resource *table)
{
	struct reach *g = w->g;
	const char *other = NULL;
	int best = F;
	const struct route *found = NULL;
	for (const struct route *rt = (const struct route *)pmap_get(&g->routes, table); rt; rt = rt->next) {
		if (rt->known && !overlaps(&rt->dest, w->src))
			continue;
		int v = !rt->known ? U : rt->to_igw == T && !igw_attached(g, rt) ? U : rt->to_igw;
		if (v == F && !other && rt->known)
			other = arena_printf(g->a, "%s to %s", cidr_text(g->a, &rt->dest), rt->other ? rt->other : "no gateway");
		if (v == T || (v == U && best == F)) {
			best = v;
			found = rt;
		}
		if (v == T)
			break;
	}
	if (best == T) {
		const char *dest = cidr_text(g->a, &found->dest);
		hop(w, found->res, found->res == table ? "route table" : "route", dest);
		if (found->gw)
			hop(w, found->gw, "igw", NULL);
		return;
	}
	if (best == U)
		link_is(w, U, arena_printf(g->a, "where %s routes %s is known only at deployment", name_of(g, table),
					   cidr_text(g->a, w->src)));
	else
		link_is(w, F, arena_printf(g->a, "%s has no route to an internet gateway for %s%s%s", name_of(g, table),
					   cidr_text(g->a, w->src), other ? ": it routes " : "", other ? other : ""));
}

static void route_link(struct walk *w, const struct resource *subnet, const struct resource *vpc)
{
	struct reach *g = w->g;
	const struct resource *table = (const struct resource *)pmap_get(&g->subnet_rt, subnet);
	if (table == &unknown_res) {
		link_is(w, U, arena_printf(g->a, "the route table of %s is known only at deployment", name_of(g, subnet)));
		return;
	}
	if (!table && kind_of(g, vpc) != RK_VPC) {
		link_is(w, U, arena_printf(g->a, "%s is in a VPC outside this unit: its main route table is unknown",
					   name_of(g, subnet)));
		return;
	}
	if (!table)
		table = (const struct resource *)pmap_get(&g->vpc_main_rt, vpc);
	if (!table) {
		link_is(w, F, arena_printf(g->a, "%s uses the main route table of %s, which routes only inside the VPC",
					   name_of(g, subnet), vpc->id));
		return;
	}
	routes_of(w, table);
}

/* ---- link 3: the network ACL, both ways ---- */

static int entry_cmp(const void *a, const void *b)
{
	const struct acl_entry *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* Whether some address of src passes on this port (-1: no ports); *hit
 * narrows src to the addresses the deciding entry lets through. */
static int acl_port(const struct acl *acl, int egress, int proto, int32_t port, const struct cidr *src,
		    struct cidr *hit)
{
	for (uint32_t i = 0; i < acl->n; i++) {
		const struct acl_entry *e = &acl->e[i];
		if (e->egress != egress)
			continue;
		if (e->unknown)
			return U;
		if (e->proto != PROTO_ALL && e->proto != proto)
			continue;
		if (port >= 0 && proto_has_ports(e->proto) && (port < e->lo || port > e->hi))
			continue;
		if (!overlaps(&e->cidr, src))
			continue;
		if (e->allow) {
			*hit = cidr_contains(&e->cidr, src) ? *src : e->cidr;
			return T;
		}
		if (cidr_contains(&e->cidr, src))
			return F; /* every address of the source denied */
	}
	return F;
}

/* Some port of [lo, hi]: the answer changes only at entry boundaries. */
static int acl_range(const struct acl *acl, int egress, int proto, int32_t lo, int32_t hi, const struct cidr *src,
		     struct cidr *hit)
{
	if (!proto_has_ports(proto))
		return acl_port(acl, egress, proto, -1, src, hit);
	int best = acl_port(acl, egress, proto, lo, src, hit);
	for (uint32_t i = 0; i < acl->n && best != T; i++) {
		const struct acl_entry *e = &acl->e[i];
		int32_t at[2] = {e->lo, e->hi + 1};
		for (int k = 0; k < 2 && best != T; k++)
			if (at[k] > lo && at[k] <= hi) {
				int v = acl_port(acl, egress, proto, at[k], src, hit);
				best = v == T ? T : v == U ? U : best;
			}
	}
	return best;
}

/* The return traffic of what came in from `from`: out to it, on an
 * ephemeral port (or the protocol, for those without ports). */
static int acl_return(const struct acl *acl, int proto, const struct cidr *from)
{
	struct cidr hit;
	return proto_has_ports(proto) ? acl_range(acl, 1, proto, 1024, 65535, from, &hit)
				      : acl_port(acl, 1, proto, -1, from, &hit);
}

/* In on a candidate port from some address, and back out to the same. */
static int acl_both_ways(const struct walk *w, const struct acl *acl, int proto)
{
	int best = F;
	struct cidr hit;
	if (!proto_has_ports(proto)) {
		int in = acl_port(acl, 0, proto, -1, w->src, &hit);
		int out = in == F ? F : acl_return(acl, proto, in == T ? &hit : w->src);
		return out == F ? F : in == U || out == U ? U : T;
	}
	for (uint32_t i = 0; i < w->cand.n && best != T; i++) {
		int in = acl_range(acl, 0, proto, w->cand.r[i].lo, w->cand.r[i].hi, w->src, &hit);
		int out = in == F ? F : acl_return(acl, proto, in == T ? &hit : w->src);
		int v = out == F ? F : in == U || out == U ? U : T;
		best = v == T ? T : v == U ? U : best;
	}
	return best;
}

static struct acl *acl_get(struct reach *g, const struct resource *owner)
{
	struct acl *acl = pmap_mut(&g->acls, owner);
	if (!acl) {
		acl = arena_alloc(g->a, sizeof(*acl));
		pmap_put(&g->acls, owner, acl);
	}
	return acl;
}

/* A VPC's default ACL: what the unit adds to it, above AWS's rule 100
 * (IPv4) and 101 (IPv6) that allow everything. */
static struct acl *default_acl(struct reach *g, const struct resource *vpc)
{
	struct acl *acl = acl_get(g, vpc);
	if (acl->defaulted)
		return acl;
	acl->defaulted = 1;
	struct cidr v4, v6;
	cidr_parse("0.0.0.0/0", &v4);
	cidr_parse("::/0", &v6);
	for (int egress = 0; egress < 2; egress++) {
		acl_add(g, vpc, (struct acl_entry){100, (uint8_t)egress, 1, 0, PROTO_ALL, 0, 65535, v4});
		acl_add(g, vpc, (struct acl_entry){101, (uint8_t)egress, 1, 0, PROTO_ALL, 0, 65535, v6});
	}
	acl = acl_get(g, vpc);
	acl->sorted = 0;
	return acl;
}

static void acl_link(struct walk *w, const struct resource *subnet, const struct resource *vpc)
{
	struct reach *g = w->g;
	const struct resource *owner = (const struct resource *)pmap_get(&g->subnet_acl, subnet);
	struct acl *acl;
	if (owner == &unknown_res) {
		link_is(w, U, arena_printf(g->a, "the network ACL of %s is known only at deployment", name_of(g, subnet)));
		return;
	}
	if (!owner && kind_of(g, vpc) != RK_VPC)
		return; /* the route link says the VPC is unknown */
	if (!owner)
		owner = (const struct resource *)pmap_get(&g->vpc_default_acl, vpc);
	acl = owner ? acl_get(g, owner) : default_acl(g, vpc);
	if (!acl->sorted) {
		qsort(acl->e, acl->n, sizeof(*acl->e), entry_cmp);
		acl->sorted = 1;
	}
	int proto = w->p->proto, v;
	if (proto == PROTO_ALL) {
		v = acl_both_ways(w, acl, PROTO_TCP);
		v = v == T ? T : acl_both_ways(w, acl, PROTO_UDP) == T ? T : v;
		v = v == T ? T : acl_both_ways(w, acl, PROTO_ALL) == T ? T : v;
	} else {
		v = acl_both_ways(w, acl, proto);
	}
	const char *acl_name = owner ? name_of(g, owner) : arena_printf(g->a, "the default network ACL of %s", vpc->id);
	if (v == T && owner)
		hop(w, owner, "acl", NULL);
	link_is(w, v, v == U ? arena_printf(g->a, "%s has entries known only at deployment", acl_name)
			     : arena_printf(g->a, "%s does not let %s in and the return traffic out", acl_name,
					    cidr_text(g->a, w->src)));
}

/* ---- one target ---- */

/* The subnets a target lives in (a database: its subnet group's). */
static void subnets_of(struct walk *w, ref_vec *out)
{
	const struct rtype *t = w->t;
	if (t->kind == RK_DB && t->link) {
		const struct resource *sg = ref1(w->g, w->target, t->link);
		if (sg == &unknown_res) {
			struct ref r = {NULL, "of its subnet group", 0};
			VEC_PUSH(*out, r);
		} else if (kind_of(w->g, sg) == RK_SUBNET_GROUP) {
			refs_at(w->g, sg, rtype(w->g, sg)->subnets, out);
		}
		return;
	}
	refs_at(w->g, w->target, t->subnets, out);
}

/* The links that depend on the subnet, for one subnet (NULL: none given). */
static void through_subnet(struct walk *w, const struct ref *s)
{
	struct reach *g = w->g;
	const char *note = NULL;
	int by_subnet = w->t->pub == PUB_SUBNET || w->t->pub == PUB_EIP;
	if (!by_subnet) /* decided whatever the subnet */
		public_address(w, NULL, &note);
	if (s && !s->to) {
		link_is(w, U, s->literal ? arena_cat(g->a, "subnet ", s->text, " is not in this unit", NULL)
					 : arena_cat(g->a, "the subnet is known only at deployment (", s->text, ")", NULL));
		return;
	}
	if (s && kind_of(g, s->to) != RK_SUBNET) {
		link_is(w, U, arena_cat(g->a, "subnet ", s->to->id, " is not in this unit", NULL));
		return;
	}
	if (by_subnet && s)
		public_address(w, s->to, &note);
	if (!s) {
		link_is(w, U, arena_cat(g->a, name_of(g, w->target), " names no subnet: the default VPC's, not in this unit",
					NULL));
		return;
	}
	const struct resource *vpc = ref1(g, s->to, rtype(g, s->to)->vpc);
	hop(w, s->to, "subnet", note);
	acl_link(w, s->to, vpc);
	route_link(w, s->to, vpc);
}

static void reverse_hops(struct reach_target *rt, const struct walk *w, struct arena *a)
{
	rt->hops = arena_alloc(a, sizeof(*rt->hops) * (w->n ? w->n : 1));
	rt->nhops = w->n;
	for (uint32_t i = 0; i < w->n; i++)
		rt->hops[i] = w->hops[w->n - 1 - i];
}

static int better(int a, int b)
{
	static const int rank[] = {[F] = 0, [U] = 1, [T] = 2};
	return rank[a] > rank[b];
}

static int reach_of_tri(int v)
{
	return v == T ? REACH_INTERNET : v == U ? REACH_UNKNOWN : REACH_INTERNAL;
}

static void one_target(struct reach *g, const struct permission *p, const struct portset *only,
		       const struct resource *target, struct reach_target *out)
{
	struct walk base;
	memset(&base, 0, sizeof(base));
	base.g = g;
	base.p = p;
	base.only = only;
	base.src = &p->cidr;
	base.target = target;
	base.t = rtype(g, target);
	base.launch = launch_of(g, target);
	base.v = T;
	hop(&base, target, base.t->label, NULL);
	hop(&base, base.launch, base.launch ? label_of(g, base.launch, "launch template") : NULL, NULL);
	hop(&base, p->group, NULL, NULL);
	candidate_ports(&base);
	ref_vec subnets = {0};
	subnets_of(&base, &subnets);
	struct walk best = base, w;
	int have = 0;
	for (size_t i = 0; i < (subnets.n ? subnets.n : 1); i++) {
		w = base;
		through_subnet(&w, subnets.n ? &subnets.v[i] : NULL);
		if (!have || better(w.v, best.v))
			best = w;
		have = 1;
	}
	free(subnets.v);
	out->res = target;
	out->reach = reach_of_tri(best.v);
	out->reason = best.v == T ? NULL : best.why;
	out->listen_known = base.listen_known;
	out->listen = base.listen.r;
	out->nlisten = base.listen.n;
	reverse_hops(out, &best, g->a);
}

/* ---- one permission ---------------------------------------------------------------- */

static int rank_of(int reach)
{
	return reach == REACH_INTERNET ? 3 : reach == REACH_UNKNOWN ? 2 : reach == REACH_INTERNAL ? 1 : 0;
}

/* Why the internet is not the source, or NULL when it is (*v: F or U). */
static const char *not_the_internet(struct reach *g, const struct permission *p, int *v)
{
	*v = F;
	switch (p->peer_kind) {
	case PEER_CIDR:
		return cidr_is_private(&p->cidr) ? arena_printf(g->a, "the source %s is a private range", p->peer) : NULL;
	case PEER_SECURITY_GROUP:
		return "the source is a security group, not the internet";
	case PEER_PREFIX_LIST:
		return "the source is a prefix list";
	case PEER_UNKNOWN:
		*v = U;
		return "the source is known only at deployment";
	default:
		return "the source is not a valid address";
	}
}

static void no_targets(struct reach *g, const struct permission *p, struct reach_exposure *x)
{
	const char *name = p->group_name ? p->group_name : p->group ? p->group->id : "the group";
	if (!p->group) {
		x->reach = REACH_UNKNOWN;
		x->reason = "the group is known only at deployment";
	} else if (p->group->handed_out) {
		x->reach = REACH_UNKNOWN;
		x->reason = arena_cat(g->a, name, " is handed out of this unit: what uses it is not in it", NULL);
	} else if (p->group->external) {
		x->reach = REACH_UNKNOWN;
		x->reason = arena_cat(g->a, name, " is not in this unit: what uses it is unknown", NULL);
	} else if (g->unknown_attach) {
		x->reach = REACH_UNKNOWN;
		x->reason = g->unknown_attach;
	} else {
		x->reach = REACH_UNATTACHED;
		x->reason = arena_cat(g->a, "nothing in this unit uses ", name, NULL);
	}
}

static void exposure_of(struct reach *g, const struct permission *p, const struct portset *only,
			struct reach_exposure *x)
{
	const struct tlist *head = p->group ? (const struct tlist *)pmap_get(&g->targets, p->group) : NULL;
	if (!head) {
		no_targets(g, p, x);
		return;
	}
	uint32_t n = 0;
	for (const struct tlist *t = head; t; t = t->next)
		n++;
	x->targets = arena_alloc(g->a, sizeof(*x->targets) * n);
	int v;
	const char *why = not_the_internet(g, p, &v);
	for (const struct tlist *t = head; t; t = t->next) {
		struct reach_target *rt = &x->targets[n - 1 - x->ntargets++]; /* declaration order */
		one_target(g, p, only, t->target, rt);
		if (why) {
			rt->reach = reach_of_tri(v);
			rt->reason = why;
		}
	}
	x->reach = REACH_INTERNAL;
	for (uint32_t i = 0; i < x->ntargets; i++)
		if (rank_of(x->targets[i].reach) > rank_of(x->reach)) {
			x->reach = x->targets[i].reach;
			x->reason = x->targets[i].reason;
		}
	if (x->reach == REACH_INTERNAL)
		x->reason = x->targets[0].reason;
}

struct model *reach_model(const struct reach *g)
{
	return g->m;
}

const struct rtype *reach_rtype(const struct reach *g, const struct resource *r)
{
	return rtype(g, r);
}

void reach_release(struct reach *g)
{
	if (g)
		free(g->vals.v);
}

const struct reach_exposure *reach_of(struct reach *g, const struct permission *p)
{
	if (!g || p->scope != SCOPE_SECURITY_GROUP || p->direction != DIR_INGRESS)
		return NULL;
	const struct reach_exposure *done = (const struct reach_exposure *)pmap_get(&g->done, p);
	if (done)
		return done;
	struct reach_exposure *x = arena_alloc(g->a, sizeof(*x));
	exposure_of(g, p, NULL, x);
	pmap_put(&g->done, p, x);
	return x;
}

const struct reach_exposure *reach_of_ports(struct reach *g, const struct permission *p, const struct portset *only)
{
	if (!g || p->scope != SCOPE_SECURITY_GROUP || p->direction != DIR_INGRESS)
		return NULL;
	struct reach_exposure *x = arena_alloc(g->a, sizeof(*x));
	exposure_of(g, p, only, x);
	return x;
}
