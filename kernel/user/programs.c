// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in programs: the ELF files the build makes from user/ and
 * links into the kernel (generated/user_programs.S, made by
 * scripts/genprograms.py), until a file system provides programs.
 */
#include <avatar/process.h>
#include <avatar/string.h>

extern const struct user_program user_programs[];
extern const unsigned long user_programs_count;

const struct user_program *program_at(unsigned int i)
{
	return i < user_programs_count ? &user_programs[i] : NULL;
}

const struct user_program *program_find(const char *name)
{
	const struct user_program *prog;
	unsigned int i;

	for (i = 0; (prog = program_at(i)); i++)
		if (strcmp(prog->name, name) == 0)
			return prog;
	return NULL;
}
