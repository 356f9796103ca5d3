/* Unit tests: the built-in rule pack a scan loads (compact JSON without
 * examples, tools/rulepack.c) is the YAML pack less its examples, and the
 * whole JSON form the rules commands load is the YAML pack: the same
 * trees, node for node and line for line, and the same compiled rules. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc/limits.h"
#include "doc/load.h"
#include "doc/node.h"
#include "rules/rules.h"

struct embedded_file {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct embedded_file sg_builtin_rules[], sg_builtin_lean[], sg_builtin_full[];
extern const size_t sg_builtin_rules_count, sg_builtin_lean_count, sg_builtin_full_count;

/* yaml (minus every rule's examples when is_rule says it is a rule whose
 * examples were left out) == json, recursively. */
static void same_tree(const struct node *yaml, const struct node *json, int is_rule)
{
	assert_non_null(yaml);
	assert_non_null(json);
	assert_int_equal(yaml->kind, json->kind);
	assert_int_equal(yaml->loc.line, json->loc.line);
	switch (yaml->kind) {
	case NODE_SEQ:
		assert_int_equal(yaml->u.seq.n, json->u.seq.n);
		for (uint32_t i = 0; i < yaml->u.seq.n; i++)
			same_tree(yaml->u.seq.items[i], json->u.seq.items[i], 0);
		break;
	case NODE_MAP: {
		uint32_t k = 0;
		for (uint32_t i = 0; i < yaml->u.map.n; i++) {
			const struct node_pair *p = &yaml->u.map.pairs[i];
			if (is_rule && strcmp(p->key, "examples") == 0)
				continue;
			assert_true(k < json->u.map.n);
			assert_string_equal(p->key, json->u.map.pairs[k].key);
			assert_int_equal(p->key_loc.line, json->u.map.pairs[k].key_loc.line);
			same_tree(p->value, json->u.map.pairs[k].value, 0);
			k++;
		}
		assert_int_equal(k, json->u.map.n);
		break;
	}
	case NODE_BOOL:
		assert_int_equal(yaml->flags & NODE_F_TRUE, json->flags & NODE_F_TRUE);
		break;
	default:
		assert_int_equal(yaml->len, json->len);
		assert_memory_equal(yaml->text, json->text, yaml->len);
	}
}

/* Each file of `form` loaded as JSON has the tree of the YAML file, less
 * the rules' examples when `lean`. */
static void trees_are_the_yaml(const struct embedded_file *form, size_t count, int lean)
{
	struct load_limits lim;
	load_limits_default(&lim);
	assert_int_equal(sg_builtin_rules_count, count);
	assert_true(sg_builtin_rules_count >= 5);
	for (size_t i = 0; i < sg_builtin_rules_count; i++) {
		struct arena a;
		struct doc y, j;
		struct diag err;
		arena_init(&a);
		assert_string_equal(sg_builtin_rules[i].name, form[i].name);
		assert_int_equal(load_buffer(sg_builtin_rules[i].name, sg_builtin_rules[i].data,
					     sg_builtin_rules[i].len, SYNTAX_YAML, &lim, &a, &y, &err), 0);
		assert_int_equal(load_buffer(form[i].name, form[i].data, form[i].len, SYNTAX_JSON, &lim, &a, &j, &err), 0);
		const struct node *rules_y = node_get(y.root, "rules"), *rules_j = node_get(j.root, "rules");
		if (rules_y) {
			assert_int_equal(rules_y->u.seq.n, rules_j->u.seq.n);
			for (uint32_t k = 0; k < rules_y->u.seq.n; k++)
				same_tree(rules_y->u.seq.items[k], rules_j->u.seq.items[k], lean);
		}
		for (uint32_t k = 0; k < y.root->u.map.n; k++)
			if (strcmp(y.root->u.map.pairs[k].key, "rules") != 0)
				same_tree(y.root->u.map.pairs[k].value, node_get(j.root, y.root->u.map.pairs[k].key), 0);
		doc_release(&y);
		doc_release(&j);
		arena_release(&a);
	}
}

static void lean_trees_are_the_yaml(void **state)
{
	(void)state;
	trees_are_the_yaml(sg_builtin_lean, sg_builtin_lean_count, 1);
	for (size_t i = 0; i < sg_builtin_lean_count; i++)
		assert_true(sg_builtin_lean[i].len < sg_builtin_rules[i].len);
}

static void full_trees_are_the_yaml(void **state)
{
	(void)state;
	trees_are_the_yaml(sg_builtin_full, sg_builtin_full_count, 0);
}

static void str_equal(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void same_rule(const struct rule *f, const struct rule *l)
{
	assert_string_equal(f->id, l->id);
	assert_int_equal(f->severity, l->severity);
	assert_int_equal(f->precision, l->precision);
	assert_int_equal(f->scope, l->scope);
	assert_int_equal(f->at, l->at);
	str_equal(f->title, l->title);
	str_equal(f->message, l->message);
	str_equal(f->description, l->description);
	str_equal(f->remediation, l->remediation);
	str_equal(f->help_uri, l->help_uri);
	str_equal(f->file, l->file);
	assert_int_equal(f->loc.line, l->loc.line);
	assert_int_equal(f->nreferences, l->nreferences);
	assert_int_equal(f->ntypes, l->ntypes);
	assert_int_equal(f->sees_invalid, l->sees_invalid);
	assert_int_equal(f->sees_implicit, l->sees_implicit);
	assert_int_equal(f->sees_derived, l->sees_derived);
}

/* rs compiled, without an error. */
static void compile_clean(struct ruleset *rs)
{
	ruleset_compile(rs, NULL, NULL);
	assert_int_equal(rs->errors.n, 0);
}

/* The built-in pack in one of its JSON forms, compiled. */
static void builtin_compiled(struct ruleset *rs, int with_examples)
{
	ruleset_init(rs);
	ruleset_add_builtin(rs, with_examples);
	compile_clean(rs);
}

static void lean_rules_are_the_rules(void **state)
{
	(void)state;
	struct ruleset full, lean;
	builtin_compiled(&full, 1);
	builtin_compiled(&lean, 0);
	assert_int_equal(full.rules.n, lean.rules.n);
	for (size_t i = 0; i < full.rules.n; i++) {
		same_rule(full.rules.v[i], lean.rules.v[i]);
		assert_true(full.rules.v[i]->nexamples >= 2);
		assert_int_equal(lean.rules.v[i]->nexamples, 0);
	}
	ruleset_release(&full);
	ruleset_release(&lean);
}

/* The rules the commands load (the whole JSON form) are those of the YAML
 * files, examples and their locations included. */
static void full_rules_are_the_yaml_rules(void **state)
{
	(void)state;
	struct ruleset yaml, full;
	ruleset_init(&yaml);
	for (size_t i = 0; i < sg_builtin_rules_count; i++)
		ruleset_add_buffer(&yaml, sg_builtin_rules[i].name, sg_builtin_rules[i].data, sg_builtin_rules[i].len, 1);
	compile_clean(&yaml);
	builtin_compiled(&full, 1);
	assert_int_equal(yaml.rules.n, full.rules.n);
	for (size_t i = 0; i < yaml.rules.n; i++) {
		const struct rule *y = yaml.rules.v[i], *f = full.rules.v[i];
		same_rule(y, f);
		assert_int_equal(y->nexamples, f->nexamples);
		for (size_t k = 0; k < y->nexamples; k++) {
			assert_int_equal(y->examples[k].expect_fire, f->examples[k].expect_fire);
			str_equal(y->examples[k].name, f->examples[k].name);
			str_equal(y->examples[k].text, f->examples[k].text);
			assert_int_equal(y->examples[k].loc.line, f->examples[k].loc.line);
		}
	}
	ruleset_release(&yaml);
	ruleset_release(&full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lean_trees_are_the_yaml),
		cmocka_unit_test(full_trees_are_the_yaml),
		cmocka_unit_test(lean_rules_are_the_rules),
		cmocka_unit_test(full_rules_are_the_yaml_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
