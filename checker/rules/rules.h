/* rules.h - the rule language: rule files compiled into a rule set.
 *
 * Rule files are YAML (see docs/rules.md). Compilation turns each rule's
 * `when:` mapping into a tree of typed conditions, resolves named port sets
 * once, and compiles regexes with PCRE2 (JIT, with match and depth limits).
 * Every mistake is reported as file:line:col and the rule holding it is
 * dropped whole: a bad rule is never half-loaded. The compiled set is
 * read-only during a scan and shared by all threads.
 *
 * Ownership: the rule set owns everything its rules point to: the rule
 * files' documents (rule text, example inputs and locations point into
 * them), the compiled conditions (its arena) and the PCRE2 codes; all of
 * it is freed by ruleset_release().
 */
#ifndef SG_RULES_H
#define SG_RULES_H

#include <stddef.h>

#include "doc/load.h"
#include "base/ports.h"

/* "broad" (SPEC 5): a public source with a prefix shorter than these;
 * the settings broad_ipv4_prefix / broad_ipv6_prefix override them. */
#define RULES_BROAD_IPV4_PREFIX 16
#define RULES_BROAD_IPV6_PREFIX 48

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV_NONE };

int severity_parse(const char *s); /* -1 if unknown */
const char *severity_name(int sev);
/* "critical, high, medium, low, info" (and ", none"): for error messages. */
void severity_list(struct strbuf *sb, int with_none);

enum rule_scope { RSCOPE_SECURITY_GROUP, RSCOPE_NETWORK_ACL, RSCOPE_RESOURCE };

/* Where a finding of the rule points. */
enum rule_at { AT_PEER, AT_PORTS, AT_PROTOCOL, AT_DESCRIPTION, AT_RULE, AT_RESOURCE, AT_INVALID, AT_GROUP };

struct cond;
struct port_set_def;

struct rule_example {
	int expect_fire;
	const char *name;
	const char *text;   /* the snippet, CloudFormation or Terraform */
	struct loc loc;
};

/* How often a rule's findings are true (SARIF properties.precision). */
enum rule_precision { PRECISION_VERY_HIGH, PRECISION_HIGH, PRECISION_MEDIUM, PRECISION_LOW };
const char *rule_precision_name(int precision);

struct rule {
	const char *id;
	int severity;
	const char *title;
	const char *message;     /* template with {placeholders} */
	const char *description;
	const char *remediation;
	const char **references;
	size_t nreferences;
	const char *help_uri;    /* documentation of the rule (SARIF helpUri), or NULL */
	int precision;           /* enum rule_precision: how often a finding is a true one */
	int scope;               /* enum rule_scope */
	int at;                  /* enum rule_at */
	struct cond *when;
	int sees_invalid, sees_implicit, sees_derived;
	/* resource rules: the only types the condition can hold for (NULL:
	 * any), so evaluation skips every other resource at once */
	const char **types;
	uint32_t *type_hashes; /* str_hash of each */
	size_t ntypes;
	struct rule_example *examples;
	size_t nexamples;
	const char *file;
	struct loc loc;
	int builtin;
};

struct ruleset {
	VEC(struct rule *) rules;
	VEC(struct port_set_def *) sets;
	int broad_v4, broad_v6; /* prefix limits of "broad" */
	diag_vec errors;
	VEC(struct doc *) docs; /* rule file documents: nodes are referenced */
	struct arena arena;
	/* regexes compiled so far (freed with the set) */
	VEC(void *) regexes;
	uint32_t match_limit, depth_limit;
};

void ruleset_init(struct ruleset *rs);
void ruleset_release(struct ruleset *rs);

/* Add a rule file from memory or disk; compile everything with
 * ruleset_compile() once all files are added (port sets may be defined in
 * any file). Errors accumulate in rs->errors. */
void ruleset_add_buffer(struct ruleset *rs, const char *name, const char *text, size_t len,
			int builtin);
void ruleset_add_path(struct ruleset *rs, const char *path); /* file or directory */
/* The built-in pack, loaded from its compact JSON forms (every node on the
 * line it has in the YAML, so the rules' locations are the YAML's). Without
 * examples it is what a scan loads (a fraction of the start-up cost); the
 * rules are the same, but they have no examples: `rules list`, `rules
 * test`, `rules doc` and SARIF help (which shows examples) ask for them. */
void ruleset_add_builtin(struct ruleset *rs, int with_examples);
/* The built-in pack's identity: a digest of its rule files (16 hex digits),
 * what `--version` shows as the rule pack's version. */
void ruleset_builtin_digest(char out[17]);

/* Called by ruleset_compile() once port sets and settings are known and
 * before any rule is compiled: the place for configuration overrides. */
typedef void (*ruleset_override_fn)(struct ruleset *rs, void *ud);
void ruleset_compile(struct ruleset *rs, ruleset_override_fn overrides, void *ud);

/* Override a named port set (web: [80, 443, "8000-8100"]) or a setting; use
 * from the ruleset_compile() callback. 0 on success. */
int ruleset_set_ports(struct ruleset *rs, const char *name, const struct node *ports, struct loc loc);
int ruleset_set_param(struct ruleset *rs, const char *name, long value, struct loc loc);

const struct rule *ruleset_find(const struct ruleset *rs, const char *id);

#endif
