/* config.c - see config.h */
#define _POSIX_C_SOURCE 200809L
#include "policy/config.h"

#include "base/paths.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->fail_on = -1;
	arena_init(&c->arena);
}

void config_release(struct config *c)
{
	doc_release(&c->doc);
	free(c->rule_paths.v);
	free(c->severity.v);
	free(c->disable.v);
	free(c->exclude.v);
	free(c->port_sets.v);
	free(c->settings.v);
	free(c->ignore.v);
	free(c->errors.v);
	free(c->notes.v);
	arena_release(&c->arena);
}


/* .sgcheck.yml in the working directory or the nearest parent. */
static char *find_config(void)
{
	char dir[PATH_MAX];
	if (!getcwd(dir, sizeof(dir)))
		return NULL;
	for (;;) {
		char *p = xasprintf("%s/.sgcheck.yml", strcmp(dir, "/") ? dir : "");
		if (access(p, R_OK) == 0)
			return p;
		free(p);
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return NULL;
		*slash = '\0';
	}
}

/* A relative path in the config is relative to the config's directory. */
static const char *config_relative(struct config *c, const char *p)
{
	if (p[0] == '/' || !c->dir || strcmp(c->dir, ".") == 0)
		return p;
	return arena_printf(&c->arena, "%s/%s", c->dir, p);
}

static void string_list(struct config *c, const struct node *v, const char *key, int relative,
			void *vec_ptr)
{
	VEC(const char *) *vec = vec_ptr;
	uint32_t n = v->kind == NODE_SEQ ? v->u.seq.n : 1;
	for (uint32_t i = 0; i < n; i++) {
		const struct node *it = v->kind == NODE_SEQ ? v->u.seq.items[i] : v;
		const char *s = node_str(it);
		if (!s || it->kind == NODE_BOOL) {
			diags_add(&c->errors, it->loc, "'%s' takes a list of strings", key);
			continue;
		}
		VEC_PUSH(*vec, relative ? config_relative(c, s) : s);
	}
}

static void kv_map(struct config *c, const struct node *v, const char *key, void *vec_ptr)
{
	VEC(struct config_kv) *vec = vec_ptr;
	if (v->kind != NODE_MAP) {
		diags_add(&c->errors, v->loc, "'%s' takes a mapping", key);
		return;
	}
	for (uint32_t i = 0; i < v->u.map.n; i++) {
		struct config_kv kv = {v->u.map.pairs[i].key, v->u.map.pairs[i].value, v->u.map.pairs[i].key_loc};
		VEC_PUSH(*vec, kv);
	}
}

static int valid_date(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static void ignore_entry(struct config *c, const struct node *e)
{
	static const char *const keys[] = {"rule", "resource", "file", "reason", "expires", NULL};
	struct config_ignore ig = {0};
	if (e->kind != NODE_MAP) {
		diags_add(&c->errors, e->loc, "an ignore entry is a mapping {rule, resource, file, reason, expires}");
		return;
	}
	for (uint32_t i = 0; i < e->u.map.n; i++) {
		int ok = 0;
		for (int k = 0; keys[k]; k++)
			ok |= strcmp(e->u.map.pairs[i].key, keys[k]) == 0;
		if (!ok)
			diags_add(&c->errors, e->u.map.pairs[i].key_loc,
				  "unknown key '%s' in ignore entry (keys: rule, resource, file, reason, expires)",
				  e->u.map.pairs[i].key);
	}
	ig.loc = e->loc;
	ig.rule = node_str(node_get(e, "rule"));
	ig.resource = node_str(node_get(e, "resource"));
	ig.file = node_str(node_get(e, "file"));
	ig.reason = node_str(node_get(e, "reason"));
	ig.expires = node_str(node_get(e, "expires"));
	if (!ig.rule)
		diags_add(&c->errors, e->loc, "ignore entry needs 'rule' (a rule id or glob)");
	if (!ig.reason || !*ig.reason)
		diags_add(&c->errors, e->loc, "ignore entry needs a non-empty 'reason'");
	if (node_get(e, "expires") && !valid_date(ig.expires))
		diags_add(&c->errors, node_get(e, "expires")->loc, "'expires' must be a date YYYY-MM-DD");
	if (ig.rule && ig.reason && *ig.reason)
		VEC_PUSH(c->ignore, ig);
}

static void severity_error(struct config *c, struct loc loc, const char *what, int with_none)
{
	struct strbuf sb = STRBUF_INIT;
	severity_list(&sb, with_none);
	diags_add(&c->errors, loc, "%s must be one of: %s", what, sb.buf);
	sb_release(&sb);
}

static void parse_key(struct config *c, const struct node_pair *p)
{
	const struct node *v = p->value;
	const char *k = p->key;
	if (!strcmp(k, "rules")) {
		string_list(c, v, k, 1, &c->rule_paths);
	} else if (!strcmp(k, "fail_on")) {
		if ((c->fail_on = severity_parse(node_str(v))) < 0)
			severity_error(c, v->loc, "'fail_on'", 1);
	} else if (!strcmp(k, "severity")) {
		kv_map(c, v, k, &c->severity);
	} else if (!strcmp(k, "disable")) {
		uint32_t n = v->kind == NODE_SEQ ? v->u.seq.n : 1;
		for (uint32_t i = 0; i < n; i++) {
			const struct node *it = v->kind == NODE_SEQ ? v->u.seq.items[i] : v;
			struct config_kv kv = {node_str(it), it, it->loc};
			if (!kv.key)
				diags_add(&c->errors, it->loc, "'disable' takes a list of rule ids");
			else
				VEC_PUSH(c->disable, kv);
		}
	} else if (!strcmp(k, "exclude")) {
		string_list(c, v, k, 0, &c->exclude);
	} else if (!strcmp(k, "port_sets")) {
		kv_map(c, v, k, &c->port_sets);
	} else if (!strcmp(k, "settings")) {
		kv_map(c, v, k, &c->settings);
	} else if (!strcmp(k, "ignore")) {
		if (v->kind != NODE_SEQ)
			diags_add(&c->errors, v->loc, "'ignore' takes a list of entries");
		else
			for (uint32_t i = 0; i < v->u.seq.n; i++)
				ignore_entry(c, v->u.seq.items[i]);
	} else {
		diags_add(&c->errors, p->key_loc, "unknown key '%s' (keys: rules, fail_on, severity, disable, "
					 "exclude, port_sets, settings, ignore)", k);
	}
}

int config_load(struct config *c, const char *path)
{
	char *found = NULL;
	if (!path) {
		found = find_config();
		if (!found)
			return 0;
		path = found;
	}
	c->path = arena_strdup(&c->arena, path);
	free(found);
	const char *slash = strrchr(c->path, '/');
	c->dir = slash ? arena_strndup(&c->arena, c->path, (size_t)(slash - c->path)) : ".";
	struct load_limits lim;
	struct diag err;
	load_limits_default(&lim);
	if (load_file(c->path, SYNTAX_AUTO, &lim, &c->arena, &c->doc, &err) != 0) {
		if (strcmp(err.msg, "empty file") == 0 || strcmp(err.msg, "empty document") == 0)
			return 0; /* an empty config is no config */
		VEC_PUSH(c->errors, err);
		return 0;
	}
	const struct node *root = c->doc.root;
	if (root->kind != NODE_MAP) {
		diags_add(&c->errors, root->loc, "a configuration file must be a mapping");
		return 0;
	}
	for (uint32_t i = 0; i < root->u.map.n; i++)
		parse_key(c, &root->u.map.pairs[i]);
	return 0;
}

void config_apply_overrides(struct ruleset *rs, void *cfg)
{
	struct config *c = cfg;
	for (size_t i = 0; i < c->port_sets.n; i++)
		ruleset_set_ports(rs, c->port_sets.v[i].key, c->port_sets.v[i].value, c->port_sets.v[i].loc);
	for (size_t i = 0; i < c->settings.n; i++) {
		int64_t v;
		const struct config_kv *kv = &c->settings.v[i];
		if (node_int(kv->value, &v) != 0)
			diags_add(&c->errors, kv->value->loc, "setting '%s' must be a number", kv->key);
		else
			ruleset_set_param(rs, kv->key, (long)v, kv->loc);
	}
}

static struct rule *find_rule(struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->rules.n; i++)
		if (strcmp(rs->rules.v[i]->id, id) == 0)
			return rs->rules.v[i];
	return NULL;
}

void config_apply_rules(struct config *c, struct ruleset *rs)
{
	for (size_t i = 0; i < c->severity.n; i++) {
		const struct config_kv *kv = &c->severity.v[i];
		struct rule *r = find_rule(rs, kv->key);
		int sev = severity_parse(node_str(kv->value));
		if (!r)
			diags_add(&c->errors, kv->loc, "unknown rule id '%s' in severity", kv->key);
		else if (sev < 0 || sev == SEV_NONE)
			severity_error(c, kv->value->loc, "severity", 0);
		else
			r->severity = sev;
	}
	for (size_t i = 0; i < c->disable.n; i++) {
		const struct config_kv *kv = &c->disable.v[i];
		size_t k, n = 0;
		for (k = 0; k < rs->rules.n; k++)
			if (fnmatch(kv->key, rs->rules.v[k]->id, 0) != 0)
				rs->rules.v[n++] = rs->rules.v[k];
		if (n == rs->rules.n)
			diags_add(&c->errors, kv->loc, "no rule matches '%s' in disable", kv->key);
		rs->rules.n = n;
	}
}

#define UNTRUSTED_HINT                                                                                 \
	"a scanned repository's own .sgcheck.yml can do this: in CI, pass --config with a trusted path, " \
	"or --no-config"

void config_check_gate(struct config *c, const struct ruleset *rs, const char *today)
{
	if (!c->path)
		return;
	if (rs->rules.n == 0) {
		if (c->disable.n)
			diags_add(&c->notes, c->disable.v[c->disable.n - 1].loc,
				  "warning: the configuration's disable leaves no rule to run: nothing is checked and "
				  "the check always passes (%s)", UNTRUSTED_HINT);
		return;
	}
	const struct config_ignore *last = NULL;
	for (size_t k = 0; k < rs->rules.n; k++) {
		const struct config_ignore *cover = NULL;
		for (size_t i = 0; i < c->ignore.n && !cover; i++) {
			const struct config_ignore *ig = &c->ignore.v[i];
			if (ig->resource || ig->file || (ig->expires && today && strcmp(today, ig->expires) > 0))
				continue;
			if (fnmatch(ig->rule, rs->rules.v[k]->id, 0) == 0)
				cover = ig;
		}
		if (!cover)
			return;
		last = cover;
	}
	diags_add(&c->notes, last->loc, "warning: the configuration's ignore covers every rule everywhere: every "
		  "finding is suppressed and the check always passes (%s)", UNTRUSTED_HINT);
}

const char *config_ignore_reason(const struct config *c, const struct finding *f, const char *path,
				 const char *today)
{
	for (size_t i = 0; i < c->ignore.n; i++) {
		const struct config_ignore *ig = &c->ignore.v[i];
		if (ig->expires && today && strcmp(today, ig->expires) > 0)
			continue;
		if (fnmatch(ig->rule, f->rule->id, 0) != 0)
			continue;
		if (ig->resource && (!f->resource || fnmatch(ig->resource, f->resource, 0) != 0))
			continue;
		if (ig->file && !path_glob_match(ig->file, path))
			continue;
		return ig->reason;
	}
	return NULL;
}

int config_excluded(const struct config *c, const char *path)
{
	for (size_t i = 0; i < c->exclude.n; i++)
		if (path_glob_match(c->exclude.v[i], path))
			return 1;
	return 0;
}

void config_check_expiry(struct config *c, const char *today)
{
	for (size_t i = 0; i < c->ignore.n; i++) {
		const struct config_ignore *ig = &c->ignore.v[i];
		if (ig->expires && today && strcmp(today, ig->expires) > 0) {
			diags_add(&c->notes, ig->loc, "ignore entry for %s expired on %s and no longer applies",
				  ig->rule, ig->expires);
		}
	}
}
