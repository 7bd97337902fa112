/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IS_ENABLED(CONFIG_FOO): 1 if a boolean Kconfig option is y, 0 if it is
 * n (and therefore not defined at all in autoconf.h), usable in C
 * expressions so the compiler still sees and type-checks both branches:
 *
 *	if (IS_ENABLED(CONFIG_SELFTEST))
 *		run_selftests();
 *
 * How it works: autoconf.h defines an enabled option as 1. Pasting that
 * value onto a prefix yields __KCONFIG_ARG_1, which expands to "junk, " and
 * moves a 1 into the second argument slot of a helper; an undefined option
 * pastes to some other identifier that expands to nothing, so the helper
 * picks the 0 that follows.
 */
#ifndef AVATAR_KCONFIG_H
#define AVATAR_KCONFIG_H

#define __KCONFIG_ARG_1			    __kconfig_junk,
#define __kconfig_second(ignored, val, ...) val
#define ___kconfig_is_one(arg_or_junk)	    __kconfig_second(arg_or_junk 1, 0, 0)
#define __kconfig_is_one(val)		    ___kconfig_is_one(__KCONFIG_ARG_##val)

#define IS_ENABLED(option) __kconfig_is_one(option)

#endif /* AVATAR_KCONFIG_H */
