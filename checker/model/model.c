/* model.c - model records and the resource graph; see model.h */
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/load.h"
#include "doc/node.h"
#include "model/props.h"

void model_init(struct model *m, struct arena *a)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
	hmap_init(&m->by_id, a);
	hmap_init(&m->external_by_name, a);
}

void model_release(struct model *m)
{
	for (size_t i = 0; i < m->owned_docs.n; i++)
		doc_release(m->owned_docs.v[i]);
	free(m->owned_docs.v);
	free(m->notes.v);
	free(m->prefix_entries.v);
	free(m->nested.v);
	free(m->docs.v);
	free(m->resources.v);
	free(m->externals.v);
	free(m->perms.v);
	free(m->edges.v);
	free(m->errors.v);
	free(m->in_start);
	free(m->in_edges);
	memset(m, 0, sizeof(*m));
}

void model_add_doc(struct model *m, struct doc *doc)
{
	VEC_PUSH(m->docs, doc);
}

void model_own_doc(struct model *m, struct doc *doc)
{
	VEC_PUSH(m->docs, doc);
	VEC_PUSH(m->owned_docs, doc);
}

struct doc *model_doc_of(const struct model *m, const char *file)
{
	for (size_t i = 0; i < m->docs.n; i++)
		if (m->docs.v[i]->file == file || (file && strcmp(m->docs.v[i]->file, file) == 0))
			return m->docs.v[i];
	return NULL;
}

static struct resource *new_resource(struct model *m, const char *id, const char *type, struct loc loc,
				     int schema)
{
	struct resource *r = arena_alloc(m->a, sizeof(*r));
	r->id = id;
	r->type = type;
	r->type_hash = type ? str_hash(type) : 0;
	r->loc = loc;
	r->schema = (uint8_t)schema;
	return r;
}

struct resource *model_add_resource(struct model *m, const char *id, const char *type, struct loc loc,
				    int schema)
{
	struct resource *r = new_resource(m, id, type, loc, schema);
	r->index = (uint32_t)m->resources.n;
	VEC_PUSH(m->resources, r);
	hmap_get_or_put(&m->by_id, id, r);
	return r;
}

struct resource *model_find(const struct model *m, const char *id)
{
	return id ? hmap_get(&m->by_id, id) : NULL;
}

struct resource *model_external(struct model *m, const char *name, const char *type, int schema)
{
	struct resource *r = hmap_get(&m->external_by_name, name);
	if (r)
		return r;
	r = new_resource(m, name, type, (struct loc){NULL, 0, 0}, schema);
	r->external = 1;
	r->index = (uint32_t)m->externals.n;
	VEC_PUSH(m->externals, r);
	hmap_put(&m->external_by_name, name, r);
	return r;
}

struct permission *model_add_perm(struct model *m)
{
	struct permission p;
	memset(&p, 0, sizeof(p));
	VEC_PUSH(m->perms, p);
	return &m->perms.v[m->perms.n - 1];
}

void model_add_prefix_entry(struct model *m, const struct resource *list, const char *cidr, const char *unknown,
			    struct loc loc, const struct trace_step *trace)
{
	struct prefix_entry e = {list, cidr, unknown, loc, trace};
	VEC_PUSH(m->prefix_entries, e);
}

/* Everything a finding shows of a permission, and where it is written. */
static char *perm_identity(struct arena *a, const struct permission *p)
{
	return arena_printf(a, "%p|%p|%d%d%d%d%d%d|%d|%d-%d|%d|%s|%s|%s|%p:%u:%u|%p:%u:%u|%p:%u:%u", (const void *)p->res,
			    (const void *)p->group, p->scope, p->direction, p->peer_kind, p->ports_state,
			    p->desc_state, p->action, p->proto, p->from_port, p->to_port, p->rule_number,
			    p->peer ? p->peer : "", p->description ? p->description : "",
			    p->unknown_reason ? p->unknown_reason : "", (const void *)p->loc_rule.file,
			    p->loc_rule.line, p->loc_rule.col, (const void *)p->loc_peer.file, p->loc_peer.line,
			    p->loc_peer.col, (const void *)p->loc_ports.file, p->loc_ports.line, p->loc_ports.col);
}

void model_drop_repeats(struct model *m, size_t from)
{
	struct arena scratch;
	struct hmap seen;
	size_t k = from;
	arena_init(&scratch);
	hmap_init(&seen, &scratch);
	for (size_t i = from; i < m->perms.n; i++) {
		const char *id = perm_identity(&scratch, &m->perms.v[i]);
		if (hmap_get(&seen, id))
			continue;
		hmap_put(&seen, id, &m->perms.v[i]);
		m->perms.v[k++] = m->perms.v[i];
	}
	m->perms.n = k;
	arena_release(&scratch);
}

void model_add_edge(struct model *m, const struct resource *from, const struct resource *to, int kind,
		    const struct prop_path *path, struct loc loc)
{
	struct edge e = {from, to, (uint8_t)kind, path, loc};
	VEC_PUSH(m->edges, e);
}

void model_add_refs_at(struct model *m, const struct prop_path *path,
		       int (*want)(const struct resource *r, const void *arg), const void *arg)
{
	prop_values vals = {0};
	for (size_t i = 0; m->resolver.refer && i < m->resources.n; i++) {
		const struct resource *r = m->resources.v[i];
		if (!r->deployed || !want(r, arg))
			continue;
		vals.n = 0;
		props_get(m, r, path, &vals);
		for (size_t k = 0; k < vals.n; k++)
			m->resolver.refer(m->resolver.ctx, m, r, &vals.v[k], path);
	}
	free(vals.v);
}

/* Counting sort of the edges by target: in_edges[in_start[i] ..
 * in_start[i + 1]) are the edges into resource i. External targets and
 * unknown targets (NULL) are not indexed: nothing asks for them. */
static void index_edges(struct model *m)
{
	size_t nres = m->resources.n;
	free(m->in_start);
	free(m->in_edges);
	m->in_start = xcalloc(nres + 1, sizeof(*m->in_start));
	m->in_edges = xmalloc(sizeof(*m->in_edges) * (m->edges.n ? m->edges.n : 1));
	for (size_t i = 0; i < m->edges.n; i++) {
		const struct resource *to = m->edges.v[i].to;
		if (to && !to->external)
			m->in_start[to->index + 1]++;
	}
	for (size_t i = 0; i < nres; i++)
		m->in_start[i + 1] += m->in_start[i];
	uint32_t *fill = xmalloc(sizeof(*fill) * (nres ? nres : 1));
	memcpy(fill, m->in_start, sizeof(*fill) * nres);
	for (size_t i = 0; i < m->edges.n; i++) {
		const struct resource *to = m->edges.v[i].to;
		if (to && !to->external)
			m->in_edges[fill[to->index]++] = (uint32_t)i;
	}
	free(fill);
	m->indexed = (uint32_t)m->edges.n;
}

const uint32_t *model_edges_in(struct model *m, const struct resource *r, uint32_t *n)
{
	if (!m->in_start || m->indexed != m->edges.n)
		index_edges(m);
	if (r->external || r->index >= m->resources.n) {
		*n = 0;
		return NULL;
	}
	*n = m->in_start[r->index + 1] - m->in_start[r->index];
	return m->in_edges + m->in_start[r->index];
}

void model_error(struct model *m, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(&m->errors, loc, fmt, ap);
	va_end(ap);
	/* one problem reached from several places is reported once */
	const struct diag *last = &m->errors.v[m->errors.n - 1];
	for (size_t i = 0; i + 1 < m->errors.n; i++)
		if (diag_cmp(&m->errors.v[i], last) == 0) {
			m->errors.n--;
			break;
		}
}

const struct trace_step *trace_push(struct arena *a, const struct trace_step *next,
				    struct loc loc, const char *text)
{
	struct trace_step *s = arena_alloc(a, sizeof(*s));
	s->text = text;
	s->loc = loc;
	s->next = next;
	return s;
}

const struct trace_step *trace_concat(struct arena *a, const struct trace_step *first,
				      const struct trace_step *second)
{
	if (!first)
		return second;
	if (!second)
		return first;
	return trace_push(a, trace_concat(a, first->next, second), first->loc, first->text);
}

int perm_is_all_traffic(const struct permission *p)
{
	if (p->ports_state != VAL_KNOWN || p->partial || p->nranges == 0)
		return 0;
	if (p->proto == PROTO_ALL)
		return 1;
	return proto_has_ports(p->proto) && p->nranges == 1 && p->ranges[0].lo == 0 &&
	       p->ranges[0].hi == 65535;
}

const char *perm_ports_text(const struct permission *p, char *buf, size_t size)
{
	if (p->ports_state == VAL_UNKNOWN)
		return "?";
	if (!proto_has_ports(p->proto)) {
		if (proto_is_icmp(p->proto)) {
			snprintf(buf, size, "type %d code %d", p->from_port, p->to_port);
			return buf;
		}
		return "all";
	}
	/* "22,80-90", by hand: snprintf would cost more than the rest of a
	 * rule's key; a range that does not fit ends the list */
	size_t off = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < p->nranges && off + 16 < size; i++) {
		const struct port_range *r = &p->ranges[i];
		char lo[INT_TEXT_SIZE], hi[INT_TEXT_SIZE];
		const char *a = int_text(r->lo, lo), *b = r->lo == r->hi ? NULL : int_text(r->hi, hi);
		size_t na = strlen(a), nb = b ? strlen(b) : 0;
		if (off + (i != 0) + na + (b ? 1 + nb : 0) >= size)
			break;
		if (i)
			buf[off++] = ',';
		memcpy(buf + off, a, na);
		off += na;
		if (b) {
			buf[off++] = '-';
			memcpy(buf + off, b, nb);
			off += nb;
		}
		buf[off] = '\0';
	}
	if (p->nranges == 0)
		snprintf(buf, size, "none");
	return buf;
}
