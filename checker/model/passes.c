/* passes.c - format-independent passes over a unit's permissions; see passes.h */
#include "model/passes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int same_group(const struct permission *a, const struct permission *b)
{
	return a->direction == b->direction && group_key(a) == group_key(b);
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
	size_t *idx;  /* permissions of one group and direction */
	size_t n;
	int family;
	int proto;    /* PROTO_ALL, PROTO_TCP or PROTO_UDP */
};

/* Blocks of the group that admit (proto, port); with only_all, just the
 * all-protocol ones. Returns how many. */
static int admitting(const struct union_scan *u, int proto, int32_t port, int only_all,
		     struct cidr *blocks, uint64_t *members)
{
	int k = 0;
	*members = 0;
	for (size_t i = 0; i < u->n; i++) {
		const struct permission *p = &u->m->perms.v[u->idx[i]];
		if (p->cidr.family != u->family || (only_all && p->proto != PROTO_ALL) ||
		    !admits(p, proto, port))
			continue;
		blocks[k++] = p->cidr;
		*members |= (uint64_t)1 << i;
	}
	return k;
}

/* 1 if the group's blocks together cover the family for (u->proto, port)
 * and the union is news: for tcp/udp, not already covered by the
 * all-protocol blocks alone (that union is reported as all traffic). */
static int covered_at(const struct union_scan *u, int32_t port, struct cidr *blocks,
		      uint64_t *members)
{
	int only_all = u->proto == PROTO_ALL;
	int k = admitting(u, u->proto == PROTO_ALL ? PROTO_TCP : u->proto, port, only_all, blocks, members);
	if (k < 2 || !cidr_union_is_world(blocks, (size_t)k, u->family))
		return 0;
	if (!only_all) {
		uint64_t all_members;
		int ka = admitting(u, u->proto, port, 1, blocks, &all_members);
		if (ka > 1 && cidr_union_is_world(blocks, (size_t)ka, u->family))
			return 0;
	}
	return 1;
}

static void add_derived(struct union_scan *u, uint64_t members, int32_t lo, int32_t hi)
{
	struct model *m = u->m;
	struct strbuf peers = STRBUF_INIT;
	size_t first = SIZE_MAX;
	for (size_t i = 0; i < u->n && i < 64; i++) {
		if (!(members & ((uint64_t)1 << i)))
			continue;
		if (first == SIZE_MAX)
			first = u->idx[i];
		sb_addf(&peers, "%s%s", peers.len ? " + " : "", m->perms.v[u->idx[i]].peer);
	}
	struct permission *d = model_add_perm(m);
	*d = m->perms.v[first];
	d->derived = 1;
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

/* Walk the elementary port intervals (between every range boundary) and
 * emit one derived world permission per run of covered intervals that
 * share the same contributors. */
static void union_for_proto(struct union_scan *u)
{
	VEC(int32_t) cuts = {0};
	struct cidr *blocks = xmalloc(sizeof(*blocks) * u->n);
	VEC_PUSH(cuts, 0);
	for (size_t i = 0; i < u->n && u->proto != PROTO_ALL; i++) {
		const struct permission *p = &u->m->perms.v[u->idx[i]];
		for (uint32_t r = 0; r < p->nranges; r++) {
			VEC_PUSH(cuts, p->ranges[r].lo);
			VEC_PUSH(cuts, p->ranges[r].hi + 1);
		}
	}
	VEC_PUSH(cuts, 65536);
	for (size_t i = 1; i < cuts.n; i++) /* insertion sort: few cuts */
		for (size_t j = i; j > 0 && cuts.v[j - 1] > cuts.v[j]; j--) {
			int32_t t = cuts.v[j];
			cuts.v[j] = cuts.v[j - 1];
			cuts.v[j - 1] = t;
		}
	int32_t run_lo = -1;
	uint64_t run_members = 0;
	for (size_t i = 0; i + 1 < cuts.n; i++) {
		int32_t lo = cuts.v[i], hi = cuts.v[i + 1] - 1;
		if (lo > hi)
			continue;
		uint64_t members;
		int cov = covered_at(u, lo, blocks, &members);
		if (run_lo >= 0 && (!cov || members != run_members)) {
			add_derived(u, run_members, run_lo, lo - 1);
			run_lo = -1;
		}
		if (cov && run_lo < 0) {
			run_lo = lo;
			run_members = members;
		}
		if (u->proto == PROTO_ALL)
			break;
	}
	if (run_lo >= 0)
		add_derived(u, run_members, run_lo, 65535);
	free(cuts.v);
	free(blocks);
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
	uint8_t *done = xcalloc(n ? n : 1, 1);
	size_t *idx = xmalloc(sizeof(*idx) * (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		if (done[i] || !union_candidate(&m->perms.v[i]))
			continue;
		size_t k = 0;
		for (size_t j = i; j < n && k < 64; j++) {
			if (!done[j] && union_candidate(&m->perms.v[j]) &&
			    same_group(&m->perms.v[i], &m->perms.v[j])) {
				idx[k++] = j;
				done[j] = 1;
			}
		}
		if (k < 2)
			continue;
		/* most groups hold a /8 and a few /24s: they cannot add up to a
		 * whole family, so there is nothing to compute */
		double g4 = 0, g6 = 0;
		for (size_t j = 0; j < k; j++) {
			const struct cidr *c = &m->perms.v[idx[j]].cidr;
			*(c->family == 4 ? &g4 : &g6) += block_share(c);
		}
		if (g4 < 1.0 && g6 < 1.0)
			continue;
		static const int protos[] = {PROTO_ALL, PROTO_TCP, PROTO_UDP};
		for (int fam = 4; fam <= 6; fam += 2)
			for (size_t p = 0; p < 3; p++) {
				struct union_scan u = {m, idx, k, fam, protos[p]};
				union_for_proto(&u);
			}
	}
	free(done);
	free(idx);
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
