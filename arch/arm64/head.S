/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel entry: the arm64 Image header, then the boot paths of the boot
 * CPU and of the secondary CPUs.
 *
 * Boot protocol (Linux Documentation/arch/arm64/booting.rst): entered at
 * EL2 or EL1 with the MMU and data cache off, x0 = physical address of
 * the DTB. The image is not relocatable: it must run at CONFIG_TEXT_BASE,
 * which the header's text_offset tells the loader.
 *
 * Boot CPU:  clear BSS -> el_setup -> stack, TPIDR, VBAR -> mmu_init(dtb)
 *            -> start_kernel(dtb)
 * Secondary: (PSCI CPU_ON, x0 = logical id) el_setup -> MMU on with the
 *            boot CPU's tables -> stack, TPIDR, VBAR -> secondary_start_kernel(id)
 *
 * Register use until C is reached: x19 = logical CPU id, x21 = DTB.
 */
#include <asm/el.h>
#include <asm/linkage.h>
#include <asm/sysreg.h>

#define IMAGE_TEXT_OFFSET	(CONFIG_TEXT_BASE - CONFIG_RAM_BASE)
/* flags: bit 0 = 0 little-endian, bits [2:1] = 1 4 KiB pages, bit 3 = 0 base near start of RAM. */
#define IMAGE_FLAG_PAGE_4K	(1 << 1)
#define IMAGE_FLAGS		IMAGE_FLAG_PAGE_4K

	.section ".head.text", "ax"
	.globl	_head
_head:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	IMAGE_TEXT_OFFSET	/* text_offset */
	.quad	_kernel_size		/* image_size, BSS included (linker script) */
	.quad	IMAGE_FLAGS		/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE/COFF header */

LOCAL_ENTRY(primary_entry)
	mov	x21, x0

	/* The image is linked at CONFIG_TEXT_BASE; anywhere else nothing works. */
	adr	x1, _head
	ldr	x2, =_head
	cmp	x1, x2
	b.ne	cpu_park

	/* Clear BSS. The MMU is off, so the stores go straight to memory. */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	mov	x19, #0
	bl	el_setup
	bl	cpu_setup_stack_vectors
	mov	x0, x21
	bl	mmu_init
	mov	x0, x21
	bl	start_kernel
	b	cpu_park
END(primary_entry)

/* Entry point handed to PSCI CPU_ON; x0 = context id = logical CPU id. */
ENTRY(secondary_entry)
	mov	x19, x0
	cmp	x19, #CONFIG_NR_CPUS
	b.hs	cpu_park
	bl	el_setup
	adr_l	x0, boot_mmu_regs
	bl	__mmu_enable
	bl	cpu_setup_stack_vectors
	mov	x0, x19
	bl	secondary_start_kernel
	b	cpu_park
END(secondary_entry)

/*
 * For CPU x19: SP = top of its stack, TPIDR_ELx = its idle thread
 * (&idle_threads[x19], <asm/percpu.h>), VBAR_ELx = the vectors.
 * Clobbers x0, x1.
 */
LOCAL_ENTRY(cpu_setup_stack_vectors)
	adr_l	x0, __cpu_stacks
	ldr	x1, =CONFIG_KERNEL_STACK_SIZE
	madd	x0, x19, x1, x0
	add	sp, x0, x1
	adr_l	x0, idle_threads
	adr_l	x1, sched_thread_size
	ldr	x1, [x1]
	madd	x0, x19, x1, x0
	msr	ELX(tpidr), x0
	adr_l	x0, vectors
	msr	ELX(vbar), x0
	isb
	ret
END(cpu_setup_stack_vectors)

/* Stop this CPU for good: all exceptions masked, wait forever. */
ENTRY(cpu_park)
	msr	daifset, #0xf
1:	wfi
	b	1b
END(cpu_park)

	.ltorg

/* One stack per CPU, CONFIG_KERNEL_STACK_SIZE bytes, growing down. */
	.section ".bss.stacks", "aw", %nobits
	.balign	16
	.globl	__cpu_stacks
__cpu_stacks:
	.space	CONFIG_NR_CPUS * CONFIG_KERNEL_STACK_SIZE
	.globl	__cpu_stacks_end
__cpu_stacks_end:
