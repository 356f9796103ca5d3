/* aws.c - AWS rule semantics shared by every format; see aws.h */
#include "model/aws.h"

#include <string.h>

void perm_mark_invalid(struct permission *p, struct loc at, const char *reason)
{
	if (!p->invalid) {
		p->invalid = 1;
		p->invalid_reason = reason;
		p->loc_invalid = at;
	}
}

void perm_set_cidr(struct model *m, struct permission *p, const char *text, int family,
		   const char *key)
{
	p->peer = text;
	p->peer_key = key;
	if (cidr_parse(text, &p->cidr) == 0 && (family == 0 || p->cidr.family == family)) {
		p->peer_kind = PEER_CIDR;
		return;
	}
	p->peer_kind = PEER_INVALID;
	perm_mark_invalid(p, p->loc_peer, arena_printf(m->a, "%s '%s' is not a valid %s CIDR block", key,
					  text, family == 6 ? "IPv6" : family == 4 ? "IPv4" : "IP"));
}

void perm_set_cidr_node(struct model *m, struct permission *p, const struct node *v, int family,
			const char *key)
{
	if (node_str(v)) {
		perm_set_cidr(m, p, node_str(v), family, key);
		return;
	}
	p->peer_key = key;
	p->peer_kind = PEER_INVALID;
	p->peer = node_kind_name(v ? v->kind : NODE_NULL);
	perm_mark_invalid(p, p->loc_peer, arena_printf(m->a, "%s must be a CIDR string, not a %s", key, p->peer));
}

void perm_set_nacl_entry(struct model *m, struct permission *p, const struct node *number,
			 const struct node *action, int unknown_action)
{
	int64_t n;
	const char *a = node_str(action);
	p->rule_number = node_int(number, &n) == 0 && n >= 1 && n <= 32766 ? (int32_t)n : -1;
	if (p->rule_number < 0)
		perm_mark_invalid(p, number ? number->loc : p->loc_rule,
				  arena_printf(m->a, "rule number '%s' is not between 1 and 32766",
					       node_str(number) ? node_str(number) : "(none)"));
	if (unknown_action) {
		p->action = ACTION_UNKNOWN;
	} else if (a && str_eq_nocase(a, "allow") && action->kind == NODE_STR) {
		p->action = ACTION_ALLOW;
	} else if (a && str_eq_nocase(a, "deny") && action->kind == NODE_STR) {
		p->action = ACTION_DENY;
	} else {
		p->action = ACTION_UNKNOWN;
		perm_mark_invalid(p, action ? action->loc : p->loc_rule,
				  arena_printf(m->a, "rule action '%s' is not allow or deny", a ? a : "(none)"));
	}
}

void perm_set_proto(struct model *m, struct permission *p, const char *text, const char *key)
{
	if (!text) {
		p->proto = PROTO_INVALID;
		perm_mark_invalid(p, p->loc_proto, arena_printf(m->a, "%s is missing", key));
		return;
	}
	p->proto = proto_parse(text);
	if (p->proto == PROTO_INVALID)
		perm_mark_invalid(p, p->loc_proto, arena_printf(m->a, "%s '%s' is not an IP protocol", key, text));
}

static struct port_range *one_range(struct model *m, int32_t lo, int32_t hi)
{
	struct port_range *r = arena_alloc(m->a, sizeof(*r));
	r->lo = lo;
	r->hi = hi;
	return r;
}

/* One bound: absent gives `dflt`; the value must be an integer in range. */
static int port_bound(struct model *m, struct permission *p, struct port_value v,
		      int32_t dflt, int32_t min, const char *key, int32_t *out)
{
	int64_t n;
	if (v.state == VAL_ABSENT) {
		*out = dflt;
		return 0;
	}
	if (v.state == VAL_UNKNOWN)
		return -1;
	if (!v.text || parse_integral(v.text, &n) != 0) {
		perm_mark_invalid(p, p->loc_ports, arena_printf(m->a, "%s '%s' is not a number", key,
						  v.text ? v.text : "?"));
		*out = dflt;
		return 0;
	}
	if (n < min || n > 65535) {
		perm_mark_invalid(p, p->loc_ports, arena_printf(m->a, "%s %lld is outside %d-65535", key,
						  (long long)n, min));
		*out = dflt;
		return 0;
	}
	*out = (int32_t)n;
	return 0;
}

void perm_set_ports(struct model *m, struct permission *p, struct port_value from,
		    struct port_value to, const char *from_key, const char *to_key)
{
	int32_t lo, hi;
	p->ports_state = VAL_KNOWN;
	if (p->proto == PROTO_UNKNOWN || p->proto == PROTO_INVALID) {
		if (p->proto == PROTO_UNKNOWN)
			p->ports_state = VAL_UNKNOWN;
		return;
	}
	if (!proto_has_ports(p->proto) && !proto_is_icmp(p->proto)) {
		/* all, and numbers without ports: AWS opens every port */
		p->from_port = 0;
		p->to_port = 65535;
		p->ranges = one_range(m, 0, 65535);
		p->nranges = 1;
		return;
	}
	if (proto_is_icmp(p->proto)) {
		/* ICMP type and code: -1 means all */
		if (port_bound(m, p, from, -1, -1, from_key, &lo) ||
		    port_bound(m, p, to, -1, -1, to_key, &hi)) {
			p->ports_state = VAL_UNKNOWN;
			return;
		}
		if (lo > 255 || hi > 255)
			perm_mark_invalid(p, p->loc_ports, arena_printf(m->a, "ICMP type/code %d/%d is outside -1-255", lo, hi));
		p->from_port = lo;
		p->to_port = hi;
		return;
	}
	if (port_bound(m, p, from, 0, 0, from_key, &lo) || port_bound(m, p, to, 65535, 0, to_key, &hi)) {
		p->ports_state = VAL_UNKNOWN;
		return;
	}
	p->from_port = lo;
	p->to_port = hi;
	if (lo > hi) {
		perm_mark_invalid(p, p->loc_ports, arena_printf(m->a, "%s %d is above %s %d", from_key, lo, to_key, hi));
		return;
	}
	p->ranges = one_range(m, lo, hi);
	p->nranges = 1;
}

void perm_set_desc(struct permission *p, int state, const char *text)
{
	if (state == VAL_KNOWN && (!text || !*text))
		state = VAL_ABSENT;
	p->desc_state = (uint8_t)state;
	p->description = state == VAL_KNOWN ? text : NULL;
}
