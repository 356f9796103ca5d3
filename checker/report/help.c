/* help.c - a rule's documentation, from its rule file: what it means, how
 * to fix it, an example it reports and one it does not. SARIF's help
 * (text and markdown) and docs/catalog.md (`rules list --format markdown`)
 * are both written here, so the catalog is what code scanning shows. */
#include <string.h>

#include "report/report.h"

#define CATALOG_URL "https://github.com/sgcheck/sgcheck/blob/main/docs/catalog.md"

/* GitHub's anchor of the heading "### SG002": "sg002" */
static void add_anchor(const char *id, struct strbuf *out)
{
	for (const char *p = id; *p; p++)
		sb_addc(out, *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p);
}

void report_rule_help_uri(const struct rule *r, struct strbuf *out)
{
	if (r->help_uri) {
		sb_adds(out, r->help_uri);
		return;
	}
	if (!r->builtin)
		return;
	sb_adds(out, CATALOG_URL "#");
	add_anchor(r->id, out);
}

static const struct rule_example *first_example(const struct rule *r, int expect_fire)
{
	for (size_t i = 0; i < r->nexamples; i++)
		if (r->examples[i].expect_fire == expect_fire)
			return &r->examples[i];
	return NULL;
}

static void example_md(const struct rule_example *x, const char *what, struct strbuf *out)
{
	if (!x)
		return;
	sb_addf(out, "\n\n**%s**", what);
	if (x->name)
		sb_addf(out, " (%s)", x->name);
	sb_addf(out, ":\n\n```yaml\n%s%s```", x->text, str_has_suffix(x->text, "\n") ? "" : "\n");
}

void report_rule_help(const struct rule *r, int markdown, struct strbuf *out)
{
	const char *desc = r->description ? r->description : r->title;
	sb_adds(out, desc);
	if (r->remediation)
		sb_addf(out, markdown ? "\n\n**How to fix:** %s" : "\n\nHow to fix: %s", r->remediation);
	if (markdown) {
		example_md(first_example(r, 1), "Reported", out);
		example_md(first_example(r, 0), "Not reported", out);
	}
	for (size_t i = 0; i < r->nreferences; i++)
		sb_addf(out, "%s%s", i ? ", " : markdown ? "\n\n**References:** " : "\n\nReferences: ",
			r->references[i]);
	struct strbuf uri = STRBUF_INIT;
	report_rule_help_uri(r, &uri);
	if (uri.len && !markdown)
		sb_addf(out, "\n\nMore: %s", uri.buf);
	sb_release(&uri);
}

void report_rule_catalog(const struct rule *const *rules, size_t n, struct strbuf *out)
{
	sb_adds(out, "| id | severity | precision | title |\n|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		sb_addf(out, "| [%s](#", rules[i]->id);
		add_anchor(rules[i]->id, out);
		sb_addf(out, ") | %s | %s | %s |\n", severity_name(rules[i]->severity),
			rule_precision_name(rules[i]->precision), rules[i]->title);
	}
	for (size_t i = 0; i < n; i++) {
		sb_addf(out, "\n### %s\n\n**%s** (%s)\n\n", rules[i]->id, rules[i]->title,
			severity_name(rules[i]->severity));
		report_rule_help(rules[i], 1, out);
		sb_addc(out, '\n');
	}
}
