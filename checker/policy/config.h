/* config.h - .sgcheck.yml: project settings for a scan.
 *
 *   rules: [dir-or-file, ...]     extra rule files
 *   fail_on: medium               the gate (critical|high|medium|low|info|none)
 *   severity: {SG010: info}       per-rule severity overrides
 *   disable: [SG011]              rules not to run
 *   exclude: ["vendor/..."]       paths a directory walk skips (globs)
 *   port_sets: {web: [80, 443]}   override named port sets
 *   settings: {broad_ipv4_prefix: 16}
 *   ignore:                       accepted findings, each with a reason
 *     - {rule: SG002, resource: "Bastion?", file: "net/x.yaml",
 *        reason: "...", expires: 2027-01-31}
 *
 * Found as .sgcheck.yml in the working directory or a parent, or given
 * with --config. Every mistake is an error with file:line:col.
 *
 * Ownership: the config owns its document and arena; every string of the
 * struct points into them and lives until config_release().
 */
#ifndef SG_CONFIG_H
#define SG_CONFIG_H

#include "rules/finding.h"
#include "doc/load.h"
#include "rules/rules.h"

struct config_ignore {
	const char *rule, *resource, *file, *reason, *expires;
	struct loc loc;
};

struct config_kv {
	const char *key;
	const struct node *value;
	struct loc loc;
};

struct config {
	const char *path;  /* NULL when no file was found */
	const char *dir;   /* its directory: relative paths in it start there */
	VEC(const char *) rule_paths;
	int fail_on;       /* -1 when not set */
	VEC(struct config_kv) severity;
	VEC(struct config_kv) disable;
	VEC(const char *) exclude;
	VEC(struct config_kv) port_sets;
	VEC(struct config_kv) settings;
	VEC(struct config_ignore) ignore;
	diag_vec errors;
	diag_vec notes;
	struct doc doc;
	struct arena arena;
};

void config_init(struct config *c);
void config_release(struct config *c);
/* Load `path`, or search .sgcheck.yml upwards from the working directory
 * when path is NULL. Returns 0 (also when nothing was found). */
int config_load(struct config *c, const char *path);
/* Apply port-set and setting overrides (a ruleset_compile() callback). */
void config_apply_overrides(struct ruleset *rs, void *cfg);
/* Apply severity overrides and disabled rules to a compiled rule set. */
void config_apply_rules(struct config *c, struct ruleset *rs);
/* Reason of the first ignore entry that covers f today, or NULL. Expired
 * entries are skipped. `path` is f's file relative to the configuration
 * file's directory (base/paths.h): what `file:` globs match. */
const char *config_ignore_reason(const struct config *c, const struct finding *f, const char *path,
				 const char *today);
/* Whether a directory walk skips this path. */
int config_excluded(const struct config *c, const char *path);
/* A warning note when the configuration switches the gate off: it
 * disables every rule of `rs`, or ignores every one (entries without
 * resource or file, not expired `today`). Called before --check and
 * --skip-check select rules: those are the command line's. */
void config_check_gate(struct config *c, const struct ruleset *rs, const char *today);
/* Notes for ignore entries that have expired (once, at start-up). */
void config_check_expiry(struct config *c, const char *today);

#endif
