/* params.c - CloudFormation parameter values from a parameters file:
 * the create-stack form [{"ParameterKey": k, "ParameterValue": v}] or the
 * template-configuration form {"Parameters": {k: v}}. */
#include <string.h>

#include "doc/load.h"
#include "formats/cloudformation/internal.h"

static void add_param(struct cfn_state *st, const char *key, const char *value, const char *path,
		      uint32_t line)
{
	struct param_value pv = {arena_strdup(&st->arena, key), value,
				 arena_printf(&st->arena, "%s:%u", path, line)};
	VEC_PUSH(st->params, pv);
}

static void create_stack_form(struct cfn_state *st, const struct node *root, const char *path,
			      diag_vec *errors)
{
	for (uint32_t i = 0; i < root->u.seq.n; i++) {
		const struct node *it = root->u.seq.items[i];
		const char *k = node_str(node_get(it, "ParameterKey"));
		const char *v = node_str(node_get(it, "ParameterValue"));
		if (!k || !v) {
			diags_add(errors, it->loc, "expected {\"ParameterKey\": ..., \"ParameterValue\": ...}");
			continue;
		}
		add_param(st, k, v, path, it->loc.line);
	}
}

static void template_configuration_form(struct cfn_state *st, const struct node *map, const char *path,
					diag_vec *errors)
{
	for (uint32_t i = 0; i < map->u.map.n; i++) {
		const struct node_pair *p = &map->u.map.pairs[i];
		const char *v = node_str(p->value);
		if (!v) {
			diags_add(errors, p->value->loc, "parameter %s: value must be a string", p->key);
			continue;
		}
		add_param(st, p->key, v, path, p->key_loc.line);
	}
}

void cfn_read_params_file(struct cfn_state *st, const char *path, const struct load_limits *lim,
			  diag_vec *errors)
{
	struct diag err;
	if (load_file(path, SYNTAX_AUTO, lim, &st->arena, &st->params_doc, &err) != 0) {
		VEC_PUSH(*errors, err);
		return;
	}
	const struct node *root = st->params_doc.root;
	const struct node *map = node_get(root, "Parameters");
	if (root->kind == NODE_SEQ)
		create_stack_form(st, root, path, errors);
	else if (map && map->kind == NODE_MAP)
		template_configuration_form(st, map, path, errors);
	else
		diags_add(errors, root->loc, "not a parameters file: expected a list of {ParameterKey, "
					     "ParameterValue} or {\"Parameters\": {...}}");
}
