/*
 * Minimal flattened device tree reader: validates the header and picks out
 * the root #address-cells/#size-cells, the first /memory node's reg, the
 * number of /cpus/cpu@* nodes, /chosen/bootargs and the GIC version of
 * the interrupt controller (a child of the root by its compatible).  Only aligned 32-bit
 * reads are used (the MMU is off, so memory is Device type).
 */
#include "testos.h"

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9
#define FDT_MAX_SIZE   (2U << 20)
#define MAX_DEPTH      16

static uint32_t be32(const void *p)
{
	uint32_t v = *(const volatile uint32_t *)p;

	return __builtin_bswap32(v);
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;

	while (cells--) {
		v = (v << 32) | be32(p);
		p += 4;
	}
	return v;
}

static int node_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return strncmp(name, base, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

void fdt_scan(uintptr_t addr, struct fdt_info *info)
{
	memset(info, 0, sizeof(*info));
	if (addr == 0 || (addr & 7)) {
		info->error = "DTB address is 0 or not 8-byte aligned";
		return;
	}
	const uint8_t *fdt = (const uint8_t *)addr;
	if (be32(fdt) != FDT_MAGIC) {
		info->error = "bad FDT magic";
		return;
	}
	info->totalsize = be32(fdt + 4);
	uint32_t off_struct = be32(fdt + 8);
	uint32_t off_strings = be32(fdt + 12);
	info->version = be32(fdt + 20);
	uint32_t size_strings = be32(fdt + 32);
	uint32_t size_struct = be32(fdt + 36);
	if (info->totalsize < 40 || info->totalsize > FDT_MAX_SIZE) {
		info->error = "FDT totalsize out of range";
		return;
	}
	if (info->version < 17 || (off_struct & 3) || off_struct + size_struct > info->totalsize ||
	    off_strings + size_strings > info->totalsize) {
		info->error = "FDT header inconsistent (version < 17?)";
		return;
	}

	uint32_t addr_cells = 2, size_cells = 1;
	const char *path[MAX_DEPTH];
	int depth = 0;
	const uint8_t *p = fdt + off_struct;
	const uint8_t *end = p + size_struct;

	while (p + 4 <= end) {
		uint32_t tok = be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			size_t len = strlen(name);
			p += (len + 1 + 3) & ~(size_t)3;
			if (depth < MAX_DEPTH)
				path[depth] = name;
			depth++;
			if (depth == 3 && node_is(path[1], "cpus") && node_is(name, "cpu"))
				info->ncpus++;
		} else if (tok == FDT_END_NODE) {
			if (--depth < 0) {
				info->error = "FDT structure unbalanced";
				return;
			}
		} else if (tok == FDT_PROP) {
			if (p + 8 > end) {
				info->error = "FDT property truncated";
				return;
			}
			uint32_t len = be32(p);
			uint32_t nameoff = be32(p + 4);
			const uint8_t *val = p + 8;
			p = val + ((len + 3) & ~3U);
			if (p > end || nameoff >= size_strings) {
				info->error = "FDT property out of bounds";
				return;
			}
			const char *pname = (const char *)fdt + off_strings + nameoff;
			if (depth == 1) {
				if (!strcmp(pname, "#address-cells") && len == 4)
					addr_cells = be32(val);
				else if (!strcmp(pname, "#size-cells") && len == 4)
					size_cells = be32(val);
			} else if (depth == 2 && node_is(path[1], "memory") &&
				   !strcmp(pname, "reg") && !info->have_memory && addr_cells <= 2 &&
				   size_cells <= 2 && len >= 4 * (addr_cells + size_cells)) {
				info->mem_base = read_cells(val, addr_cells);
				info->mem_size = read_cells(val + 4 * addr_cells, size_cells);
				info->have_memory = 1;
			} else if (depth == 2 && !strcmp(pname, "compatible")) {
				for (uint32_t i = 0; i < len;
				     i += strlen((const char *)val + i) + 1)
					if (!strcmp((const char *)val + i, "arm,gic-v3"))
						info->gic_version = 3;
					else if (!strcmp((const char *)val + i,
							 "arm,cortex-a15-gic") ||
						 !strcmp((const char *)val + i, "arm,gic-400"))
						info->gic_version = 2;
			} else if (depth == 2 && node_is(path[1], "chosen") &&
				   !strcmp(pname, "bootargs") && len > 0 && val[len - 1] == '\0') {
				info->bootargs = (const char *)val;
			}
		} else if (tok == FDT_NOP) {
			continue;
		} else if (tok == FDT_END) {
			break;
		} else {
			info->error = "unknown FDT token";
			return;
		}
	}
	if (depth != 0) {
		info->error = "FDT structure unbalanced";
		return;
	}
	info->valid = 1;
}
