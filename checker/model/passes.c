/* passes.c - format-independent passes over a unit's permissions; see passes.h */
#include "model/passes.h"

#include "model/aws.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- prefix lists ------------------------------------------------------ */

static const struct resource *prefix_list_of(struct model *m, const struct permission *p)
{
	if (p->peer_kind != PEER_PREFIX_LIST)
		return NULL;
	return p->peer_res ? p->peer_res : model_find(m, p->peer);
}

/* Entry e as the peer of a copy of p. */
static void entry_peer(struct model *m, struct permission *p, const struct prefix_entry *e)
{
	const char *list = e->list->id;
	p->trace_peer = trace_concat(m->a, p->trace_peer,
				     trace_push(m->a, e->trace, e->loc,
						arena_printf(m->a, "prefix list %s entry %s (line %u)", list,
							     e->cidr ? e->cidr : "(unknown)", e->loc.line)));
	if (!e->cidr) {
		p->peer_kind = PEER_UNKNOWN;
		p->peer = NULL;
		p->unknown_reason = arena_printf(m->a, "an entry of prefix list %s: %s", list, e->unknown);
		return;
	}
	perm_set_cidr(m, p, e->cidr, 0, p->peer_key ? p->peer_key : "prefix list entry");
}

void model_prefix_lists(struct model *m)
{
	if (!m->prefix_entries.n)
		return;
	size_t n = m->perms.n;
	for (size_t i = 0; i < n; i++) {
		const struct resource *list = prefix_list_of(m, &m->perms.v[i]);
		if (!list)
			continue;
		struct permission orig = m->perms.v[i];
		int first = 1;
		for (size_t k = 0; k < m->prefix_entries.n; k++) {
			const struct prefix_entry *e = &m->prefix_entries.v[k];
			if (e->list != list)
				continue;
			struct permission *p = first ? &m->perms.v[i] : model_add_perm(m);
			*p = orig;
			entry_peer(m, p, e);
			first = 0;
		}
	}
}

/* ---- union coverage --------------------------------------------------- */

/* World blocks are excluded: they are already world, a union only matters
 * without them. */
static int union_candidate(const struct permission *p)
{
	return p->scope == SCOPE_SECURITY_GROUP && p->peer_kind == PEER_CIDR && !p->invalid &&
	       !cidr_is_world(&p->cidr) &&
	       !p->implicit && !p->derived && p->ports_state == VAL_KNOWN && p->nranges > 0 &&
	       (p->proto == PROTO_ALL || proto_has_ports(p->proto));
}

/* Same group node; a rule whose group is unknown stands alone with its
 * declaring resource. */
static const struct resource *group_key(const struct permission *p)
{
	return p->group ? p->group : p->res;
}


/* Does permission p admit traffic of protocol `proto` on port `port`? */
static int admits(const struct permission *p, int proto, int32_t port)
{
	if (p->proto == PROTO_ALL)
		return 1;
	if (p->proto != proto)
		return 0;
	for (uint32_t i = 0; i < p->nranges; i++)
		if (port >= p->ranges[i].lo && port <= p->ranges[i].hi)
			return 1;
	return 0;
}

struct union_scan {
	struct model *m;
	const size_t *idx; /* permissions of one group and direction, canonical order */
	size_t n;
	int family;
	int proto;    /* PROTO_ALL, PROTO_TCP or PROTO_UDP */
	struct cidr *blocks; /* scratch, n */
	uint8_t *in;         /* scratch, n: members admitting the current interval */
};

/* Blocks of the group that admit (proto, port); with only_all, just the
 * all-protocol ones. Marks them in `in`; returns how many. */
static size_t admitting(const struct union_scan *u, int proto, int32_t port, int only_all, uint8_t *in)
{
	size_t k = 0;
	for (size_t i = 0; i < u->n; i++) {
		const struct permission *p = &u->m->perms.v[u->idx[i]];
		in[i] = p->cidr.family == u->family && (!only_all || p->proto == PROTO_ALL) &&
			admits(p, proto, port);
		if (in[i])
			u->blocks[k++] = p->cidr;
	}
	return k;
}

/* 1 if the group's blocks together cover the family for (u->proto, port)
 * and the union is news: for tcp/udp, not already covered by the
 * all-protocol blocks alone (that union is reported as all traffic). */
/* Leave out of `in` the blocks inside another admitting block: they add
 * nothing to the union. The members are sorted by address, larger block
 * first, and blocks either nest or are disjoint, so the last kept block is
 * the only one that can hold the next. */
static void drop_contained(const struct union_scan *u, uint8_t *in)
{
	const struct cidr *kept = NULL;
	for (size_t i = 0; i < u->n; i++) {
		if (!in[i])
			continue;
		const struct cidr *c = &u->m->perms.v[u->idx[i]].cidr;
		if (kept && cidr_contains(kept, c))
			in[i] = 0;
		else
			kept = c;
	}
}

static int covered_at(const struct union_scan *u, int32_t port, uint8_t *in)
{
	int only_all = u->proto == PROTO_ALL;
	size_t k = admitting(u, u->proto == PROTO_ALL ? PROTO_TCP : u->proto, port, only_all, in);
	if (k < 2 || !cidr_union_is_world(u->blocks, k, u->family))
		return 0;
	if (!only_all) {
		uint8_t *scratch = xmalloc(u->n);
		size_t ka = admitting(u, u->proto, port, 1, scratch);
		int all_world = ka > 1 && cidr_union_is_world(u->blocks, ka, u->family);
		free(scratch);
		if (all_world)
			return 0;
	}
	drop_contained(u, in);
	return 1;
}

static void add_derived(struct union_scan *u, const uint8_t *in, int32_t lo, int32_t hi)
{
	struct model *m = u->m;
	struct strbuf peers = STRBUF_INIT;
	size_t first = SIZE_MAX, k = 0;
	for (size_t i = 0; i < u->n; i++)
		k += in[i];
	struct union_member *mem = arena_alloc(m->a, sizeof(*mem) * k);
	k = 0;
	for (size_t i = 0; i < u->n; i++) {
		if (!in[i])
			continue;
		const struct permission *p = &m->perms.v[u->idx[i]];
		if (first == SIZE_MAX)
			first = u->idx[i];
		sb_addf(&peers, "%s%s", peers.len ? " + " : "", p->peer);
		mem[k++] = (struct union_member){p->res, p->peer, p->loc_peer};
	}
	struct permission *d = model_add_perm(m);
	*d = m->perms.v[first];
	d->derived = 1;
	d->members = mem;
	d->nmembers = (uint32_t)k;
	d->proto = u->proto;
	struct port_range *r = arena_alloc(m->a, sizeof(*r));
	r->lo = u->proto == PROTO_ALL ? 0 : lo;
	r->hi = u->proto == PROTO_ALL ? 65535 : hi;
	d->ranges = r;
	d->nranges = 1;
	d->from_port = r->lo;
	d->to_port = r->hi;
	memset(&d->cidr, 0, sizeof(d->cidr));
	d->cidr.family = (uint8_t)u->family;
	d->peer = arena_strdup(m->a, sb_str(&peers));
	d->trace_peer = trace_push(m->a, NULL, d->loc_peer,
				   arena_printf(m->a, "%s together cover %s", d->peer,
						u->family == 4 ? "0.0.0.0/0" : "::/0"));
	d->trace_peer = trace_push(m->a, d->trace_peer, d->loc_peer, d->peer_key ? d->peer_key : "peer");
	sb_release(&peers);
}

static int cmp_int32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* Walk the elementary port intervals (between every range boundary, in
 * sorted order) and emit one derived world permission per run of covered
 * intervals that share the same contributors. */
static void union_for_proto(struct union_scan *u)
{
	VEC(int32_t) cuts = {0};
	VEC_PUSH(cuts, 0);
	for (size_t i = 0; i < u->n && u->proto != PROTO_ALL; i++) {
		const struct permission *p = &u->m->perms.v[u->idx[i]];
		for (uint32_t r = 0; r < p->nranges; r++) {
			VEC_PUSH(cuts, p->ranges[r].lo);
			VEC_PUSH(cuts, p->ranges[r].hi + 1);
		}
	}
	VEC_PUSH(cuts, 65536);
	sort_array(cuts.v, cuts.n, sizeof(*cuts.v), cmp_int32);
	uint8_t *run = xcalloc(u->n, 1), *in = xcalloc(u->n, 1);
	int32_t run_lo = -1;
	for (size_t i = 0; i + 1 < cuts.n; i++) {
		int32_t lo = cuts.v[i], hi = cuts.v[i + 1] - 1;
		if (lo > hi)
			continue;
		int cov = covered_at(u, lo, in);
		if (run_lo >= 0 && (!cov || memcmp(in, run, u->n) != 0)) {
			add_derived(u, run, run_lo, lo - 1);
			run_lo = -1;
		}
		if (cov && run_lo < 0) {
			run_lo = lo;
			memcpy(run, in, u->n);
		}
		if (u->proto == PROTO_ALL)
			break;
	}
	if (run_lo >= 0)
		add_derived(u, run, run_lo, 65535);
	free(cuts.v);
	free(run);
	free(in);
}

/* Addresses a block holds, in units of the smallest block that matters:
 * a union can only cover a family when the sizes add up to all of it. */
static double block_share(const struct cidr *c)
{
	int bits = (c->family == 4 ? 32 : 128) - c->prefix;
	double share = 1.0;
	for (int i = c->family == 4 ? 32 : 128; i > bits; i--)
		share /= 2;
	return share; /* fraction of the family */
}

/* A candidate with what orders it: its group, then canonically. */
struct union_cand {
	size_t i;
	int direction;
	const char *group_id;
	const struct resource *group;
	struct cidr cidr;
	int proto;
	int32_t lo, hi;
	struct loc loc;
};

static int cmp_str(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "");
}

static int cmp_cand_group(const struct union_cand *x, const struct union_cand *y)
{
	if (x->direction != y->direction)
		return x->direction - y->direction;
	int c = cmp_str(x->group_id, y->group_id);
	if (c)
		return c;
	/* the same id for two nodes (a declared and an external group) */
	return (x->group > y->group) - (x->group < y->group);
}

static int cmp_cand(const void *a, const void *b)
{
	const struct union_cand *x = a, *y = b;
	int c = cmp_cand_group(x, y);
	if (c)
		return c;
	if (x->cidr.family != y->cidr.family)
		return x->cidr.family - y->cidr.family;
	if ((c = memcmp(x->cidr.addr, y->cidr.addr, 16)) != 0)
		return c;
	if (x->cidr.prefix != y->cidr.prefix)
		return x->cidr.prefix - y->cidr.prefix;
	if (x->proto != y->proto)
		return x->proto - y->proto;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if ((c = cmp_str(x->loc.file, y->loc.file)) != 0)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	return x->loc.col < y->loc.col ? -1 : x->loc.col > y->loc.col;
}

/* One group and direction: members idx[0..k), canonical order. */
static void union_group(struct model *m, const size_t *idx, size_t k)
{
	/* most groups hold a /8 and a few /24s: they cannot add up to a
	 * whole family, so there is nothing to compute */
	double g4 = 0, g6 = 0;
	for (size_t j = 0; j < k; j++) {
		const struct cidr *c = &m->perms.v[idx[j]].cidr;
		*(c->family == 4 ? &g4 : &g6) += block_share(c);
	}
	if (g4 < 1.0 && g6 < 1.0)
		return;
	static const int protos[] = {PROTO_ALL, PROTO_TCP, PROTO_UDP};
	struct cidr *blocks = xmalloc(sizeof(*blocks) * k);
	for (int fam = 4; fam <= 6; fam += 2)
		for (size_t p = 0; p < 3; p++) {
			struct union_scan u = {m, idx, k, fam, protos[p], blocks, NULL};
			union_for_proto(&u);
		}
	free(blocks);
}

void model_union_coverage(struct model *m)
{
	size_t n = m->perms.n;
	/* all the file's blocks together must add up to a family first */
	double v4 = 0, v6 = 0;
	for (size_t i = 0; i < n; i++)
		if (union_candidate(&m->perms.v[i]))
			*(m->perms.v[i].cidr.family == 4 ? &v4 : &v6) += block_share(&m->perms.v[i].cidr);
	if (v4 < 1.0 && v6 < 1.0)
		return;
	struct union_cand *c = xmalloc(sizeof(*c) * n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct permission *p = &m->perms.v[i];
		if (!union_candidate(p))
			continue;
		const struct resource *g = group_key(p);
		c[k++] = (struct union_cand){i, p->direction, g ? g->id : NULL, g, p->cidr, p->proto,
					     p->ranges[0].lo, p->ranges[p->nranges - 1].hi, p->loc_peer};
	}
	sort_array(c, k, sizeof(*c), cmp_cand);
	size_t *idx = xmalloc(sizeof(*idx) * (k ? k : 1));
	for (size_t s = 0, e; s < k; s = e) {
		for (e = s; e < k && cmp_cand_group(&c[s], &c[e]) == 0; e++)
			idx[e - s] = c[e].i;
		if (e - s >= 2)
			union_group(m, idx, e - s);
	}
	free(idx);
	free(c);
}

/* ---- network ACL rule order ---------------------------------------------- */

static int nacl_known(const struct permission *p)
{
	return p->scope == SCOPE_NETWORK_ACL && p->peer_kind == PEER_CIDR && !p->invalid &&
	       p->ports_state == VAL_KNOWN && p->proto != PROTO_UNKNOWN;
}

/* A deny shadows (part of) an allow when it comes first, covers the allow's
 * whole address block and applies to the same traffic. */
static int shadows(const struct permission *deny, const struct permission *allow)
{
	return deny->action == ACTION_DENY && nacl_known(deny) && deny->rule_number < allow->rule_number &&
	       deny->direction == allow->direction && deny->group && deny->group == allow->group &&
	       cidr_contains(&deny->cidr, &allow->cidr);
}

static void set_ranges(struct model *m, struct permission *p, const struct portset *s)
{
	p->ranges = s->n ? arena_memdup(m->a, s->r, sizeof(*s->r) * s->n) : NULL;
	p->nranges = (uint32_t)s->n;
}

/* Effective ports of `proto` traffic an allow still grants after the
 * denies before it; returns how many denies touched it. */
static int effective_ports(struct model *m, size_t ai, int proto, struct portset *eff,
			   struct strbuf *why)
{
	const struct permission *a = &m->perms.v[ai];
	int hits = 0;
	if (proto == a->proto && proto_has_ports(proto)) {
		for (uint32_t r = 0; r < a->nranges; r++)
			portset_add(eff, a->ranges[r].lo, a->ranges[r].hi);
	} else {
		portset_add(eff, 0, 65535);
	}
	for (size_t i = 0; i < m->perms.n && eff->n; i++) {
		const struct permission *d = &m->perms.v[i];
		if (!shadows(d, a))
			continue;
		char pb[12];
		if (d->proto == PROTO_ALL) {
			portset_subtract(eff, 0, 65535);
		} else if (d->proto == proto && proto_has_ports(proto)) {
			for (uint32_t r = 0; r < d->nranges; r++)
				portset_subtract(eff, d->ranges[r].lo, d->ranges[r].hi);
		} else if (d->proto == proto) {
			portset_subtract(eff, 0, 65535);
		} else {
			continue;
		}
		hits++;
		sb_addf(why, "%srule %d denies %s", why->len ? ", " : "", d->rule_number,
			proto_name(d->proto, pb, sizeof(pb)));
	}
	return hits;
}

static void nacl_apply(struct model *m, size_t ai)
{
	struct permission *a = &m->perms.v[ai];
	struct strbuf why = STRBUF_INIT;
	struct portset tcp = {0}, udp = {0};
	int split = a->proto == PROTO_ALL;
	int hits = effective_ports(m, ai, split ? PROTO_TCP : a->proto, &tcp, &why);
	if (split) {
		struct strbuf why_udp = STRBUF_INIT;
		int udp_hits = effective_ports(m, ai, PROTO_UDP, &udp, &why_udp);
		if (udp_hits && !hits)
			sb_add(&why, why_udp.buf, why_udp.len);
		hits += udp_hits;
		sb_release(&why_udp);
	}
	if (hits) {
		const char *note = arena_printf(m->a, "shadowed in part by lower-numbered %s", why.buf);
		a->partial = 1;
		a->trace_ports = trace_push(m->a, a->trace_ports, a->loc_rule, note);
		if (split && tcp.n + udp.n > 0) {
			/* all traffic minus some tcp/udp denies: keep what tcp and
			 * udp still grant, as two records */
			a->proto = PROTO_TCP;
			a->partial = 0;
			set_ranges(m, a, &tcp);
			struct permission copy = *a;
			copy.proto = PROTO_UDP;
			set_ranges(m, &copy, &udp);
			*model_add_perm(m) = copy;
		} else {
			set_ranges(m, a, &tcp);
			a->partial = tcp.n == 0 || a->proto == PROTO_ALL || !proto_has_ports(a->proto);
		}
	}
	portset_release(&tcp);
	portset_release(&udp);
	sb_release(&why);
}

void model_nacl_order(struct model *m)
{
	size_t n = m->perms.n; /* records added by splitting need no pass */
	for (size_t i = 0; i < n; i++) {
		struct permission *p = &m->perms.v[i];
		if (nacl_known(p) && p->action == ACTION_ALLOW)
			nacl_apply(m, i);
	}
}
