/* eval.c - see eval.h */
#define _POSIX_C_SOURCE 200809L
#include "rules/eval.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <fnmatch.h>
#include <pcre2.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/hmap.h"
#include "model/props.h"
#include "reach/reach.h"
#include "rules/cond.h"

enum { F, T, U }; /* three-valued logic */

struct refs_done {
	const struct prop_path *path;
	int unknown;
};

struct ectx {
	const struct ruleset *rs;
	struct model *m;
	const struct rule *rule;
	pcre2_match_context *mctx;
	/* what the first port condition hit, for the message */
	int32_t hit_port;
	const char *hit_set;
	const struct cond *hit_touch; /* the ports: {touches:} that matched, for {held} */
	/* resource rules: the property that decided, for message and location */
	const char *hit_property;
	const struct prop_value *hit_value;
	prop_values values; /* scratch, reused */
	int regex_failed;
	/* listens: the permission's ports no target listens on, for {unheard} */
	const char *hit_unheard;
	/* referenced_by: the paths whose references are edges already, and
	 * whether one of them is to something known only at deployment */
	VEC(struct refs_done) refs_done;
	/* the findings of the current rule so far, by what makes them the same */
	struct arena seen_arena;
	struct hmap seen;
	/* the unit's resource graph, built on first use (reach/) */
	struct reach *reach;
	int reach_built;
	/* permission -> its exposure, as the unit result holds it */
	struct pmap exposed;
	/* security group -> its first ingress permission (resource rules) */
	struct pmap first_ingress;
};

/* The unit's graph: built once, when a finding or a condition needs it. */
static struct reach *unit_reach(struct ectx *e)
{
	if (!e->reach_built) {
		e->reach = reach_build(e->m);
		pmap_init(&e->exposed, e->m->a);
		pmap_init(&e->first_ingress, e->m->a);
		for (size_t i = 0; i < e->m->perms.n; i++) {
			const struct permission *p = &e->m->perms.v[i];
			if (p->scope == SCOPE_SECURITY_GROUP && p->direction == DIR_INGRESS && p->group &&
			    !pmap_get(&e->first_ingress, p->group))
				pmap_put(&e->first_ingress, p->group, p);
		}
		e->reach_built = 1;
	}
	return e->reach;
}

static int tri_of(int b)
{
	return b ? T : F;
}

static int unresolved(const struct permission *p)
{
	return p->peer_kind == PEER_UNKNOWN || p->proto == PROTO_UNKNOWN || p->ports_state == VAL_UNKNOWN;
}

static int ports_unknown(const struct permission *p)
{
	return p->proto == PROTO_UNKNOWN || p->ports_state == VAL_UNKNOWN;
}

static const char *set_of_port(const struct cond *k, int32_t port)
{
	for (size_t i = 0; i < k->nsets; i++)
		if (portset_overlaps(&k->sets[i]->set, port, port, NULL))
			return k->sets[i]->name;
	return NULL;
}

static int ev_perm_ports(struct ectx *e, const struct cond *k, const struct permission *p)
{
	if (ports_unknown(p))
		return U;
	if (p->invalid && !proto_has_ports(p->proto) && p->nranges == 0)
		return F;
	int32_t first;
	uint32_t total = 0;
	for (uint32_t i = 0; i < p->nranges; i++) {
		const struct port_range *r = &p->ranges[i];
		total += (uint32_t)(r->hi - r->lo + 1);
		if (k->cmp == PORTS_TOUCH && portset_overlaps(&k->ports, r->lo, r->hi, &first)) {
			e->hit_port = first;
			e->hit_set = set_of_port(k, first);
			e->hit_touch = k;
			return T;
		}
		if (k->cmp == PORTS_OUTSIDE && portset_has_gap(&k->ports, r->lo, r->hi, &first)) {
			e->hit_port = first;
			e->hit_set = NULL;
			return T;
		}
		if (k->cmp == PORTS_WITHIN && portset_has_gap(&k->ports, r->lo, r->hi, NULL))
			return F;
	}
	if (k->cmp == PORTS_WITHIN)
		return tri_of(p->nranges > 0);
	if (k->cmp == PORTS_WIDER)
		return tri_of(total > (uint32_t)k->ival);
	return F;
}

static int ev_perm_peer(struct ectx *e, const struct cond *k, const struct permission *p)
{
	if (p->peer_kind == PEER_UNKNOWN)
		return U;
	unsigned have = 0;
	switch (p->peer_kind) {
	case PEER_CIDR:
		have |= PM_CIDR;
		if (cidr_is_world(&p->cidr))
			have |= PM_WORLD;
		if (cidr_is_private(&p->cidr))
			have |= PM_PRIVATE;
		else
			have |= PM_PUBLIC;
		if (cidr_is_broad(&p->cidr, e->rs->broad_v4, e->rs->broad_v6))
			have |= PM_BROAD;
		break;
	case PEER_SECURITY_GROUP:
		have |= PM_SECURITY_GROUP;
		break;
	case PEER_PREFIX_LIST:
		have |= PM_PREFIX_LIST;
		break;
	default:
		break;
	}
	return tri_of((have & k->peer_mask) != 0);
}

/* The peer's CIDR, or NULL with *result U (unknown) or F (not a CIDR). */
static const struct cidr *peer_cidr(const struct permission *p, int *result)
{
	*result = p->peer_kind == PEER_UNKNOWN ? U : F;
	return p->peer_kind == PEER_CIDR ? &p->cidr : NULL;
}

static int ev_perm_family(struct ectx *e, const struct cond *k, const struct permission *p)
{
	int r;
	const struct cidr *c = peer_cidr(p, &r);
	(void)e;
	return c ? tri_of(c->family == k->ival) : r;
}

static int ev_perm_peer_in(struct ectx *e, const struct cond *k, const struct permission *p)
{
	int r;
	const struct cidr *c = peer_cidr(p, &r);
	(void)e;
	if (!c)
		return r;
	for (size_t i = 0; i < k->ncidrs; i++)
		if (cidr_contains(&k->cidrs[i], c))
			return T;
	return F;
}

static int ev_perm_prefix_length(struct ectx *e, const struct cond *k, const struct permission *p)
{
	int r;
	const struct cidr *c = peer_cidr(p, &r);
	(void)e;
	if (!c)
		return r;
	switch (k->cmp) {
	case CMP_LT:
		return tri_of(c->prefix < k->ival);
	case CMP_LE:
		return tri_of(c->prefix <= k->ival);
	case CMP_GT:
		return tri_of(c->prefix > k->ival);
	case CMP_GE:
		return tri_of(c->prefix >= k->ival);
	default:
		return tri_of(c->prefix == k->ival);
	}
}

/* The text a regex condition looks at; NULL with *state U when unknown. */
static const char *field_text(const struct ectx *e, const struct permission *p, int field, int *state)
{
	*state = T;
	switch (field) {
	case FIELD_DESCRIPTION:
		if (p->desc_state == VAL_UNKNOWN)
			*state = U;
		return p->desc_state == VAL_KNOWN ? p->description : NULL;
	case FIELD_RESOURCE:
		return p->res ? p->res->id : NULL;
	case FIELD_RESOURCE_TYPE:
		return p->res ? p->res->type : NULL;
	case FIELD_GROUP:
		return p->group_name;
	case FIELD_PEER:
		if (p->peer_kind == PEER_UNKNOWN)
			*state = U;
		return p->peer;
	default:
		(void)e;
		return p->res ? p->res->loc.file : p->loc_rule.file;
	}
}

/* T/F, or U when the regex gave up (reported once per rule and file). */
static int regex_test(struct ectx *e, const struct cond *k, const char *s, struct loc at)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(k->re, NULL);
	if (!md)
		die("out of memory creating regex match data");
	int rc = pcre2_match(k->re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, e->mctx);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return T;
	if (rc == PCRE2_ERROR_NOMATCH)
		return F;
	if (!e->regex_failed) {
		PCRE2_UCHAR msg[120];
		pcre2_get_error_message(rc, msg, sizeof(msg));
		model_error(e->m, at, "rule %s: regex at %s:%u gave up: %s", e->rule->id, k->loc.file,
			    k->loc.line, (char *)msg);
		e->regex_failed = 1;
	}
	return U;
}

static int ev_perm_matches(struct ectx *e, const struct cond *k, const struct permission *p)
{
	int state;
	const char *s = field_text(e, p, k->field, &state);
	if (!s)
		return state == U ? U : F;
	return regex_test(e, k, s, p->loc_rule);
}

static int ev_perm(struct ectx *e, const struct cond *k, const struct permission *p);
static int ev_res(struct ectx *e, const struct cond *k, const struct resource *r);

/* all / any / not in Kleene logic; `res` says which evaluator the kids take. */
static int ev_kid(struct ectx *e, const struct cond *k, const void *subject, int res)
{
	return res ? ev_res(e, k, subject) : ev_perm(e, k, subject);
}

static int ev_logic(struct ectx *e, const struct cond *k, const void *subject, int res)
{
	if (k->op == OP_not) {
		int v = ev_kid(e, k->kids[0], subject, res);
		return v == U ? U : tri_of(v == F);
	}
	int is_all = k->op == OP_all;
	int result = is_all ? T : F;
	for (size_t i = 0; i < k->nkids; i++) {
		int v = ev_kid(e, k->kids[i], subject, res);
		if (v == (is_all ? F : T))
			return v;
		if (v == U)
			result = U;
	}
	return result;
}

static int ev_perm_all(struct ectx *e, const struct cond *k, const struct permission *p)
{
	return ev_logic(e, k, p, 0);
}

static int ev_res_all(struct ectx *e, const struct cond *k, const struct resource *r)
{
	return ev_logic(e, k, r, 1);
}

#define ev_perm_any ev_perm_all
#define ev_perm_not ev_perm_all
#define ev_res_any ev_res_all
#define ev_res_not ev_res_all

static int ev_format(const struct cond *k, const struct resource *r)
{
	if (k->ival == 0 || !r)
		return T;
	return tri_of(r->schema == k->ival - 1); /* words: any, cloudformation, terraform */
}

static int ev_type(const struct cond *k, const struct resource *r)
{
	for (size_t i = 0; r && i < k->nstrs; i++)
		if (k->globs ? fnmatch(k->strs[i], r->type, 0) == 0 : strcmp(k->strs[i], r->type) == 0)
			return T;
	return F;
}

static int ev_perm_format(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return ev_format(k, p->res);
}

static int ev_res_format(struct ectx *e, const struct cond *k, const struct resource *r)
{
	(void)e;
	return ev_format(k, r);
}

static int ev_perm_resource_type(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return ev_type(k, p->res);
}

static int ev_res_resource_type(struct ectx *e, const struct cond *k, const struct resource *r)
{
	(void)e;
	return ev_type(k, r);
}

static int ev_perm_direction(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return tri_of(p->direction == k->ival);
}

static int ev_perm_protocol(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	if (p->proto == PROTO_UNKNOWN)
		return U;
	for (size_t i = 0; i < k->nprotos; i++)
		if (k->protos[i] == p->proto)
			return T;
	return F;
}

static int ev_perm_all_traffic(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	if (ports_unknown(p))
		return U;
	return tri_of(perm_is_all_traffic(p) == k->ival);
}

static int ev_perm_description(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	if (p->desc_state == VAL_UNKNOWN)
		return U;
	return tri_of((p->desc_state == VAL_KNOWN) == k->ival);
}

static int ev_perm_unresolved(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return tri_of(unresolved(p) == k->ival);
}

static int ev_perm_invalid(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return tri_of(p->invalid == k->ival);
}

static int ev_perm_implicit(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return tri_of(p->implicit == k->ival);
}

static int ev_perm_default_group(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return tri_of(p->default_group == k->ival);
}

static int ev_perm_action(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	if (p->action == ACTION_UNKNOWN)
		return U;
	return tri_of(p->action == k->ival);
}

static int ev_perm_change(struct ectx *e, const struct cond *k, const struct permission *p)
{
	(void)e;
	return tri_of(p->change == k->ival);
}

/* ---- resource rules --------------------------------------------------------- */

static int value_is_true(const struct node *v)
{
	int b;
	return v && node_bool(v, &b) == 0 && b;
}

static int value_in(const struct cond *k, const struct node *v)
{
	const char *t = node_str(v);
	for (size_t i = 0; t && i < k->nstrs; i++)
		if (v->kind == NODE_BOOL ? str_eq_nocase(t, k->strs[i]) : strcmp(t, k->strs[i]) == 0)
			return 1;
	return 0;
}

static int compare(const struct cond *k, int64_t n)
{
	switch (k->cmp) {
	case CMP_LT:
		return n < k->ival;
	case CMP_LE:
		return n <= k->ival;
	case CMP_GT:
		return n > k->ival;
	default:
		return n >= k->ival;
	}
}

/* One value against a property test. */
static int prop_test(struct ectx *e, const struct cond *k, const struct prop_value *v)
{
	int absent = v->state == VAL_ABSENT;
	int64_t n;
	if (v->state == VAL_UNKNOWN)
		return U;
	switch (k->test) {
	case PT_MISSING:
		return tri_of(absent);
	case PT_PRESENT:
		return tri_of(!absent);
	case PT_TRUE:
		return tri_of(!absent && value_is_true(v->v));
	case PT_NOT_TRUE:
		return tri_of(absent || !value_is_true(v->v));
	case PT_FALSE:
		return tri_of(!absent && node_bool(v->v, &(int){0}) == 0 && !value_is_true(v->v));
	case PT_EQUALS:
	case PT_IN:
		return tri_of(!absent && value_in(k, v->v));
	case PT_NOT_EQUALS:
		return tri_of(absent || !value_in(k, v->v));
	case PT_MATCHES:
		return absent || !node_str(v->v) ? F : regex_test(e, k, node_str(v->v), v->loc);
	case PT_WORLD: {
		struct cidr c;
		return tri_of(!absent && node_str(v->v) && cidr_parse(node_str(v->v), &c) == 0 && cidr_is_world(&c));
	}
	default: /* PT_NUMBER */
		return tri_of(!absent && node_int(v->v, &n) == 0 && compare(k, n));
	}
}

static int ev_res_property(struct ectx *e, const struct cond *k, const struct resource *r)
{
	const struct prop_path *path = k->paths[r->schema];
	if (!path)
		return F; /* the rule names no property in this resource's vocabulary */
	e->values.n = 0;
	props_get(e->m, r, path, &e->values);
	if (e->values.n == 0)
		return F;
	int any_u = 0, hit = -1;
	for (size_t i = 0; i < e->values.n; i++) {
		int v = prop_test(e, k, &e->values.v[i]);
		any_u |= v == U;
		if (v == T && hit < 0)
			hit = (int)i;
		if (k->all_of && v == F)
			return F;
	}
	if (k->all_of ? any_u : hit < 0)
		return any_u ? U : F;
	const struct prop_value *pv = &e->values.v[hit >= 0 ? hit : 0];
	if (!e->hit_property) {
		e->hit_property = path->text;
		e->hit_value = arena_memdup(e->m->a, pv, sizeof(*pv));
	}
	return T;
}

static int of_cond_types(const struct resource *r, const void *k)
{
	return ev_type(k, r) == T;
}

/* The references at a condition's path, as edges, once per unit. */
static const struct refs_done *refs_at(struct ectx *e, const struct cond *k, const struct prop_path *path)
{
	for (size_t i = 0; i < e->refs_done.n; i++)
		if (e->refs_done.v[i].path == path)
			return &e->refs_done.v[i];
	size_t first = e->m->edges.n;
	model_add_refs_at(e->m, path, of_cond_types, k);
	struct refs_done d = {path, 0};
	for (size_t i = first; i < e->m->edges.n && !d.unknown; i++)
		d.unknown = !e->m->edges.v[i].to;
	VEC_PUSH(e->refs_done, d);
	return &e->refs_done.v[e->refs_done.n - 1];
}

static int ev_res_referenced_by(struct ectx *e, const struct cond *k, const struct resource *r)
{
	uint32_t n;
	const struct prop_path *path = k->paths[r->schema];
	if (!path)
		return F;
	const struct refs_done *done = refs_at(e, k, path);
	const uint32_t *in = model_edges_in(e->m, r, &n);
	for (uint32_t i = 0; i < n; i++)
		if (e->m->edges.v[in[i]].path == path)
			return T;
	return done->unknown || r->unread_use ? U : F; /* unread: it may refer to r */
}

/* ---- context: what the group protects (reach/) ---- */

static int ev_perm_reachability(struct ectx *e, const struct cond *k, const struct permission *p)
{
	const struct reach_exposure *x = k->ports.n ? reach_of_ports(unit_reach(e), p, &k->ports)
						    : reach_of(unit_reach(e), p);
	if (!x)
		return F;
	if (k->ival & (1 << x->reach))
		return T;
	return x->reach == REACH_UNKNOWN ? U : F;
}

/* A security group: the reachability of its ingress (F without any). */
static int ev_res_reachability(struct ectx *e, const struct cond *k, const struct resource *r)
{
	unit_reach(e); /* builds the index */
	const struct permission *p = pmap_get(&e->first_ingress, r);
	return p ? ev_perm_reachability(e, k, p) : F;
}

static int ev_perm_target_type(struct ectx *e, const struct cond *k, const struct permission *p)
{
	const struct reach_exposure *x = reach_of(unit_reach(e), p);
	if (!x)
		return F;
	for (uint32_t i = 0; i < x->ntargets; i++)
		if (ev_type(k, x->targets[i].res) == T)
			return T;
	return x->reach == REACH_UNKNOWN && !x->ntargets ? U : F;
}

/* The permission's tcp/udp ports (all: every port); 0 for other protocols. */
static int perm_ports(const struct permission *p, struct portset *out)
{
	if (p->proto == PROTO_ALL)
		portset_add(out, 0, 65535);
	else if (proto_has_ports(p->proto) && p->ports_state == VAL_KNOWN)
		for (uint32_t i = 0; i < p->nranges; i++)
			portset_add(out, p->ranges[i].lo, p->ranges[i].hi);
	else
		return 0;
	portset_normalize(out);
	return 1;
}

/* The text of the ports of `want` outside `have`, or NULL. */
static const char *unheard_text(struct arena *a, const struct portset *want, const struct portset *have)
{
	struct portset gap = {0};
	portset_union(&gap, want);
	for (size_t i = 0; i < have->n; i++)
		portset_subtract(&gap, have->r[i].lo, have->r[i].hi);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < gap.n; i++)
		sb_addf(&sb, gap.r[i].lo == gap.r[i].hi ? "%s%d" : "%s%d-%d", i ? "," : "", gap.r[i].lo, gap.r[i].hi);
	const char *s = gap.n ? arena_strdup(a, sb_str(&sb)) : NULL;
	sb_release(&sb);
	portset_release(&gap);
	return s;
}

/* listens: all / some / none of the permission's ports have a target
 * listening; unknown without targets or when a target's ports are. */
static int ev_perm_listens(struct ectx *e, const struct cond *k, const struct permission *p)
{
	const struct reach_exposure *x = reach_of(unit_reach(e), p);
	struct portset want = {0}, have = {0};
	int v = U;
	if (!x || !x->ntargets || !perm_ports(p, &want))
		goto done;
	for (uint32_t i = 0; i < x->ntargets; i++) {
		if (!x->targets[i].listen_known)
			goto done;
		for (uint32_t j = 0; j < x->targets[i].nlisten; j++)
			portset_add(&have, x->targets[i].listen[j].lo, x->targets[i].listen[j].hi);
	}
	portset_normalize(&have);
	e->hit_unheard = unheard_text(e->m->a, &want, &have);
	int some = 0;
	for (size_t i = 0; i < want.n && !some; i++)
		some = portset_overlaps(&have, want.r[i].lo, want.r[i].hi, NULL);
	v = k->ival == 0 ? tri_of(!e->hit_unheard) : k->ival == 1 ? tri_of(some) : tri_of(!some);
done:
	portset_release(&want);
	portset_release(&have);
	return v;
}

/* Evaluators by operator (conds.def: ev_perm_<key> / ev_res_<key>). */
typedef int (*ev_perm_fn)(struct ectx *e, const struct cond *k, const struct permission *p);
typedef int (*ev_res_fn)(struct ectx *e, const struct cond *k, const struct resource *r);
#define EV_PERM_P(key) ev_perm_##key
#define EV_PERM_R(key) NULL
#define EV_PERM_PR(key) ev_perm_##key
#define EV_RES_P(key) NULL
#define EV_RES_R(key) ev_res_##key
#define EV_RES_PR(key) ev_res_##key

static const ev_perm_fn perm_evaluators[OP_COUNT] = {
#define COND(key, subjects, compile, words, flags) [OP_##key] = EV_PERM_##subjects(key),
#include "rules/conds.def"
#undef COND
};

static const ev_res_fn res_evaluators[OP_COUNT] = {
#define COND(key, subjects, compile, words, flags) [OP_##key] = EV_RES_##subjects(key),
#include "rules/conds.def"
#undef COND
};

/* The compiler rejects a key for a subject it has no evaluator for. */
static int ev_perm(struct ectx *e, const struct cond *k, const struct permission *p)
{
	return perm_evaluators[k->op] ? perm_evaluators[k->op](e, k, p) : U;
}

static int ev_res(struct ectx *e, const struct cond *k, const struct resource *r)
{
	return res_evaluators[k->op] ? res_evaluators[k->op](e, k, r) : U;
}

/* ---- findings -------------------------------------------------------------- */

/* "all traffic", "tcp/22", "icmp type 8 code -1", "protocol 47" */
static void traffic_text(struct strbuf *sb, const struct permission *p)
{
	char buf[128], pbuf[12];
	if (p->proto == PROTO_ALL)
		sb_adds(sb, p->partial ? "part of all traffic" : "all traffic");
	else if (proto_has_ports(p->proto)) { /* every finding has one: no printf */
		sb_adds(sb, proto_name(p->proto, pbuf, sizeof(pbuf)));
		sb_addc(sb, '/');
		sb_adds(sb, perm_ports_text(p, buf, sizeof(buf)));
	} else if (proto_is_icmp(p->proto))
		sb_addf(sb, "%s %s", p->proto == PROTO_ICMP ? "icmp" : "icmpv6", perm_ports_text(p, buf, sizeof(buf)));
	else if (p->proto == PROTO_UNKNOWN)
		sb_adds(sb, "traffic on an unresolved protocol");
	else
		sb_addf(sb, "protocol %s", proto_name(p->proto, buf, sizeof(buf)));
}

/* What a message template can speak about. */
struct msg_ctx {
	const struct rule *rule;
	const struct permission *p;    /* permission findings */
	const struct resource *res;    /* the resource (both kinds) */
	int32_t port;                  /* first port a ports: condition hit */
	const char *set;               /* the port set it hit */
	const char *property;          /* resource rules: the deciding path */
	const char *value;             /* and its value */
	const char *unheard;           /* listens: the ports no target listens on */
	const char *reachability;      /* an ingress permission's exposure */
	const struct cond *touch;      /* the ports: {touches:} condition that hit */
};

enum { HELD_MAX = 12, HELD_SPAN = 4 }; /* ports named before "and N more"; narrower ranges listed port by port */

/* {held}: " (holds 3389, 5985, 5986)", the ports of the sets a touches:
 * condition matched inside the permission's ranges; empty when that adds
 * nothing (no set matched, or every port of the permission is in them). */
static void held_text(struct strbuf *sb, const struct permission *p, const struct cond *k)
{
	struct portset held = {0};
	uint64_t nheld = 0, nperm = 0;
	if (!k || !proto_has_ports(p->proto))
		return;
	for (uint32_t i = 0; i < p->nranges; i++) {
		const struct port_range *r = &p->ranges[i];
		nperm += (uint64_t)(r->hi - r->lo + 1);
		for (size_t j = 0; j < k->ports.n; j++) {
			int32_t lo = k->ports.r[j].lo > r->lo ? k->ports.r[j].lo : r->lo;
			int32_t hi = k->ports.r[j].hi < r->hi ? k->ports.r[j].hi : r->hi;
			if (lo <= hi)
				portset_add(&held, lo, hi);
		}
	}
	portset_normalize(&held);
	for (size_t j = 0; j < held.n; j++)
		nheld += (uint64_t)(held.r[j].hi - held.r[j].lo + 1);
	if (held.n && nheld < nperm) {
		size_t items = 0;
		sb_adds(sb, " (holds ");
		for (size_t j = 0; j < held.n; j++) {
			int32_t lo = held.r[j].lo, hi = held.r[j].hi;
			/* a set's neighbours (5985, 5986) one by one, a wide range as one */
			for (int32_t q = lo; q <= hi; q = hi - lo < HELD_SPAN ? q + 1 : hi + 1) {
				if (items++ >= HELD_MAX)
					continue;
				sb_adds(sb, items > 1 ? ", " : "");
				if (hi - lo < HELD_SPAN)
					sb_addf(sb, "%d", q);
				else
					sb_addf(sb, "%d-%d", lo, hi);
			}
		}
		if (items > HELD_MAX)
			sb_addf(sb, " and %zu more", items - HELD_MAX);
		sb_addc(sb, ')');
	}
	portset_release(&held);
}

/* Placeholders about the permission; 0 if `name` is not one of them. */
static int perm_placeholder(struct strbuf *sb, const char *name, const struct msg_ctx *mc)
{
	const struct permission *p = mc->p;
	char buf[128];
	if (!strcmp(name, "traffic"))
		traffic_text(sb, p);
	else if (!strcmp(name, "protocol"))
		sb_adds(sb, proto_name(p->proto, buf, sizeof(buf)));
	else if (!strcmp(name, "ports"))
		sb_adds(sb, perm_ports_text(p, buf, sizeof(buf)));
	else if (!strcmp(name, "peer") || !strcmp(name, "source"))
		sb_adds(sb, p->peer ? p->peer : "an unresolved peer");
	else if (!strcmp(name, "direction"))
		sb_adds(sb, p->direction == DIR_INGRESS ? "ingress" : "egress");
	else if (!strcmp(name, "group"))
		sb_adds(sb, p->group_name ? p->group_name : "?");
	else if (!strcmp(name, "description"))
		sb_adds(sb, p->description ? p->description : "");
	else if (!strcmp(name, "port"))
		sb_add_int(sb, mc->port);
	else if (!strcmp(name, "set"))
		sb_adds(sb, mc->set ? mc->set : "listed");
	else if (!strcmp(name, "held"))
		held_text(sb, p, mc->touch);
	else if (!strcmp(name, "reason"))
		sb_adds(sb, p->invalid_reason ? p->invalid_reason : p->unknown_reason ? p->unknown_reason : "unknown");
	else if (!strcmp(name, "rule_number"))
		sb_add_int(sb, p->rule_number);
	else if (!strcmp(name, "unheard"))
		sb_adds(sb, mc->unheard ? mc->unheard : "none");
	else if (!strcmp(name, "reachability"))
		sb_adds(sb, mc->reachability ? mc->reachability : "none");
	else
		return 0;
	return 1;
}

/* A message template with its {placeholders} filled in. */
static char *format_message(struct arena *a, const char *tmpl, const struct msg_ctx *mc)
{
	struct strbuf sb = STRBUF_INIT;
	char name[32];
	for (const char *s = tmpl; *s; s++) {
		const char *e = *s == '{' ? strchr(s, '}') : NULL;
		size_t n = e ? (size_t)(e - s - 1) : 0;
		if (!e || n >= sizeof(name)) {
			sb_addc(&sb, *s);
			continue;
		}
		memcpy(name, s + 1, n);
		name[n] = '\0';
		if (mc->p && perm_placeholder(&sb, name, mc))
			;
		else if (!strcmp(name, "resource"))
			sb_adds(&sb, mc->res ? mc->res->id : "?");
		else if (!strcmp(name, "resource_type"))
			sb_adds(&sb, mc->res ? mc->res->type : "?");
		else if (!strcmp(name, "id"))
			sb_adds(&sb, mc->rule ? mc->rule->id : "");
		else if (!strcmp(name, "property"))
			sb_adds(&sb, mc->property ? mc->property : "?");
		else if (!strcmp(name, "value"))
			sb_adds(&sb, mc->value ? mc->value : "(not set)");
		else
			sb_add(&sb, s, n + 2); /* not for this kind of finding */
		s = e;
	}
	char *out = arena_strndup(a, sb_str(&sb), sb.len);
	sb_release(&sb);
	return out;
}

static struct loc finding_loc(const struct rule *r, const struct permission *p,
			      const struct trace_step **trace)
{
	struct loc l;
	*trace = NULL;
	switch (r->at) {
	case AT_PORTS:
		l = p->loc_ports;
		*trace = p->trace_ports;
		break;
	case AT_PROTOCOL:
		l = p->loc_proto;
		*trace = p->trace_proto;
		break;
	case AT_DESCRIPTION:
		l = p->loc_desc;
		break;
	case AT_RULE:
		l = p->loc_rule;
		break;
	case AT_RESOURCE:
		l = p->res ? p->res->loc : p->loc_rule;
		*trace = p->trace_peer;
		break;
	case AT_INVALID:
		l = p->loc_invalid;
		break;
	case AT_GROUP:
		l = p->loc_group.line ? p->loc_group : (p->res ? p->res->loc : p->loc_rule);
		break;
	default:
		l = p->loc_peer;
		*trace = p->trace_peer;
		break;
	}
	if (l.line == 0)
		l = p->loc_rule.line ? p->loc_rule : (p->res ? p->res->loc : l);
	return l;
}

/* Bytes of the first `chars` characters of s (at most len). */
static size_t char_bytes(const char *s, size_t len, uint32_t chars, int ascii)
{
	size_t off = 0;
	if (ascii)
		return chars < len ? chars : len;
	for (uint32_t c = 0; c < chars && off < len; c++) {
		off++;
		while (off < len && (s[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

/* Position a finding and keep a window of its source line: a minified plan
 * is one line of megabytes, and each finding must not copy it. */
static void locate(struct finding *f, struct unit_result *out, const struct model *m, struct loc l)
{
	enum { BEFORE = 60, AFTER = 100 };
	struct doc *doc = model_doc_of(m, l.file);
	if (!doc)
		doc = m->docs.v[0];
	f->file = unit_result_file(out, doc->file);
	f->line = l.line ? l.line : 1;
	f->col = l.col ? l.col : 1;
	size_t len;
	const char *line = doc_line(doc, f->line, &len);
	uint32_t skip = f->col > BEFORE ? f->col - 1 - BEFORE : 0;
	size_t start = char_bytes(line, len, skip, doc->ascii);
	size_t end = start + char_bytes(line + start, len - start, (f->col - 1 - skip) + AFTER, doc->ascii);
	struct strbuf sb = STRBUF_INIT;
	if (start)
		sb_adds(&sb, "...");
	sb_add(&sb, line + start, end - start);
	if (end < len)
		sb_adds(&sb, "...");
	f->src_line = arena_strndup(&out->arena, sb_str(&sb), sb.len);
	f->src_col = f->col - skip + (start ? 3 : 0);
	sb_release(&sb);
}

static void copy_trace(struct unit_result *out, struct finding *f, const struct trace_step *t)
{
	enum { MAX_STEPS = 12 }; /* a why-chain longer than this explains nothing */
	uint32_t n = 0;
	for (const struct trace_step *s = t; s && n < MAX_STEPS; s = s->next)
		n++;
	if (n < 2) /* just the property name: nothing to explain */
		return;
	struct trace_line *lines = arena_alloc(&out->arena, sizeof(*lines) * n);
	uint32_t i = 0;
	for (const struct trace_step *s = t; s && i < n; s = s->next, i++) {
		lines[i].text = arena_strdup(&out->arena, s->text);
		lines[i].file = s->loc.file ? unit_result_file(out, s->loc.file) : f->file;
		lines[i].line = s->loc.line;
		lines[i].col = s->loc.col;
	}
	f->trace = lines;
	f->ntrace = n;
}

static struct source_loc source_loc(struct unit_result *out, struct loc at)
{
	struct source_loc s = {0};
	if (at.file && at.line) {
		s.file = unit_result_file(out, at.file);
		s.line = at.line;
		s.col = at.col ? at.col : 1;
	}
	return s;
}

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* The same permission in several worlds (a description that differs by
 * condition, a parameter whose every allowed value gives the same rule)
 * is one finding: the first world's, with its trace. */
static int seen_before(struct ectx *e, const struct finding *f)
{
	char line[INT_TEXT_SIZE], col[INT_TEXT_SIZE], dir[INT_TEXT_SIZE];
	char *key = arena_cat(&e->seen_arena, f->file ? f->file : "", ":", int_text(f->line, line), ":",
			      int_text(f->col, col), ":", int_text(f->direction, dir), "|", f->message ? f->message : "",
			      "|", f->resource ? f->resource : "", "|", f->traffic ? f->traffic : "", "|",
			      f->source ? f->source : "", NULL);
	return hmap_get_or_put(&e->seen, key, key) != key;
}

static void start_rule(struct ectx *e, const struct rule *r)
{
	e->rule = r;
	e->regex_failed = 0;
	arena_release(&e->seen_arena);
	arena_init(&e->seen_arena);
	hmap_init(&e->seen, &e->seen_arena);
}

static void copy_union(struct unit_result *out, struct finding *f, const struct permission *p)
{
	if (!p->nmembers)
		return;
	f->union_of = arena_alloc(&out->arena, sizeof(*f->union_of) * p->nmembers);
	f->nunion = p->nmembers;
	for (uint32_t i = 0; i < p->nmembers; i++) {
		const struct union_member *u = &p->members[i];
		f->union_of[i] = (struct union_part){
			u->res ? arena_strdup(&out->arena, u->res->id) : NULL, dup_or_null(&out->arena, u->peer),
			u->loc.file ? unit_result_file(out, u->loc.file) : f->file, u->loc.line, u->loc.col, u->res};
	}
}

static void copy_hop(struct unit_result *out, struct exposure_hop *h, const struct reach_hop *from)
{
	struct arena *a = &out->arena;
	h->resource = arena_strdup(a, from->res->id);
	h->resource_type = arena_strdup(a, from->res->type);
	h->step = dup_or_null(a, from->step);
	h->note = dup_or_null(a, from->note);
	struct loc at = from->res->src_loc.line ? from->res->src_loc : from->res->loc;
	h->file = at.file ? unit_result_file(out, at.file) : NULL;
	h->line = at.line;
	h->col = at.col;
}

static void copy_target(struct unit_result *out, struct exposure_target *t, const struct reach_target *from)
{
	struct arena *a = &out->arena;
	t->resource = arena_strdup(a, from->res->id);
	t->resource_type = arena_strdup(a, from->res->type);
	t->reachability = reach_name(from->reach);
	t->reason = dup_or_null(a, from->reason);
	t->path = arena_alloc(a, sizeof(*t->path) * (from->nhops ? from->nhops : 1));
	t->npath = from->nhops;
	for (uint32_t i = 0; i < from->nhops; i++)
		copy_hop(out, &t->path[i], &from->hops[i]);
}

/* The permission's exposure in the unit result: one copy per permission,
 * whatever number of rules fire for it. */
static struct exposure *finding_exposure(struct ectx *e, const struct permission *p, struct unit_result *out)
{
	if (p->scope != SCOPE_SECURITY_GROUP || p->direction != DIR_INGRESS)
		return NULL;
	const struct reach_exposure *x = reach_of(unit_reach(e), p);
	union {
		const void *c;
		struct exposure *v;
	} done = {pmap_get(&e->exposed, p)};
	if (done.v || !x)
		return done.v;
	struct exposure *c = NULL;
	{
		c = arena_alloc(&out->arena, sizeof(*c));
		c->reachability = reach_name(x->reach);
		c->reason = dup_or_null(&out->arena, x->reason);
		c->targets = arena_alloc(&out->arena, sizeof(*c->targets) * (x->ntargets ? x->ntargets : 1));
		c->ntargets = x->ntargets;
		for (uint32_t i = 0; i < x->ntargets; i++)
			copy_target(out, &c->targets[i], &x->targets[i]);
	}
	pmap_put(&e->exposed, p, c);
	return c;
}

static void add_finding(struct ectx *e, const struct permission *p, struct unit_result *out)
{
	const struct rule *r = e->rule;
	struct arena *a = &out->arena;
	struct finding f;
	const struct trace_step *trace;
	char buf[32];
	memset(&f, 0, sizeof(f));
	f.rule = r;
	f.severity = r->severity;
	const struct reach_exposure *x = reach_of(unit_reach(e), p);
	struct msg_ctx mc = {r, p, p->res, e->hit_port, e->hit_set, NULL, NULL, e->hit_unheard,
			     x ? reach_name(x->reach) : NULL, e->hit_touch};
	f.message = format_message(a, r->message, &mc);
	locate(&f, out, e->m, finding_loc(r, p, &trace));
	if (p->res) {
		f.resource = arena_strdup(a, p->res->id);
		f.resource_type = arena_strdup(a, p->res->type);
		f.resource_path = dup_or_null(a, p->res->path);
	}
	f.group = dup_or_null(a, p->group_name);
	f.has_perm = 1;
	f.direction = p->direction;
	f.protocol = arena_strdup(a, proto_name(p->proto, buf, sizeof(buf)));
	f.traffic = format_message(a, "{traffic}", &mc);
	f.ports_known = p->ports_state == VAL_KNOWN && p->proto != PROTO_INVALID;
	f.from_port = p->nranges ? p->ranges[0].lo : p->from_port;
	f.to_port = p->nranges ? p->ranges[p->nranges - 1].hi : p->to_port;
	if (proto_is_icmp(p->proto)) {
		f.from_port = p->from_port;
		f.to_port = p->to_port;
	}
	f.source = p->peer_kind == PEER_UNKNOWN ? NULL : dup_or_null(a, p->peer);
	f.change = p->change;
	f.origin = p->res;
	f.in_source = source_loc(out, p->loc_src.line ? p->loc_src : p->res ? p->res->src_loc : p->loc_src);
	if (seen_before(e, &f))
		return;
	f.exposure = finding_exposure(e, p, out);
	copy_trace(out, &f, trace);
	copy_union(out, &f, p);
	VEC_PUSH(out->findings, f);
}

/* The text of a deciding property value, for messages. */
static const char *value_text(const struct prop_value *v)
{
	if (!v || v->state == VAL_ABSENT)
		return "(not set)";
	if (v->state == VAL_UNKNOWN)
		return "(known only at deployment)";
	return node_str(v->v) ? node_str(v->v) : node_kind_name(v->v->kind);
}

static void add_resource_finding(struct ectx *e, const struct resource *res, struct unit_result *out)
{
	struct arena *a = &out->arena;
	struct finding f;
	memset(&f, 0, sizeof(f));
	f.rule = e->rule;
	f.severity = e->rule->severity;
	struct msg_ctx mc = {e->rule, NULL, res, 0, NULL, e->hit_property, value_text(e->hit_value), NULL, NULL, NULL};
	f.message = format_message(a, e->rule->message, &mc);
	locate(&f, out, e->m, e->hit_value && e->rule->at != AT_RESOURCE ? e->hit_value->loc : res->loc);
	f.resource = arena_strdup(a, res->id);
	f.resource_type = arena_strdup(a, res->type);
	f.resource_path = dup_or_null(a, res->path);
	f.change = res->change;
	f.origin = res;
	f.in_source = source_loc(out, res->src_loc);
	VEC_PUSH(out->findings, f);
}

static int rule_may_apply(const struct rule *r, const struct resource *res)
{
	if (!r->types)
		return 1;
	for (size_t i = 0; i < r->ntypes; i++)
		if (r->type_hashes[i] == res->type_hash && res->type && strcmp(r->types[i], res->type) == 0)
			return 1;
	return 0;
}

static void eval_resources(struct ectx *e, struct unit_result *out)
{
	for (size_t i = 0; i < e->m->resources.n; i++) {
		const struct resource *res = e->m->resources.v[i];
		if (!res->deployed || !rule_may_apply(e->rule, res))
			continue;
		e->hit_property = NULL;
		e->hit_value = NULL;
		if (ev_res(e, e->rule->when, res) == T)
			add_resource_finding(e, res, out);
	}
}

static int rule_sees(const struct rule *r, const struct permission *p)
{
	int scope = p->scope == SCOPE_NETWORK_ACL ? RSCOPE_NETWORK_ACL : RSCOPE_SECURITY_GROUP;
	if (r->scope != scope)
		return 0;
	if (p->invalid && !r->sees_invalid)
		return 0;
	if (p->implicit && !r->sees_implicit)
		return 0;
	if (p->derived && !r->sees_derived)
		return 0;
	return 1;
}

void eval_unit(const struct ruleset *rs, struct model *m, struct unit_result *out)
{
	struct ectx e;
	memset(&e, 0, sizeof(e));
	e.rs = rs;
	e.m = m;
	e.mctx = pcre2_match_context_create(NULL);
	if (!e.mctx)
		die("out of memory creating a regex match context");
	pcre2_set_match_limit(e.mctx, rs->match_limit);
	pcre2_set_depth_limit(e.mctx, rs->depth_limit);
	arena_init(&e.seen_arena);
	for (size_t ri = 0; ri < rs->rules.n; ri++) {
		start_rule(&e, rs->rules.v[ri]);
		if (!e.rule->when)
			continue;
		if (e.rule->scope == RSCOPE_RESOURCE) {
			eval_resources(&e, out);
			continue;
		}
		for (size_t pi = 0; pi < m->perms.n; pi++) {
			const struct permission *p = &m->perms.v[pi];
			if (!rule_sees(e.rule, p))
				continue;
			e.hit_port = -1;
			e.hit_set = NULL;
			e.hit_touch = NULL;
			e.hit_unheard = NULL;
			if (ev_perm(&e, e.rule->when, p) == T)
				add_finding(&e, p, out);
		}
	}
	pcre2_match_context_free(e.mctx);
	reach_release(e.reach);
	free(e.values.v);
	free(e.refs_done.v);
	arena_release(&e.seen_arena);
}
