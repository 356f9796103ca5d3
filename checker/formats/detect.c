/* detect.c - see detect.h */
#define _GNU_SOURCE /* memmem */
#include "formats/detect.h"

#include <string.h>

#include "model/model.h"

static int has_aws_resource(const struct node *resources)
{
	if (!resources || resources->kind != NODE_MAP)
		return 0;
	for (uint32_t i = 0; i < resources->u.map.n; i++) {
		const char *type = node_str(node_get(resources->u.map.pairs[i].value, "Type"));
		if (type && (strncmp(type, "AWS::", 5) == 0 || strncmp(type, "Custom::", 8) == 0 ||
			     strncmp(type, "Alexa::", 7) == 0))
			return 1;
	}
	return 0;
}

int detect_format(const struct node *root)
{
	if (!root || root->kind != NODE_MAP)
		return FMT_NONE;
	if (node_get(root, "AWSTemplateFormatVersion") || has_aws_resource(node_get(root, "Resources")))
		return FMT_CLOUDFORMATION;
	if (node_get(root, "format_version") || node_get(root, "terraform_version")) {
		if (node_get(root, "planned_values") || node_get(root, "resource_changes") ||
		    node_get(root, "prior_state") || node_get(root, "configuration"))
			return FMT_TF_PLAN;
		if (node_get(node_get(root, "values"), "root_module") || node_get(root, "values"))
			return FMT_TF_STATE;
		/* an empty state or plan: still Terraform */
		return node_get(root, "terraform_version") ? FMT_TF_STATE : FMT_NONE;
	}
	return FMT_NONE;
}

int detect_looks_like_iac(const char *text, size_t len)
{
	static const char *const markers[] = {
		"AWSTemplateFormatVersion", "AWS::", "\"format_version\"", "terraform_version",
	};
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++)
		if (memmem(text, len, markers[i], strlen(markers[i])))
			return 1;
	return 0;
}

int detect_candidate_name(const char *path)
{
	static const char *const exts[] = {".yaml", ".yml", ".json", ".template", ".tfstate"};
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (str_has_suffix(path, exts[i]))
			return 1;
	return 0;
}
