/* SPDX-License-Identifier: GPL-2.0 */
/* Barriers and CPU hint instructions (Arm ARM B2.3, C6.2). */
#ifndef ASM_BARRIER_H
#define ASM_BARRIER_H

#define isb()	 __asm__ __volatile__("isb" ::: "memory")
#define dsb(opt) __asm__ __volatile__("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ __volatile__("dmb " #opt ::: "memory")

#define wfe()	    __asm__ __volatile__("wfe" ::: "memory")
#define wfi()	    __asm__ __volatile__("wfi" ::: "memory")
#define sev()	    __asm__ __volatile__("sev" ::: "memory")
#define cpu_relax() __asm__ __volatile__("yield" ::: "memory")

/* Ordered accesses between CPUs: load-acquire and store-release. */
#define smp_load_acquire(p)                                                    \
	({                                                                     \
		__typeof__(*(p)) __v = __atomic_load_n((p), __ATOMIC_ACQUIRE); \
		__v;                                                           \
	})
#define smp_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

#endif /* ASM_BARRIER_H */
