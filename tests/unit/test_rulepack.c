/* Unit tests: the built-in rule pack a scan loads (compact JSON without
 * examples, tools/rulepack.c) is the YAML pack less its examples: the same
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
extern const struct embedded_file sg_builtin_rules[], sg_builtin_lean[];
extern const size_t sg_builtin_rules_count, sg_builtin_lean_count;

/* yaml minus every rule's examples == json, recursively. */
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

static void lean_trees_are_the_yaml(void **state)
{
	(void)state;
	struct load_limits lim;
	load_limits_default(&lim);
	assert_int_equal(sg_builtin_rules_count, sg_builtin_lean_count);
	assert_true(sg_builtin_rules_count >= 5);
	for (size_t i = 0; i < sg_builtin_rules_count; i++) {
		struct arena a;
		struct doc y, j;
		struct diag err;
		arena_init(&a);
		assert_string_equal(sg_builtin_rules[i].name, sg_builtin_lean[i].name);
		assert_int_equal(load_buffer(sg_builtin_rules[i].name, sg_builtin_rules[i].data,
					     sg_builtin_rules[i].len, SYNTAX_YAML, &lim, &a, &y, &err), 0);
		assert_int_equal(load_buffer(sg_builtin_lean[i].name, sg_builtin_lean[i].data,
					     sg_builtin_lean[i].len, SYNTAX_JSON, &lim, &a, &j, &err), 0);
		assert_true(sg_builtin_lean[i].len < sg_builtin_rules[i].len);
		const struct node *rules_y = node_get(y.root, "rules"), *rules_j = node_get(j.root, "rules");
		if (rules_y) {
			assert_int_equal(rules_y->u.seq.n, rules_j->u.seq.n);
			for (uint32_t k = 0; k < rules_y->u.seq.n; k++)
				same_tree(rules_y->u.seq.items[k], rules_j->u.seq.items[k], 1);
		}
		for (uint32_t k = 0; k < y.root->u.map.n; k++)
			if (strcmp(y.root->u.map.pairs[k].key, "rules") != 0)
				same_tree(y.root->u.map.pairs[k].value, node_get(j.root, y.root->u.map.pairs[k].key), 0);
		doc_release(&y);
		doc_release(&j);
		arena_release(&a);
	}
}

static void str_equal(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void lean_rules_are_the_rules(void **state)
{
	(void)state;
	struct ruleset full, lean;
	ruleset_init(&full);
	ruleset_init(&lean);
	ruleset_add_builtin(&full, 1);
	ruleset_add_builtin(&lean, 0);
	ruleset_compile(&full, NULL, NULL);
	ruleset_compile(&lean, NULL, NULL);
	assert_int_equal(full.errors.n, 0);
	assert_int_equal(lean.errors.n, 0);
	assert_int_equal(full.rules.n, lean.rules.n);
	for (size_t i = 0; i < full.rules.n; i++) {
		const struct rule *f = full.rules.v[i], *l = lean.rules.v[i];
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
		assert_true(f->nexamples >= 2);
		assert_int_equal(l->nexamples, 0);
	}
	ruleset_release(&full);
	ruleset_release(&lean);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lean_trees_are_the_yaml),
		cmocka_unit_test(lean_rules_are_the_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
