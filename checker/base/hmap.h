/* hmap.h - a string-keyed hash map of pointers, allocated in an arena.
 *
 * For indexes built once per scan unit (logical id -> resource, address ->
 * resource): insertion and lookup are O(1); there is no removal. Keys are
 * borrowed (they must live as long as the map, which they do when both are
 * in the unit's arena). The table itself lives in the arena given to
 * hmap_init(); growing leaves the old table there, which costs at most
 * the size of the final one again.
 */
#ifndef SG_HMAP_H
#define SG_HMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

struct hmap_slot {
	const char *key;
	uint32_t hash;
	void *value;
};

struct hmap {
	struct arena *a;
	struct hmap_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

void hmap_init(struct hmap *m, struct arena *a);
/* The value stored under key, or NULL. */
void *hmap_get(const struct hmap *m, const char *key);
/* Store value under key; returns the previous value (or NULL). */
void *hmap_put(struct hmap *m, const char *key, void *value);
/* The value under key, or `value` stored there when the key is new. */
void *hmap_get_or_put(struct hmap *m, const char *key, void *value);

uint32_t str_hash(const char *s);

/* The same keyed by pointer identity (a value node -> what we know of it). */
struct pmap_slot {
	const void *key;
	const void *value;
};

struct pmap {
	struct arena *a;
	struct pmap_slot *slots;
	size_t cap, n;
};

void pmap_init(struct pmap *m, struct arena *a);
const void *pmap_get(const struct pmap *m, const void *key);
void pmap_put(struct pmap *m, const void *key, const void *value);

#endif
