// SPDX-License-Identifier: GPL-2.0
/*
 * Guest DTB fix-ups: the DTB a guest boots with describes the VM the
 * loader made, not what the file said. What is changed and why is in
 * <hypervisor/guest_dtb.h>; the FDT writer is kernel/lib/fdt_rw.c.
 *
 * Deleting a node moves every node after it, so the loops that delete
 * start again from the first child after each deletion (a DTB has a
 * handful of memory and cpu nodes; this stays cheap).
 */
#include <avatar/compiler.h>
#include <avatar/fdt.h>
#include <avatar/sprintf.h>
#include <avatar/string.h>
#include <hypervisor/guest_dtb.h>

#define CELL_BYTES    4
#define MAX_CELLS     2
#define MAX_VCPU_IDS  256  /* vCPU ids are MPIDR.Aff0 */
#define FIXUP_ROOM    1024 /* new nodes, properties and names, reg growing to 2+2 cells */
#define NODE_NAME_MAX 32

#define fail(msg, len, ...) (snprintf((msg), (len), __VA_ARGS__), -1)

static void put_cells(u8 *p, u64 val, int cells)
{
	for (int i = cells * CELL_BYTES - 1; i >= 0; i--, val >>= 8)
		p[i] = (u8)val;
}

static bool fits_cells(u64 val, int cells)
{
	return cells == 2 || val >> 32 == 0;
}

size_t guest_dtb_room(const struct guest_dtb_params *p)
{
	return FIXUP_ROOM + (p->bootargs ? strlen(p->bootargs) + 1 : 0);
}

/* Report a writer error: one line with what was being done. */
static int fdt_fail(int err, const char *what, char *msg, size_t len)
{
	return fail(msg, len, "%s: %s", what, fdt_strerror(err));
}

static bool is_memory(const struct fdt *fdt, int node)
{
	return fdt_prop_has_string(fdt, node, "device_type", "memory");
}

/* One /memory node with one reg entry: the VM's RAM. */
static int fixup_memory(struct fdt *fdt, const struct guest_dtb_params *p, char *msg, size_t len)
{
	int root = fdt_root(fdt), ac, sc, mem = -1, child, err;
	u8 reg[2 * MAX_CELLS * CELL_BYTES];
	char name[NODE_NAME_MAX];

	ac = fdt_address_cells(fdt, root);
	sc = fdt_size_cells(fdt, root);
	if (ac < 1 || sc < 1)
		return fail(msg, len, "/: #address-cells %d, #size-cells %d: cannot describe RAM",
			    ac, sc);
	if (!fits_cells(p->ram_base, ac) || !fits_cells(p->ram_size, sc))
		return fail(msg, len,
			    "/: one-cell addresses or sizes cannot describe RAM 0x%llx+0x%llx",
			    (unsigned long long)p->ram_base, (unsigned long long)p->ram_size);
again:
	fdt_for_each_child(fdt, root, child)
	{
		if (!is_memory(fdt, child) || child == mem)
			continue;
		if (mem < 0) {
			mem = child; /* deletions come after it: its offset stays */
			continue;
		}
		err = fdt_del_node(fdt, child);
		if (err)
			return fdt_fail(err, "deleting a second memory node", msg, len);
		goto again;
	}
	if (mem < 0) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)p->ram_base);
		mem = fdt_add_subnode(fdt, root, name);
		if (mem < 0)
			return fdt_fail(mem, "adding /memory", msg, len);
		err = fdt_setprop_string(fdt, mem, "device_type", "memory");
		if (err)
			return fdt_fail(err, "adding /memory", msg, len);
	}
	put_cells(reg, p->ram_base, ac);
	put_cells(reg + ac * CELL_BYTES, p->ram_size, sc);
	err = fdt_setprop(fdt, mem, "reg", reg, (u32)(ac + sc) * CELL_BYTES);
	return err ? fdt_fail(err, "setting /memory reg", msg, len) : 0;
}

/* /cpus: a cpu node per vCPU (reg = its MPIDR affinity), nothing else. */
static int fixup_cpus(struct fdt *fdt, const struct guest_dtb_params *p, char *msg, size_t len)
{
	u8 seen[MAX_VCPU_IDS];
	unsigned int found, total;
	int cpus = fdt_path_offset(fdt, "/cpus"), child, err;
	bool deleted = false;

	if (cpus < 0)
		return fail(msg, len, "no /cpus node");
	if (p->nr_vcpus == 0 || p->nr_vcpus > MAX_VCPU_IDS)
		return fail(msg, len, "%u vCPUs", p->nr_vcpus);
again:
	memset(seen, 0, sizeof(seen));
	found = total = 0;
	fdt_for_each_child(fdt, cpus, child)
	{
		u64 mpidr;

		if (!fdt_prop_has_string(fdt, child, "device_type", "cpu"))
			continue;
		total++;
		err = fdt_reg(fdt, child, 0, &mpidr, NULL);
		if (err)
			return fail(msg, len, "/cpus/%s: no usable reg: %s",
				    fdt_node_name(fdt, child), fdt_strerror(err));
		if (mpidr < p->nr_vcpus && !seen[mpidr]) {
			seen[mpidr] = 1;
			found++;
			continue;
		}
		/* No vCPU has this MPIDR (or another node already describes it). */
		err = fdt_del_node(fdt, child);
		if (err)
			return fdt_fail(err, "deleting a cpu node", msg, len);
		deleted = true;
		goto again;
	}
	if (found != p->nr_vcpus)
		return fail(msg, len,
			    "describes %u CPU(s) for the guest's %u vCPU(s) (cpu nodes with reg "
			    "0..%u needed)",
			    total, p->nr_vcpus, p->nr_vcpus - 1);
	if (deleted) {
		/* Its phandles may point at deleted cpus; the guest then sees a flat topology. */
		child = fdt_path_offset(fdt, "/cpus/cpu-map");
		if (child >= 0) {
			err = fdt_del_node(fdt, child);
			if (err)
				return fdt_fail(err, "deleting /cpus/cpu-map", msg, len);
		}
	}
	return 0;
}

static int fixup_chosen(struct fdt *fdt, const struct guest_dtb_params *p, char *msg, size_t len)
{
	static const char *const initrd_props[] = {"linux,initrd-start", "linux,initrd-end"};
	int chosen = fdt_path_offset(fdt, "/chosen"), err = 0;

	if (chosen < 0) {
		chosen = fdt_add_subnode(fdt, fdt_root(fdt), "chosen");
		if (chosen < 0)
			return fdt_fail(chosen, "adding /chosen", msg, len);
	}
	if (p->bootargs && *p->bootargs) {
		err = fdt_setprop_string(fdt, chosen, "bootargs", p->bootargs);
		if (err)
			return fdt_fail(err, "setting /chosen/bootargs", msg, len);
	}
	if (p->initrd_end > p->initrd_start) {
		/* Two cells each, whatever #address-cells says: Linux reads either size. */
		err = fdt_setprop_u64(fdt, chosen, initrd_props[0], p->initrd_start);
		if (!err)
			err = fdt_setprop_u64(fdt, chosen, initrd_props[1], p->initrd_end);
		return err ? fdt_fail(err, "setting /chosen/linux,initrd-*", msg, len) : 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(initrd_props); i++) {
		err = fdt_delprop(fdt, chosen, initrd_props[i]);
		if (err && err != -FDT_ERR_NOTFOUND)
			return fdt_fail(err, "removing /chosen/linux,initrd-*", msg, len);
	}
	return 0;
}

int guest_dtb_fixup(struct fdt *fdt, const struct guest_dtb_params *p, char *msg, size_t msglen)
{
	if (fixup_memory(fdt, p, msg, msglen) || fixup_cpus(fdt, p, msg, msglen) ||
	    fixup_chosen(fdt, p, msg, msglen))
		return -1;
	return 0;
}
