/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The region format of the physical-memory fuzz targets (fuzz.h). */
#include <string.h>

#include "fuzz.h"

/* Offset of the next tag at or after pos, or size; *dmesg says which. */
static size_t next_tag(const uint8_t *d, size_t size, size_t pos, int *dmesg)
{
	for (size_t i = pos; i + EA_FUZZ_TAG_LEN <= size; i++) {
		if (d[i] != 'E' || d[i + 1] != 'A')
			continue;
		if (!memcmp(d + i, EA_FUZZ_TAG_REGION, EA_FUZZ_TAG_LEN)) {
			*dmesg = 0;
			return i;
		}
		if (!memcmp(d + i, EA_FUZZ_TAG_DMESG, EA_FUZZ_TAG_LEN)) {
			*dmesg = 1;
			return i;
		}
	}
	*dmesg = 0;
	return size;
}

void ea_fuzz_split(const uint8_t *data, size_t size, size_t hdrlen,
		   struct ea_fuzz_mem *m)
{
	int dm;
	size_t at = next_tag(data, size, 0, &dm);

	memset(m->hdr, 0, sizeof(m->hdr));
	if (hdrlen > EA_FUZZ_MAX_HEADER)
		hdrlen = EA_FUZZ_MAX_HEADER;
	memcpy(m->hdr, data, at < hdrlen ? at : hdrlen);
	m->n = 0;
	m->dmesg = NULL;
	m->dmesg_len = 0;
	while (at < size) {
		size_t body = at + EA_FUZZ_TAG_LEN;

		if (dm) {
			m->dmesg = (const char *)data + body;
			m->dmesg_len = size - body;
			return;
		}
		int ndm;
		size_t end = next_tag(data, size, body, &ndm);

		const struct ea_bytes in = ea_bytes_of(data, end);
		uint64_t addr;

		if (end - body > 8 && m->n < EA_FUZZ_MAX_REGIONS &&
		    ea_bytes_u64(&in, body, &addr)) {
			size_t len = end - body - 8;

			if (len - 1 <= UINT64_MAX - addr) {
				m->r[m->n].addr = addr;
				m->r[m->n].data = data + body + 8;
				m->r[m->n].len = len;
				m->n++;
			}
		}
		at = end;
		dm = ndm;
	}
}
