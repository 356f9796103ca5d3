/* hmap.c - open addressing with linear probing; see hmap.h */
#include "base/hmap.h"

#include <string.h>

uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

void hmap_init(struct hmap *m, struct arena *a)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
}

static struct hmap_slot *find(const struct hmap *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct hmap_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

static void grow(struct hmap *m)
{
	struct hmap_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap = oldcap ? oldcap * 2 : 16;
	m->slots = arena_alloc(m->a, m->cap * sizeof(*m->slots));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(m, old[i].key, old[i].hash) = old[i];
}

void *hmap_get(const struct hmap *m, const char *key)
{
	if (!m->n)
		return NULL;
	const struct hmap_slot *s = find(m, key, str_hash(key));
	return s->key ? s->value : NULL;
}

static struct hmap_slot *slot_for(struct hmap *m, const char *key, uint32_t h)
{
	if ((m->n + 1) * 4 > m->cap * 3) /* keep the load under 3/4 */
		grow(m);
	return find(m, key, h);
}

void *hmap_put(struct hmap *m, const char *key, void *value)
{
	uint32_t h = str_hash(key);
	struct hmap_slot *s = slot_for(m, key, h);
	void *prev = s->key ? s->value : NULL;
	if (!s->key) {
		s->key = key;
		s->hash = h;
		m->n++;
	}
	s->value = value;
	return prev;
}

void *hmap_get_or_put(struct hmap *m, const char *key, void *value)
{
	uint32_t h = str_hash(key);
	struct hmap_slot *s = slot_for(m, key, h);
	if (s->key)
		return s->value;
	s->key = key;
	s->hash = h;
	s->value = value;
	m->n++;
	return value;
}

/* ---- pointer keys ------------------------------------------------------------ */

static size_t ptr_hash(const void *p)
{
	uintptr_t v = (uintptr_t)p;
	v ^= v >> 17;
	v *= 0x9E3779B97F4A7C15ull;
	return (size_t)(v ^ (v >> 29));
}

void pmap_init(struct pmap *m, struct arena *a)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
}

static struct pmap_slot *pfind(const struct pmap *m, const void *key)
{
	size_t mask = m->cap - 1;
	for (size_t i = ptr_hash(key) & mask;; i = (i + 1) & mask)
		if (!m->slots[i].key || m->slots[i].key == key)
			return &m->slots[i];
}

const void *pmap_get(const struct pmap *m, const void *key)
{
	if (!m->n)
		return NULL;
	const struct pmap_slot *s = pfind(m, key);
	return s->key ? s->value : NULL;
}

void pmap_put(struct pmap *m, const void *key, const void *value)
{
	if ((m->n + 1) * 4 > m->cap * 3) {
		struct pmap_slot *old = m->slots;
		size_t oldcap = m->cap;
		m->cap = oldcap ? oldcap * 2 : 64;
		m->slots = arena_alloc(m->a, m->cap * sizeof(*m->slots));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].key)
				*pfind(m, old[i].key) = old[i];
	}
	struct pmap_slot *s = pfind(m, key);
	if (!s->key) {
		s->key = key;
		m->n++;
	}
	s->value = value;
}
