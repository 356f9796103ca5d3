/* rules.c - loading and compiling rule files; see rules.h and docs/rules.md */
#define _POSIX_C_SOURCE 200809L
#include "rules/rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/cond.h"
#include "model/model.h"

/* Generated at build time from the rules directory (tools/embed.c). */
struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct embedded_file sg_builtin_rules[]; /* the YAML: the pack's digest */
extern const size_t sg_builtin_rules_count;
/* The same files as compact JSON (tools/rulepack.c), every node on its YAML
 * line: without the rules' examples (what a scan loads), and whole. */
extern const struct embedded_file sg_builtin_lean[];
extern const size_t sg_builtin_lean_count;
extern const struct embedded_file sg_builtin_full[];
extern const size_t sg_builtin_full_count;

static const char *const severity_names[] = {"info", "low", "medium", "high", "critical", "none"};

int severity_parse(const char *s)
{
	for (int i = 0; i <= SEV_NONE; i++)
		if (s && str_eq_nocase(s, severity_names[i]))
			return i;
	return -1;
}

const char *severity_name(int sev)
{
	return sev >= 0 && sev <= SEV_NONE ? severity_names[sev] : "?";
}

void severity_list(struct strbuf *sb, int with_none)
{
	for (int i = SEV_CRITICAL; i >= SEV_INFO; i--)
		sb_addf(sb, "%s%s", i == SEV_CRITICAL ? "" : ", ", severity_names[i]);
	if (with_none)
		sb_addf(sb, ", %s", severity_names[SEV_NONE]);
}

static void rs_error(struct ruleset *rs, struct loc loc, const char *fmt, ...) SG_PRINTF(3, 4);
static void rs_error(struct ruleset *rs, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diags_vadd(&rs->errors, loc, fmt, ap);
	va_end(ap);
}

void ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
	arena_init(&rs->arena);
	rs->broad_v4 = RULES_BROAD_IPV4_PREFIX;
	rs->broad_v6 = RULES_BROAD_IPV6_PREFIX;
	rs->match_limit = 100000;
	rs->depth_limit = 1000;
}

void ruleset_release(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->regexes.n; i++)
		pcre2_code_free(rs->regexes.v[i]);
	for (size_t i = 0; i < rs->docs.n; i++)
		doc_release(rs->docs.v[i]);
	for (size_t i = 0; i < rs->sets.n; i++)
		portset_release(&rs->sets.v[i]->set);
	free(rs->regexes.v);
	free(rs->docs.v);
	free(rs->sets.v);
	free(rs->rules.v);
	free(rs->errors.v);
	arena_release(&rs->arena);
	memset(rs, 0, sizeof(*rs));
}

/* ---- loading files ----------------------------------------------------- */

void ruleset_add_buffer(struct ruleset *rs, const char *name, const char *text, size_t len, int builtin)
{
	struct load_limits lim;
	struct diag err;
	struct doc *doc = arena_alloc(&rs->arena, sizeof(*doc));
	load_limits_default(&lim);
	const char *file = arena_strdup(&rs->arena, name);
	char *copy = xstrndup(text, len);
	if (load_buffer(file, copy, len, SYNTAX_AUTO, &lim, &rs->arena, doc, &err) != 0) {
		VEC_PUSH(rs->errors, err);
		free(copy);
		return;
	}
	doc->input_buf = copy; /* node text and error lines refer to it */
	doc->syntax = builtin; /* reused as the builtin flag of the whole file */
	VEC_PUSH(rs->docs, doc);
}

static int rule_file_name(const char *name)
{
	return str_has_suffix(name, ".yaml") || str_has_suffix(name, ".yml");
}

static void add_file(struct ruleset *rs, const char *path)
{
	char *buf;
	size_t len;
	int rc = read_file(path, 16u * 1024 * 1024, &buf, &len);
	if (rc != 0) {
		rs_error(rs, (struct loc){arena_strdup(&rs->arena, path), 0, 0},
			 rc == -2 ? "rule file is too large"
			 : rc == READ_NOT_REGULAR ? "cannot read rule file: not a regular file"
						  : "cannot read rule file");
		return;
	}
	ruleset_add_buffer(rs, path, buf, len, 0);
	free(buf);
}

void ruleset_add_path(struct ruleset *rs, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		rs_error(rs, (struct loc){arena_strdup(&rs->arena, path), 0, 0}, "no such rule file or directory");
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(rs, path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		rs_error(rs, (struct loc){arena_strdup(&rs->arena, path), 0, 0}, "cannot open rule directory");
		return;
	}
	VEC(char *) names = {0};
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && rule_file_name(e->d_name))
			VEC_PUSH(names, xasprintf("%s/%s", path, e->d_name));
	closedir(d);
	sort_array(names.v, names.n, sizeof(*names.v), str_ptr_cmp); /* deterministic order */
	for (size_t i = 0; i < names.n; i++) {
		add_file(rs, names.v[i]);
		free(names.v[i]);
	}
	free(names.v);
}

void ruleset_add_builtin(struct ruleset *rs, int with_examples)
{
	const struct embedded_file *files = with_examples ? sg_builtin_full : sg_builtin_lean;
	size_t n = with_examples ? sg_builtin_full_count : sg_builtin_lean_count;
	for (size_t i = 0; i < n; i++)
		ruleset_add_buffer(rs, files[i].name, files[i].data, files[i].len, 1);
}

void ruleset_builtin_digest(char out[17])
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < sg_builtin_rules_count; i++)
		for (size_t k = 0; k < sg_builtin_rules[i].len; k++) {
			h ^= (unsigned char)sg_builtin_rules[i].data[k];
			h *= 0x100000001b3ull;
		}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ---- port sets ------------------------------------------------------------ */

static struct port_set_def *find_set(const struct ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->sets.n; i++)
		if (strcmp(rs->sets.v[i]->name, name) == 0)
			return rs->sets.v[i];
	return NULL;
}

/* One port spec: 22, "22", "8000-8100". */
static int port_item(struct ruleset *rs, const struct node *n, struct portset *out)
{
	struct port_range r;
	const char *t = node_str(n);
	if (!t || (n->kind != NODE_NUM && n->kind != NODE_STR) || port_range_parse(t, &r) != 0) {
		rs_error(rs, n->loc, "'%s' is not a port or port range (0-65535, e.g. 22 or \"8000-8100\")",
			 t ? t : node_kind_name(n->kind));
		return -1;
	}
	portset_add(out, r.lo, r.hi);
	return 0;
}

static int port_list(struct ruleset *rs, const struct node *n, struct portset *out)
{
	int bad = 0;
	if (n->kind == NODE_SEQ) {
		for (uint32_t i = 0; i < n->u.seq.n; i++)
			bad |= port_item(rs, n->u.seq.items[i], out);
	} else {
		bad = port_item(rs, n, out);
	}
	portset_normalize(out);
	return bad ? -1 : 0;
}

static void define_set(struct ruleset *rs, const struct node_pair *p)
{
	const struct node *v = p->value;
	const struct node *ports = v;
	const char *desc = NULL;
	if (v->kind == NODE_MAP) {
		ports = node_get(v, "ports");
		desc = node_str(node_get(v, "description"));
		if (!ports) {
			rs_error(rs, v->loc, "port set '%s' needs 'ports'", p->key);
			return;
		}
	}
	struct port_set_def *prev = find_set(rs, p->key);
	if (prev) {
		rs_error(rs, p->key_loc, "port set '%s' is already defined at %s:%u", p->key,
			 prev->loc.file, prev->loc.line);
		return;
	}
	struct port_set_def *s = arena_alloc(&rs->arena, sizeof(*s));
	s->name = p->key;
	s->description = desc;
	s->loc = p->key_loc;
	if (port_list(rs, ports, &s->set) != 0) {
		portset_release(&s->set);
		return;
	}
	VEC_PUSH(rs->sets, s);
}

int ruleset_set_ports(struct ruleset *rs, const char *name, const struct node *ports, struct loc loc)
{
	struct portset set = {0};
	if (port_list(rs, ports, &set) != 0) {
		portset_release(&set);
		return -1;
	}
	struct port_set_def *s = find_set(rs, name);
	if (!s) {
		s = arena_alloc(&rs->arena, sizeof(*s));
		s->name = arena_strdup(&rs->arena, name);
		s->loc = loc;
		VEC_PUSH(rs->sets, s);
	} else {
		portset_release(&s->set);
	}
	s->set = set;
	return 0;
}

int ruleset_set_param(struct ruleset *rs, const char *name, long value, struct loc loc)
{
	if (strcmp(name, "broad_ipv4_prefix") == 0 && value >= 0 && value <= 32)
		rs->broad_v4 = (int)value;
	else if (strcmp(name, "broad_ipv6_prefix") == 0 && value >= 0 && value <= 128)
		rs->broad_v6 = (int)value;
	else if (strcmp(name, "regex_match_limit") == 0 && value > 0)
		rs->match_limit = (uint32_t)value;
	else if (strcmp(name, "regex_depth_limit") == 0 && value > 0)
		rs->depth_limit = (uint32_t)value;
	else {
		rs_error(rs, loc, "unknown setting '%s' or value %ld out of range (settings: "
				  "broad_ipv4_prefix 0-32, broad_ipv6_prefix 0-128, regex_match_limit, "
				  "regex_depth_limit)", name, value);
		return -1;
	}
	return 0;
}

static void load_settings(struct ruleset *rs, const struct node *settings)
{
	if (settings->kind != NODE_MAP) {
		rs_error(rs, settings->loc, "'settings' must be a mapping");
		return;
	}
	for (uint32_t i = 0; i < settings->u.map.n; i++) {
		const struct node_pair *p = &settings->u.map.pairs[i];
		int64_t v;
		if (node_int(p->value, &v) != 0) {
			rs_error(rs, p->value->loc, "setting '%s' must be a number", p->key);
			continue;
		}
		ruleset_set_param(rs, p->key, (long)v, p->key_loc);
	}
}

/* ---- conditions -------------------------------------------------------- */

struct compiler {
	struct ruleset *rs;
	size_t errors_at_start;
};

/* A condition key of conds.def, as the compiler needs it. */
struct cond_key;
typedef struct cond *(*compile_fn)(struct compiler *c, const struct cond_key *key, const struct node *v,
				   struct loc loc);
enum { SUBJ_P = 1, SUBJ_R = 2, SUBJ_PR = 3 };
struct cond_key {
	const char *name;
	int op;
	compile_fn compile;
	const char *const *words;
	unsigned subjects; /* SUBJ_* */
	unsigned flags;    /* SEES_* */
};

static struct cond *new_cond(struct compiler *c, int op, struct loc loc)
{
	struct cond *k = arena_alloc(&c->rs->arena, sizeof(*k));
	k->op = op;
	k->loc = loc;
	return k;
}

static int want_bool(struct compiler *c, const struct node *v, const char *key, int *out)
{
	if (v->kind == NODE_BOOL) {
		*out = (v->flags & NODE_F_TRUE) != 0;
		return 0;
	}
	rs_error(c->rs, v->loc, "'%s' takes true or false", key);
	return -1;
}

/* A value from a fixed vocabulary; error lists the choices. */
static int want_word(struct compiler *c, const struct node *v, const char *key,
		     const char *const *words, int *out)
{
	const char *t = node_str(v);
	for (int i = 0; t && words[i]; i++)
		if (strcmp(t, words[i]) == 0) {
			*out = i;
			return 0;
		}
	struct strbuf sb = STRBUF_INIT;
	sb_join(&sb, words);
	rs_error(c->rs, v->loc, "'%s' must be one of: %s", key, sb.buf);
	sb_release(&sb);
	return -1;
}

static struct cond *compile_cond(struct compiler *c, const struct node *n);

/* all / any: a non-empty list of conditions */
static struct cond *c_all(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	if (v->kind != NODE_SEQ || v->u.seq.n == 0) {
		rs_error(c->rs, v->loc, "'%s' takes a non-empty list of conditions", key->name);
		return NULL;
	}
	struct cond *k = new_cond(c, key->op, loc);
	k->kids = arena_alloc(&c->rs->arena, sizeof(*k->kids) * v->u.seq.n);
	for (uint32_t i = 0; i < v->u.seq.n; i++)
		if ((k->kids[k->nkids] = compile_cond(c, v->u.seq.items[i])) != NULL)
			k->nkids++;
	return k;
}

static struct cond *c_any(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	return c_all(c, key, v, loc);
}

static struct cond *c_not(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	struct cond *inner = compile_cond(c, v);
	if (!inner)
		return NULL;
	struct cond *k = new_cond(c, key->op, loc);
	k->kids = arena_alloc(&c->rs->arena, sizeof(*k->kids));
	k->kids[0] = inner;
	k->nkids = 1;
	return k;
}

/* Items of a scalar-or-list value; `one` holds a lone scalar. */
static const struct node *const *items_of(const struct node *v, uint32_t *n,
					  const struct node **one)
{
	if (v->kind == NODE_SEQ) {
		*n = v->u.seq.n;
		return (const struct node *const *)v->u.seq.items;
	}
	*n = 1;
	*one = v;
	return one;
}

static struct cond *c_protocol(struct compiler *c, const struct cond_key *key, const struct node *v,
			       struct loc loc)
{
	struct cond *k = new_cond(c, key->op, loc);
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(v, &n, &one);
	k->protos = arena_alloc(&c->rs->arena, sizeof(int) * (n ? n : 1));
	for (uint32_t i = 0; i < n; i++) {
		int p = proto_parse(node_str(it[i]));
		if (p == PROTO_INVALID) {
			rs_error(c->rs, it[i]->loc, "'%s' is not a protocol (tcp, udp, icmp, icmpv6, all, or 0-255)",
				 node_str(it[i]) ? node_str(it[i]) : node_kind_name(it[i]->kind));
			return NULL;
		}
		k->protos[k->nprotos++] = p;
	}
	return k;
}

/* Port sets named in a condition: set names, ports, or ranges. */
static int c_port_sets(struct compiler *c, struct cond *k, const struct node *v)
{
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(v, &n, &one);
	struct portset set = {0};
	int bad = 0;
	k->sets = arena_alloc(&c->rs->arena, sizeof(*k->sets) * (n ? n : 1));
	for (uint32_t i = 0; i < n; i++) {
		const char *t = node_str(it[i]);
		struct port_set_def *def = t && it[i]->kind == NODE_STR ? find_set(c->rs, t) : NULL;
		if (def) {
			portset_union(&set, &def->set);
			k->sets[k->nsets++] = def;
		} else if (t && (t[0] < '0' || t[0] > '9')) {
			rs_error(c->rs, it[i]->loc, "unknown port set '%s'", t);
			bad = 1;
		} else {
			bad |= port_item(c->rs, it[i], &set);
		}
	}
	portset_normalize(&set);
	k->ports.r = set.n ? arena_memdup(&c->rs->arena, set.r, sizeof(*set.r) * set.n) : NULL;
	k->ports.n = k->ports.cap = set.n;
	portset_release(&set);
	return bad ? -1 : 0;
}

static struct cond *c_ports(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	static const char *const ops[] = {"touches", "outside", "within", "wider_than", NULL};
	if (v->kind != NODE_MAP || v->u.map.n != 1) {
		rs_error(c->rs, v->loc, "'ports' takes one of: {touches: SETS}, {outside: SETS}, {within: SETS}, {wider_than: N}");
		return NULL;
	}
	const struct node_pair *p = &v->u.map.pairs[0];
	int which;
	struct node test = {.kind = NODE_STR, .loc = p->key_loc, .text = p->key};
	if (want_word(c, &test, "ports", ops, &which) != 0)
		return NULL;
	struct cond *k = new_cond(c, key->op, loc);
	k->cmp = which; /* enum ports_test, in the order of ops[] */
	if (k->cmp == PORTS_WIDER) {
		int64_t n;
		if (node_int(p->value, &n) != 0 || n < 0 || n > 65536) {
			rs_error(c->rs, p->value->loc, "'wider_than' takes a number of ports (0-65536)");
			return NULL;
		}
		k->ival = (int)n;
		return k;
	}
	return c_port_sets(c, k, p->value) == 0 ? k : NULL;
}

static struct cond *c_peer(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	static const char *const words[] = {"world", "public", "private", "broad", "cidr",
					    "security_group", "prefix_list", NULL};
	struct cond *k = new_cond(c, key->op, loc);
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(v, &n, &one);
	for (uint32_t i = 0; i < n; i++) {
		int w;
		if (want_word(c, it[i], "peer", words, &w) != 0)
			return NULL;
		k->peer_mask |= 1u << w;
	}
	return k;
}

static struct cond *c_prefix(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	static const char *const ops[] = {"lt", "le", "gt", "ge", "eq", NULL};
	int64_t n;
	if (v->kind != NODE_MAP || v->u.map.n != 1) {
		rs_error(c->rs, v->loc, "'prefix_length' takes {lt|le|gt|ge|eq: N}");
		return NULL;
	}
	const struct node_pair *p = &v->u.map.pairs[0];
	struct node test = {.kind = NODE_STR, .loc = p->key_loc, .text = p->key};
	struct cond *k = new_cond(c, key->op, loc);
	if (want_word(c, &test, "prefix_length", ops, &k->cmp) != 0)
		return NULL;
	if (node_int(p->value, &n) != 0 || n < 0 || n > 128) {
		rs_error(c->rs, p->value->loc, "prefix length must be a number 0-128");
		return NULL;
	}
	k->ival = (int)n;
	return k;
}

static struct cond *c_peer_in(struct compiler *c, const struct cond_key *key, const struct node *v,
			      struct loc loc)
{
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(v, &n, &one);
	struct cond *k = new_cond(c, key->op, loc);
	k->cidrs = arena_alloc(&c->rs->arena, sizeof(*k->cidrs) * (n ? n : 1));
	for (uint32_t i = 0; i < n; i++) {
		if (cidr_parse(node_str(it[i]), &k->cidrs[k->ncidrs]) != 0) {
			rs_error(c->rs, it[i]->loc, "'%s' is not a CIDR block",
				 node_str(it[i]) ? node_str(it[i]) : node_kind_name(it[i]->kind));
			return NULL;
		}
		k->ncidrs++;
	}
	return k;
}

/* PCRE2 with JIT where the CPU allows; errors give the offset. */
static int compile_regex(struct compiler *c, struct cond *k, const struct node *re)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re->text, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
					 &err, &off, NULL);
	if (!code) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(err, msg, sizeof(msg));
		rs_error(c->rs, re->loc, "regex error at offset %zu: %s", (size_t)off, (char *)msg);
		return -1;
	}
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
	VEC_PUSH(c->rs->regexes, code);
	k->re = code;
	return 0;
}

static struct cond *c_matches(struct compiler *c, const struct cond_key *key, const struct node *v,
			      struct loc loc)
{
	static const char *const fields[] = {"description", "resource", "resource_type", "group",
					     "peer", "file", NULL};
	const struct node *f = node_get(v, "field"), *re = node_get(v, "regex");
	if (v->kind != NODE_MAP || !f || !re || v->u.map.n != 2 || !node_str(re)) {
		rs_error(c->rs, v->loc, "'matches' takes {field: NAME, regex: PATTERN}");
		return NULL;
	}
	struct cond *k = new_cond(c, key->op, loc);
	if (want_word(c, f, "field", fields, &k->field) != 0)
		return NULL;
	return compile_regex(c, k, re) == 0 ? k : NULL;
}

/* equals/in operands: the strings of a scalar or list. */
static int copy_strings(struct compiler *c, struct cond *k, const struct node *v)
{
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(v, &n, &one);
	k->strs = arena_alloc(&c->rs->arena, sizeof(char *) * (n ? n : 1));
	k->nstrs = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!node_str(it[i])) {
			rs_error(c->rs, it[i]->loc, "expected a scalar value, not a %s", node_kind_name(it[i]->kind));
			return -1;
		}
		k->strs[k->nstrs++] = node_str(it[i]);
	}
	return 0;
}

static struct cond *c_strings(struct compiler *c, const struct cond_key *key, const struct node *v,
			      struct loc loc)
{
	struct cond *k = new_cond(c, key->op, loc);
	if (copy_strings(c, k, v) != 0)
		return NULL;
	for (size_t i = 0; i < k->nstrs; i++)
		k->globs |= strpbrk(k->strs[i], "*?[") != NULL;
	return k;
}

/* reachability: WORD or [WORDS] (ival: a bit per enum reach_kind), or
 * {is: WORDS, ports: SETS} to ask about those ports of the permission only. */
static struct cond *c_reachability(struct compiler *c, const struct cond_key *key, const struct node *v,
				   struct loc loc)
{
	static const char *const words[] = {"none", "internal", "unknown", "internet", "unattached", NULL};
	const struct node *is = v->kind == NODE_MAP ? node_get(v, "is") : v;
	const struct node *ports = v->kind == NODE_MAP ? node_get(v, "ports") : NULL;
	if (!is || (v->kind == NODE_MAP && v->u.map.n != 1u + (ports != NULL))) {
		rs_error(c->rs, v->loc, "'reachability' takes internet, unknown, internal, unattached (or a list), or {is: ..., ports: SETS}");
		return NULL;
	}
	struct cond *k = new_cond(c, key->op, loc);
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(is, &n, &one);
	for (uint32_t i = 0; i < n; i++) {
		int w;
		if (want_word(c, it[i], "reachability", words + 1, &w) != 0)
			return NULL;
		k->ival |= 1 << (w + 1);
	}
	return !ports || c_port_sets(c, k, ports) == 0 ? k : NULL;
}

/* One of the key's words: its index in ival. */
static struct cond *c_word(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	struct cond *k = new_cond(c, key->op, loc);
	return want_word(c, v, key->name, key->words, &k->ival) == 0 ? k : NULL;
}

/* ipv4 / ipv6: ival 4 or 6 */
static struct cond *c_family(struct compiler *c, const struct cond_key *key, const struct node *v,
			     struct loc loc)
{
	struct cond *k = c_word(c, key, v, loc);
	if (k)
		k->ival = k->ival ? 6 : 4;
	return k;
}

static struct cond *c_bool(struct compiler *c, const struct cond_key *key, const struct node *v, struct loc loc)
{
	struct cond *k = new_cond(c, key->op, loc);
	return want_bool(c, v, key->name, &k->ival) == 0 ? k : NULL;
}

/* path: X (both formats), or cloudformation: X and/or terraform: Y */
static int c_paths(struct compiler *c, struct cond *k, const struct node *v, const char *what)
{
	static const char *const keys[] = {"path", "cloudformation", "terraform"};
	for (int i = 0; i < 3; i++) {
		const struct node *p = node_get(v, keys[i]);
		if (!p)
			continue;
		struct prop_path *path = arena_alloc(&c->rs->arena, sizeof(*path));
		if (!node_str(p) || prop_path_parse(&c->rs->arena, node_str(p), path) != 0) {
			rs_error(c->rs, p->loc, "'%s' is not a property path (e.g. BlockDeviceMappings[*].Ebs.Encrypted)",
				 node_str(p) ? node_str(p) : node_kind_name(p->kind));
			return -1;
		}
		if (i != 2)
			k->paths[SCHEMA_CLOUDFORMATION] = path;
		if (i != 1)
			k->paths[SCHEMA_TERRAFORM] = path;
	}
	if (!k->paths[SCHEMA_CLOUDFORMATION] && !k->paths[SCHEMA_TERRAFORM]) {
		rs_error(c->rs, v->loc, "'%s' needs 'path', or 'cloudformation' and/or 'terraform'", what);
		return -1;
	}
	return 0;
}

static const char *const prop_tests[] = {"is", "equals", "not_equals", "in", "matches", "lt", "le",
					 "gt", "ge", NULL};

/* The single test of a property condition. */
static int c_prop_test(struct compiler *c, struct cond *k, const struct node_pair *t)
{
	static const char *const is_words[] = {"true", "not_true", "false", "missing", "present", "world", NULL};
	static const int is_tests[] = {PT_TRUE, PT_NOT_TRUE, PT_FALSE, PT_MISSING, PT_PRESENT, PT_WORLD};
	const char *name = t->key;
	if (!strcmp(name, "is")) {
		int w;
		struct node word = *t->value;
		if (t->value->kind == NODE_BOOL)
			word.text = (t->value->flags & NODE_F_TRUE) ? "true" : "false";
		if (want_word(c, &word, "is", is_words, &w) != 0)
			return -1;
		k->test = is_tests[w];
		return 0;
	}
	if (!strcmp(name, "matches")) {
		if (!node_str(t->value)) {
			rs_error(c->rs, t->value->loc, "'matches' takes a regex");
			return -1;
		}
		k->test = PT_MATCHES;
		return compile_regex(c, k, t->value);
	}
	if (!strcmp(name, "equals") || !strcmp(name, "not_equals") || !strcmp(name, "in")) {
		k->test = !strcmp(name, "equals") ? PT_EQUALS : !strcmp(name, "in") ? PT_IN : PT_NOT_EQUALS;
		return copy_strings(c, k, t->value);
	}
	int64_t n;
	static const char *const cmps[] = {"lt", "le", "gt", "ge"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(name, cmps[i])) {
			if (node_int(t->value, &n) != 0) {
				rs_error(c->rs, t->value->loc, "'%s' takes a number", name);
				return -1;
			}
			k->test = PT_NUMBER;
			k->cmp = i; /* CMP_LT.. in the same order */
			k->ival = (int)n;
			return 0;
		}
	struct strbuf sb = STRBUF_INIT;
	sb_join(&sb, prop_tests);
	rs_error(c->rs, t->key_loc, "unknown property test '%s' (tests: %s)", name, sb.buf);
	sb_release(&sb);
	return -1;
}

static struct cond *c_property(struct compiler *c, const struct cond_key *key, const struct node *v,
			       struct loc loc)
{
	static const char *const quants[] = {"any", "all", NULL};
	if (v->kind != NODE_MAP) {
		rs_error(c->rs, v->loc, "'property' takes {path: P, is|equals|in|matches|lt...: V}");
		return NULL;
	}
	struct cond *k = new_cond(c, key->op, loc);
	if (c_paths(c, k, v, "property") != 0)
		return NULL;
	int tests = 0;
	for (uint32_t i = 0; i < v->u.map.n; i++) {
		const struct node_pair *p = &v->u.map.pairs[i];
		if (!strcmp(p->key, "path") || !strcmp(p->key, "cloudformation") || !strcmp(p->key, "terraform"))
			continue;
		if (!strcmp(p->key, "quantifier")) {
			if (want_word(c, p->value, "quantifier", quants, &k->all_of) != 0)
				return NULL;
			continue;
		}
		if (tests++ || c_prop_test(c, k, p) != 0) {
			if (tests > 1)
				rs_error(c->rs, p->key_loc, "a property condition takes one test");
			return NULL;
		}
	}
	if (!tests) {
		rs_error(c->rs, v->loc, "'property' needs a test: is, equals, not_equals, in, matches, lt, le, gt or ge");
		return NULL;
	}
	return k;
}

static struct cond *c_referenced_by(struct compiler *c, const struct cond_key *key, const struct node *v,
				    struct loc loc)
{
	const struct node *types = node_get(v, "type");
	if (v->kind != NODE_MAP || !types) {
		rs_error(c->rs, v ? v->loc : loc, "'referenced_by' takes {type: [TYPES], path: P}");
		return NULL;
	}
	struct cond *k = c_strings(c, key, types, loc);
	if (!k || c_paths(c, k, v, "referenced_by") != 0)
		return NULL;
	return k;
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* conds.def, in enum cond_op order: cond_keys[op] describes op. */
static const struct cond_key cond_keys[] = {
#define COND(key, subjects, compile, words, flags) {#key, OP_##key, compile, words, SUBJ_##subjects, flags},
#include "rules/conds.def"
#undef COND
};

static struct cond *compile_key(struct compiler *c, const char *key, struct loc loc,
				const struct node *v)
{
	for (size_t i = 0; i < OP_COUNT; i++)
		if (strcmp(key, cond_keys[i].name) == 0)
			return cond_keys[i].compile(c, &cond_keys[i], v, loc);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < OP_COUNT; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", cond_keys[i].name);
	rs_error(c->rs, loc, "unknown condition '%s' (conditions: %s)", key, sb.buf);
	sb_release(&sb);
	return NULL;
}

/* A condition is a mapping; several keys in one mapping must all hold. */
static struct cond *compile_cond(struct compiler *c, const struct node *n)
{
	if (!n || n->kind != NODE_MAP || n->u.map.n == 0) {
		rs_error(c->rs, n ? n->loc : (struct loc){0}, "a condition must be a non-empty mapping, e.g. {direction: ingress}");
		return NULL;
	}
	if (n->u.map.n == 1)
		return compile_key(c, n->u.map.pairs[0].key, n->u.map.pairs[0].key_loc, n->u.map.pairs[0].value);
	struct cond *k = new_cond(c, OP_all, n->loc);
	k->kids = arena_alloc(&c->rs->arena, sizeof(*k->kids) * n->u.map.n);
	for (uint32_t i = 0; i < n->u.map.n; i++) {
		const struct node_pair *p = &n->u.map.pairs[i];
		if ((k->kids[k->nkids] = compile_key(c, p->key, p->key_loc, p->value)) != NULL)
			k->nkids++;
	}
	return k;
}

/* Types a condition can only hold for: a resource_type test of plain names,
 * an `all` with such a test, an `any` whose every branch has one. Returns
 * 0 when the condition may hold for any type. */
typedef VEC(const char *) str_vec;

static int required_types(struct compiler *c, const struct cond *k, str_vec *out)
{
	if (k->op == OP_resource_type && !k->globs) {
		for (size_t i = 0; i < k->nstrs; i++)
			VEC_PUSH(*out, k->strs[i]);
		return 1;
	}
	if (k->op == OP_all) {
		for (size_t i = 0; i < k->nkids; i++) {
			size_t mark = out->n;
			if (required_types(c, k->kids[i], out))
				return 1;
			out->n = mark;
		}
		return 0;
	}
	if (k->op == OP_any) {
		for (size_t i = 0; i < k->nkids; i++)
			if (!required_types(c, k->kids[i], out))
				return 0;
		return k->nkids > 0;
	}
	return 0;
}

static void index_types(struct compiler *c, struct rule *r)
{
	str_vec types = {0};
	if (r->scope == RSCOPE_RESOURCE && r->when && required_types(c, r->when, &types)) {
		r->types = arena_memdup(&c->rs->arena, types.v, types.n * sizeof(*types.v));
		r->type_hashes = arena_alloc(&c->rs->arena, types.n * sizeof(*r->type_hashes));
		for (size_t i = 0; i < types.n; i++)
			r->type_hashes[i] = str_hash(types.v[i]);
		r->ntypes = types.n;
	}
	free(types.v);
}

/* Conditions about permissions make no sense for resource rules and the
 * other way round: say so at compile time. */
static void check_scope(struct compiler *c, const struct rule *r, const struct cond *k)
{
	if (!k)
		return;
	unsigned subjects = cond_keys[k->op].subjects;
	int resource_op = subjects == SUBJ_R;
	if (subjects != SUBJ_PR && resource_op != (r->scope == RSCOPE_RESOURCE))
		rs_error(c->rs, k->loc, resource_op ? "this condition needs 'scope: resource'"
						    : "this condition is about rules, not resources: not for 'scope: resource'");
	for (size_t i = 0; i < k->nkids; i++)
		check_scope(c, r, k->kids[i]);
}

/* Which kinds of records a rule wants to see: invalid, implicit and
 * derived (union coverage) records are shown only to rules that ask about
 * them, so that an AWS-rejected rule never counts as exposure and a
 * synthesized world record never duplicates hygiene findings. */
static void scan_flags(struct rule *r, const struct cond *k)
{
	if (!k)
		return;
	unsigned flags = cond_keys[k->op].flags;
	r->sees_invalid |= (flags & SEES_INVALID) != 0;
	r->sees_implicit |= (flags & SEES_IMPLICIT) != 0;
	r->sees_derived |= (flags & SEES_DERIVED) != 0;
	for (size_t i = 0; i < k->nkids; i++)
		scan_flags(r, k->kids[i]);
}

/* ---- rules ------------------------------------------------------------------ */

static const char *const placeholders[] = {
	"traffic", "protocol", "ports", "peer", "source", "direction", "resource", "resource_type", "group",
	"description", "port", "set", "held", "reason", "rule_number", "id", "property", "value", "unheard", "reachability", NULL,
};

static void check_message(struct compiler *c, const struct node *msg)
{
	const char *p = msg->text;
	while ((p = strchr(p, '{')) != NULL) {
		const char *e = strchr(p, '}');
		if (!e) {
			rs_error(c->rs, msg->loc, "unclosed '{' in message");
			return;
		}
		int ok = 0;
		for (int i = 0; placeholders[i]; i++)
			if ((size_t)(e - p - 1) == strlen(placeholders[i]) &&
			    strncmp(p + 1, placeholders[i], (size_t)(e - p - 1)) == 0)
				ok = 1;
		if (!ok) {
			struct strbuf sb = STRBUF_INIT;
			for (int i = 0; placeholders[i]; i++)
				sb_addf(&sb, "%s{%s}", i ? ", " : "", placeholders[i]);
			rs_error(c->rs, msg->loc, "unknown placeholder %.*s in message (placeholders: %s)",
				 (int)(e - p + 1), p, sb.buf);
			sb_release(&sb);
		}
		p = e + 1;
	}
}

static const char *want_string(struct compiler *c, const struct node *rule, const char *key, int required)
{
	const struct node *v = node_get(rule, key);
	if (!v) {
		if (required)
			rs_error(c->rs, rule->loc, "rule needs '%s'", key);
		return NULL;
	}
	if (v->kind != NODE_STR && v->kind != NODE_NUM) {
		rs_error(c->rs, v->loc, "'%s' must be a string", key);
		return NULL;
	}
	return v->text;
}

static void compile_examples(struct compiler *c, struct rule *r, const struct node *list)
{
	if (list->kind != NODE_SEQ) {
		rs_error(c->rs, list->loc, "'examples' must be a list of {expect, input}");
		return;
	}
	r->examples = arena_alloc(&c->rs->arena, sizeof(*r->examples) * (list->u.seq.n ? list->u.seq.n : 1));
	for (uint32_t i = 0; i < list->u.seq.n; i++) {
		const struct node *e = list->u.seq.items[i];
		static const char *const expects[] = {"pass", "fail", NULL};
		const struct node *exp = node_get(e, "expect"), *in = node_get(e, "input");
		int w;
		if (!exp || !in || in->kind != NODE_STR) {
			rs_error(c->rs, e->loc, "an example needs 'expect: pass|fail' and 'input: |' (a template)");
			continue;
		}
		if (want_word(c, exp, "expect", expects, &w) != 0)
			continue;
		struct rule_example *x = &r->examples[r->nexamples++];
		x->expect_fire = w;
		x->name = node_str(node_get(e, "name"));
		x->text = in->text;
		x->loc = in->loc;
	}
}

static const char *const rule_keys[] = {
	"id", "severity", "title", "message", "description", "remediation", "references",
	"help_uri", "precision", "scope", "location", "when", "examples", NULL,
};

static void check_rule_keys(struct compiler *c, const struct node *n)
{
	for (uint32_t i = 0; i < n->u.map.n; i++) {
		int ok = 0;
		for (int k = 0; rule_keys[k]; k++)
			ok |= strcmp(n->u.map.pairs[i].key, rule_keys[k]) == 0;
		if (!ok)
			rs_error(c->rs, n->u.map.pairs[i].key_loc,
				 "unknown rule key '%s' (keys: id, severity, title, message, description, "
				 "remediation, references, help_uri, precision, scope, location, when, examples)",
				 n->u.map.pairs[i].key);
	}
}

static void compile_references(struct compiler *c, struct rule *r, const struct node *refs)
{
	uint32_t n;
	const struct node *one;
	const struct node *const *it = items_of(refs, &n, &one);
	r->references = arena_alloc(&c->rs->arena, sizeof(char *) * (n ? n : 1));
	for (uint32_t i = 0; i < n; i++) {
		if (!node_str(it[i]))
			rs_error(c->rs, it[i]->loc, "a reference must be a string");
		else
			r->references[r->nreferences++] = node_str(it[i]);
	}
}

static const char *const precisions[] = {"very-high", "high", "medium", "low", NULL};

const char *rule_precision_name(int precision)
{
	return precision >= 0 && precision <= PRECISION_LOW ? precisions[precision] : "high";
}

/* help_uri and precision: what SARIF viewers show and sort by. */
static void compile_help(struct compiler *c, struct rule *r, const struct node *n)
{
	const struct node *v;
	r->precision = PRECISION_HIGH;
	if ((v = node_get(n, "precision")) != NULL)
		want_word(c, v, "precision", precisions, &r->precision);
	r->help_uri = want_string(c, n, "help_uri", 0);
	if (r->help_uri && strncmp(r->help_uri, "https://", 8) != 0 && strncmp(r->help_uri, "http://", 7) != 0)
		rs_error(c->rs, node_get(n, "help_uri")->loc, "'help_uri' must be an http:// or https:// URL");
}

static void compile_rule(struct compiler *c, const struct node *n, int builtin)
{
	static const char *const scopes[] = {"security_group", "network_acl", "resource", NULL};
	static const char *const ats[] = {"peer", "ports", "protocol", "description", "rule", "resource",
					  "invalid_value", "group", NULL};
	size_t errors_before = c->rs->errors.n;
	if (n->kind != NODE_MAP) {
		rs_error(c->rs, n->loc, "a rule must be a mapping");
		return;
	}
	check_rule_keys(c, n);
	struct rule *r = arena_alloc(&c->rs->arena, sizeof(*r));
	r->file = n->loc.file;
	r->loc = n->loc;
	r->builtin = builtin;
	r->id = want_string(c, n, "id", 1);
	r->title = want_string(c, n, "title", 1);
	r->message = want_string(c, n, "message", 0);
	r->description = want_string(c, n, "description", 0);
	r->remediation = want_string(c, n, "remediation", 0);
	const char *sev = want_string(c, n, "severity", 1);
	if (sev && (r->severity = severity_parse(sev)) < 0) {
		struct strbuf sb = STRBUF_INIT;
		severity_list(&sb, 0);
		rs_error(c->rs, node_get(n, "severity")->loc, "severity must be one of: %s", sb.buf);
		sb_release(&sb);
	}
	const struct node *v;
	if ((v = node_get(n, "scope")) != NULL)
		want_word(c, v, "scope", scopes, &r->scope);
	if ((v = node_get(n, "location")) != NULL)
		want_word(c, v, "location", ats, &r->at);
	if ((v = node_get(n, "references")) != NULL)
		compile_references(c, r, v);
	compile_help(c, r, n);
	if ((v = node_get(n, "message")) != NULL && node_str(v))
		check_message(c, v);
	if (!r->message)
		r->message = r->title;
	if (r->id && ruleset_find(c->rs, r->id))
		rs_error(c->rs, node_get(n, "id")->loc, "duplicate rule id %s (first defined at %s:%u)",
			 r->id, ruleset_find(c->rs, r->id)->file, ruleset_find(c->rs, r->id)->loc.line);
	if (!(v = node_get(n, "when")))
		rs_error(c->rs, n->loc, "rule needs 'when' (its condition)");
	else
		r->when = compile_cond(c, v);
	if ((v = node_get(n, "examples")) != NULL)
		compile_examples(c, r, v);
	scan_flags(r, r->when);
	check_scope(c, r, r->when);
	index_types(c, r);
	if (c->rs->errors.n == errors_before) /* never half-loaded */
		VEC_PUSH(c->rs->rules, r);
}

static void compile_file(struct compiler *c, const struct doc *doc, int pass)
{
	const struct node *root = doc->root;
	int builtin = doc->syntax;
	if (!root || root->kind != NODE_MAP) {
		if (pass == 0)
			rs_error(c->rs, root ? root->loc : (struct loc){doc->file, 1, 1},
				 "a rule file must be a mapping with 'rules', 'port_sets' or 'settings'");
		return;
	}
	for (uint32_t i = 0; i < root->u.map.n; i++) {
		const struct node_pair *p = &root->u.map.pairs[i];
		if (pass == 0 && !strcmp(p->key, "port_sets")) {
			if (p->value->kind != NODE_MAP)
				rs_error(c->rs, p->value->loc, "'port_sets' must be a mapping of name: [ports]");
			else
				for (uint32_t k = 0; k < p->value->u.map.n; k++)
					define_set(c->rs, &p->value->u.map.pairs[k]);
		} else if (pass == 0 && !strcmp(p->key, "settings")) {
			load_settings(c->rs, p->value);
		} else if (pass == 1 && !strcmp(p->key, "rules")) {
			if (p->value->kind != NODE_SEQ)
				rs_error(c->rs, p->value->loc, "'rules' must be a list of rules");
			else
				for (uint32_t k = 0; k < p->value->u.seq.n; k++)
					compile_rule(c, p->value->u.seq.items[k], builtin);
		} else if (pass == 0 && strcmp(p->key, "rules") && strcmp(p->key, "port_sets") &&
			   strcmp(p->key, "settings")) {
			rs_error(c->rs, p->key_loc, "unknown key '%s' (a rule file has: rules, port_sets, settings)", p->key);
		}
	}
}

void ruleset_compile(struct ruleset *rs, ruleset_override_fn overrides, void *ud)
{
	struct compiler c = {rs, rs->errors.n};
	/* port sets and settings first: rules in any file may use them, and
	 * configuration overrides apply on top of the files' definitions */
	for (size_t i = 0; i < rs->docs.n; i++)
		compile_file(&c, rs->docs.v[i], 0);
	if (overrides)
		overrides(rs, ud);
	for (size_t i = 0; i < rs->docs.n; i++)
		compile_file(&c, rs->docs.v[i], 1);
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->rules.n; i++)
		if (strcmp(rs->rules.v[i]->id, id) == 0)
			return rs->rules.v[i];
	return NULL;
}
