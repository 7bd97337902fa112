/* SPDX-License-Identifier: GPL-2.0 */
/* Compiler attributes and small helpers shared by all kernel code. */
#ifndef AVATAR_COMPILER_H
#define AVATAR_COMPILER_H

#define __aligned(x)	    __attribute__((aligned(x)))
#define __section(s)	    __attribute__((section(s)))
#define __used		    __attribute__((used))
#define __unused	    __attribute__((unused))
#define __noreturn	    __attribute__((noreturn))
#define __packed	    __attribute__((packed))
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
#define __weak		    __attribute__((weak))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

/* Prevent the compiler from merging, tearing or caching an access. */
#define READ_ONCE(x)	   (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val) (*(volatile __typeof__(x) *)&(x) = (val))

/* Compiler-only barrier: no reordering of memory accesses across it. */
#define barrier() __asm__ __volatile__("" ::: "memory")

#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define SZ_4K 0x1000UL
#define SZ_2M 0x200000UL
#define SZ_1G 0x40000000UL

#endif /* AVATAR_COMPILER_H */
