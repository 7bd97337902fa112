// SPDX-License-Identifier: GPL-2.0
/* The MMIO bus of a VM (see <hypervisor/mmio.h>); the register-table dispatcher is in mmio_regs.c. */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <hypervisor/exit_stats.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vm.h>

/* Accesses to nothing reported per VM before the log goes quiet. */
#define MMIO_UNCLAIMED_LOG_MAX 8

int mmio_bus_add(struct mmio_bus *bus, struct mmio_device *dev)
{
	if (bus->count == MMIO_BUS_MAX_DEVICES)
		return -1;
	for (unsigned int i = 0; i < bus->count; i++) {
		const struct mmio_device *d = bus->devices[i];

		if (dev->base < d->base + d->size && d->base < dev->base + dev->size)
			return -1;
	}
	bus->devices[bus->count++] = dev;
	return 0;
}

/* The index of the device at ipa, or bus->count for none. */
static unsigned int bus_find(const struct mmio_bus *bus, u64 ipa)
{
	unsigned int i;

	for (i = 0; i < bus->count; i++) {
		const struct mmio_device *d = bus->devices[i];

		if (ipa >= d->base && ipa - d->base < d->size)
			break;
	}
	return i;
}

/* The vCPU's counters for the device at index i (bus->count: nothing), or NULL. */
static struct exit_stats_mmio *mmio_stats(const struct mmio_access *acc, unsigned int i)
{
	return acc->vcpu && i < EXIT_STATS_MMIO_SLOTS ? &acc->vcpu->stats.mmio[i] : NULL;
}

static bool bus_fast_access(struct vm *vm, struct mmio_access *acc)
{
	unsigned int i = bus_find(&vm->bus, acc->ipa);
	struct mmio_device *d = i < vm->bus.count ? vm->bus.devices[i] : NULL;
	bool (*op)(struct mmio_device *, u64, struct mmio_access *);
	struct exit_stats_mmio *st;

	if (!d)
		return false;
	op = acc->write ? d->ops->fast_write : d->ops->fast_read;
	if (!op || !op(d, acc->ipa - d->base, acc))
		return false;
	st = &acc->vcpu->stats.mmio[i]; /* the fast path always names the vCPU */
	if (acc->write)
		st->fast_writes++;
	else
		st->fast_reads++;
	return true;
}

bool mmio_bus_fast_read(struct vm *vm, struct mmio_access *acc)
{
	return !acc->write && bus_fast_access(vm, acc);
}

bool mmio_bus_fast_write(struct vm *vm, struct mmio_access *acc)
{
	return acc->write && bus_fast_access(vm, acc);
}

void mmio_bus_report_unemulable(struct vm *vm, u64 ipa, bool write)
{
	struct mmio_bus *bus = &vm->bus;

	if (bus->unclaimed++ < MMIO_UNCLAIMED_LOG_MAX)
		pr_warn("%s: %s at IPA 0x%llx without an instruction syndrome (load/store pair, "
			"writeback or SIMD), not emulated: external abort injected%s\n",
			vm->name, write ? "write" : "read", (unsigned long long)ipa,
			bus->unclaimed == MMIO_UNCLAIMED_LOG_MAX ? "; not reporting more" : "");
}

void mmio_bus_dispatch(struct vm *vm, struct mmio_access *acc)
{
	struct mmio_bus *bus = &vm->bus;
	unsigned int i = bus_find(bus, acc->ipa);
	struct mmio_device *d = i < bus->count ? bus->devices[i] : NULL;
	struct exit_stats_mmio *st = mmio_stats(acc, i);

	if (st) {
		if (acc->write)
			st->writes++;
		else
			st->reads++;
	}
	if (d) {
		d->ops->access(d, acc->ipa - d->base, acc);
		return;
	}
	/* Nothing there: read-as-zero, write-ignored, and say so (a few times). */
	if (bus->unclaimed++ < MMIO_UNCLAIMED_LOG_MAX)
		pr_warn("%s: %u-byte %s at IPA 0x%llx: no RAM or device there (%s)%s\n", vm->name,
			acc->size, acc->write ? "write" : "read", (unsigned long long)acc->ipa,
			acc->write ? "ignored" : "reads as zero",
			bus->unclaimed == MMIO_UNCLAIMED_LOG_MAX ? "; not reporting more" : "");
	acc->data = 0;
}
