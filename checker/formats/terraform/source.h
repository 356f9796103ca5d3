/* source.h - where a plan's resources are written: the root module's .tf
 * files (--tf-source, or the plan's own directory), read without
 * evaluating them, so a plan finding can point at the source a reviewer
 * sees in the pull request rather than at a generated JSON file.
 */
#ifndef SG_TF_SOURCE_H
#define SG_TF_SOURCE_H

#include "base/hmap.h"
#include "doc/load.h"
#include "model/model.h"

struct tf_source_map {
	struct hmap decls; /* "module.a.aws_x.y" (no instance keys) -> struct tf_source_decl */
	uint32_t files;
};

/* Whether dir holds .tf files. */
int tf_source_dir_has_tf(const char *dir);

/* The resource declarations of the module in dir and of the local modules
 * it calls (their files join the model's documents); NULL when dir holds
 * no .tf file. Files that do not parse are model errors. */
const struct tf_source_map *tf_source_load(struct model *m, const char *dir, const struct load_limits *lim);

/* Where the permission's value is written: the attribute `peer_key` of the
 * resource (or of its only `ingress`/`egress` block), else the resource
 * block; a zero loc when the resource is not in the sources. */
struct loc tf_source_locate(const struct tf_source_map *s, const struct resource *r, const struct permission *p);

#endif
