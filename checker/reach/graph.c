/* graph.c - `sgcheck graph`: a unit's resource graph as Mermaid, dot or
 * JSON (reach.h). Nodes are the network and the targets the table knows
 * (types.c) and the groups with ingress; edges are the hops of every
 * ingress permission's exposure paths, so what is drawn is what the
 * reachability pass walked. Paths the internet takes are marked. */
#include <stdlib.h>
#include <string.h>

#include "base/jsonw.h"
#include "reach/internal.h"

#define MAX_PORT_LINES 4 /* a group's label lists this many rules */

struct gnode {
	const struct resource *res; /* NULL: the internet */
	const char *label;
	int exposed;
};

struct gedge {
	uint32_t from, to;
	int exposed;
};

struct gdraw {
	struct reach *g;
	struct arena *a;
	VEC(struct gnode) nodes;
	VEC(struct gedge) edges;
	struct pmap index; /* resource -> node index + 1 */
	struct hmap edge_index;
};

static int drawn_kind(int kind)
{
	return kind != RK_NONE && kind != RK_VPC && kind != RK_RT_ASSOC && kind != RK_NACL_ASSOC && kind != RK_ROUTE &&
	       kind != RK_IGW_ATTACH && kind != RK_SG_ATTACH && kind != RK_LISTENER && kind != RK_SUBNET_GROUP &&
	       kind != RK_EIP;
}

static uint32_t node_of(struct gdraw *d, const struct resource *r, const char *step, const char *note)
{
	uintptr_t at = (uintptr_t)pmap_get(&d->index, r);
	if (at)
		return (uint32_t)(at - 1);
	const struct rtype *t = reach_rtype(d->g, r);
	const char *kind = step ? step : t && t->label ? t->label : "group";
	struct gnode n = {r, arena_printf(d->a, "%s %s%s%s", kind, r->id, note ? " " : "", note ? note : ""), 0};
	VEC_PUSH(d->nodes, n);
	pmap_put(&d->index, r, (const void *)(uintptr_t)d->nodes.n);
	return (uint32_t)d->nodes.n - 1;
}

static void edge(struct gdraw *d, uint32_t from, uint32_t to, int exposed)
{
	const char *key = arena_printf(d->a, "%u>%u", from, to);
	uintptr_t at = (uintptr_t)hmap_get(&d->edge_index, key);
	if (!at) {
		struct gedge e = {from, to, 0};
		VEC_PUSH(d->edges, e);
		at = d->edges.n;
		hmap_put(&d->edge_index, key, (void *)at);
	}
	d->edges.v[at - 1].exposed |= exposed;
	d->nodes.v[from].exposed |= exposed;
	d->nodes.v[to].exposed |= exposed;
}

/* The hops of one target's path, internet first. */
static void draw_path(struct gdraw *d, const struct reach_target *t)
{
	int exposed = t->reach == REACH_INTERNET;
	uint32_t prev = 0; /* the internet */
	int have_prev = exposed;
	for (uint32_t i = 0; i < t->nhops; i++) {
		uint32_t n = node_of(d, t->hops[i].res, t->hops[i].step,
				     t->hops[i].step && strcmp(t->hops[i].step, "subnet") ? t->hops[i].note : NULL);
		if (have_prev)
			edge(d, prev, n, exposed);
		prev = n;
		have_prev = 1;
	}
}

/* "group WebSG: tcp/22 <- 0.0.0.0/0, tcp/443 <- 0.0.0.0/0" */
static void group_ports(struct gdraw *d, uint32_t n, const struct permission *p, uint32_t *count)
{
	char buf[64];
	if (++*count > MAX_PORT_LINES) {
		if (*count == MAX_PORT_LINES + 1)
			d->nodes.v[n].label = arena_printf(d->a, "%s, ...", d->nodes.v[n].label);
		return;
	}
	const char *ports = p->proto == PROTO_ALL ? "all" : perm_ports_text(p, buf, sizeof(buf));
	char pb[16];
	d->nodes.v[n].label = arena_printf(d->a, "%s%s %s%s%s \xe2\x86\x90 %s", d->nodes.v[n].label, *count == 1 ? ":" : ",",
					   p->proto == PROTO_ALL ? "" : proto_name(p->proto, pb, sizeof(pb)),
					   p->proto == PROTO_ALL ? "" : "/", ports, p->peer ? p->peer : "?");
}

static void collect(struct gdraw *d)
{
	struct model *m = reach_model(d->g);
	struct gnode internet = {NULL, "internet", 0};
	VEC_PUSH(d->nodes, internet);
	for (size_t i = 0; i < m->resources.n; i++) {
		const struct rtype *t = reach_rtype(d->g, m->resources.v[i]);
		if (t && drawn_kind(t->kind) && (t->kind != RK_MAIN_RT || !t->link))
			node_of(d, m->resources.v[i], NULL, NULL);
	}
	struct pmap counts;
	pmap_init(&counts, d->a);
	for (size_t i = 0; i < m->perms.n; i++) {
		const struct permission *p = &m->perms.v[i];
		const struct reach_exposure *x = reach_of(d->g, p);
		if (!x || !p->group)
			continue;
		uint32_t n = node_of(d, p->group, NULL, NULL);
		uint32_t count = (uint32_t)(uintptr_t)pmap_get(&counts, p->group);
		group_ports(d, n, p, &count);
		pmap_put(&counts, p->group, (const void *)(uintptr_t)count);
		for (uint32_t k = 0; k < x->ntargets; k++)
			draw_path(d, &x->targets[k]);
	}
}

static void quoted(struct strbuf *out, const char *s, int mermaid)
{
	for (; *s; s++) {
		if (*s == '"')
			sb_adds(out, mermaid ? "#quot;" : "\\\"");
		else if (*s == '\\' && !mermaid)
			sb_adds(out, "\\\\");
		else
			sb_addc(out, *s);
	}
}

static void write_mermaid(const struct gdraw *d, struct strbuf *out)
{
	sb_adds(out, "flowchart LR\n  n0((internet))\n");
	for (size_t i = 1; i < d->nodes.n; i++) {
		sb_addf(out, "  n%zu[\"", i);
		quoted(out, d->nodes.v[i].label, 1);
		sb_adds(out, "\"]\n");
	}
	for (size_t i = 0; i < d->edges.n; i++)
		sb_addf(out, "  n%u --> n%u\n", d->edges.v[i].from, d->edges.v[i].to);
	sb_adds(out, "  classDef exposed stroke:#d00,stroke-width:3px,color:#d00\n");
	const char *sep = "  class n";
	for (size_t i = 0; i < d->nodes.n; i++)
		if (d->nodes.v[i].exposed) {
			sb_addf(out, "%s%zu", sep, i);
			sep = ",n";
		}
	if (sep[0] == ',')
		sb_adds(out, " exposed\n");
	sep = "  linkStyle ";
	for (size_t i = 0; i < d->edges.n; i++)
		if (d->edges.v[i].exposed) {
			sb_addf(out, "%s%zu", sep, i);
			sep = ",";
		}
	if (sep[0] == ',')
		sb_adds(out, " stroke:#d00,stroke-width:3px\n");
}

static void write_dot(const struct gdraw *d, struct strbuf *out)
{
	sb_adds(out, "digraph sgcheck {\n  rankdir=LR;\n  node [shape=box];\n");
	for (size_t i = 0; i < d->nodes.n; i++) {
		sb_addf(out, "  n%zu [label=\"", i);
		quoted(out, d->nodes.v[i].label, 0);
		sb_addf(out, "\"%s%s];\n", i == 0 ? " shape=doublecircle" : "",
			d->nodes.v[i].exposed ? " color=red fontcolor=red penwidth=2" : "");
	}
	for (size_t i = 0; i < d->edges.n; i++)
		sb_addf(out, "  n%u -> n%u%s;\n", d->edges.v[i].from, d->edges.v[i].to,
			d->edges.v[i].exposed ? " [color=red penwidth=2]" : "");
	sb_adds(out, "}\n");
}

static void write_json(const struct gdraw *d, struct strbuf *out)
{
	struct jsonw w;
	jw_init(&w, out, 0);
	jw_obj(&w);
	jw_key(&w, "nodes");
	jw_arr(&w);
	for (size_t i = 0; i < d->nodes.n; i++) {
		const struct gnode *n = &d->nodes.v[i];
		jw_obj(&w);
		jw_kstr(&w, "id", arena_printf(d->a, "n%zu", i));
		jw_kstr(&w, "label", n->label);
		jw_kstr(&w, "resource", n->res ? n->res->id : NULL);
		jw_kstr(&w, "resource_type", n->res ? n->res->type : NULL);
		jw_kbool(&w, "internet_path", n->exposed);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "edges");
	jw_arr(&w);
	for (size_t i = 0; i < d->edges.n; i++) {
		jw_obj(&w);
		jw_kstr(&w, "from", arena_printf(d->a, "n%u", d->edges.v[i].from));
		jw_kstr(&w, "to", arena_printf(d->a, "n%u", d->edges.v[i].to));
		jw_kbool(&w, "internet_path", d->edges.v[i].exposed);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	sb_addc(out, '\n');
}

void reach_graph(struct reach *g, int format, struct strbuf *out)
{
	struct gdraw d;
	memset(&d, 0, sizeof(d));
	d.g = g;
	d.a = reach_model(g)->a;
	pmap_init(&d.index, d.a);
	hmap_init(&d.edge_index, d.a);
	collect(&d);
	if (format == GRAPH_DOT)
		write_dot(&d, out);
	else if (format == GRAPH_JSON)
		write_json(&d, out);
	else
		write_mermaid(&d, out);
	free(d.nodes.v);
	free(d.edges.v);
}
