// SPDX-License-Identifier: GPL-2.0
/*
 * Path normalization. Avatar has no symbolic links and no working
 * directory, so a path is resolved lexically: "." is dropped, ".."
 * removes the previous component (and stays at "/" at the root, as in
 * POSIX), repeated slashes collapse, a trailing slash goes. A relative
 * path starts at "/". The result is what the mount table matches.
 */
#include <avatar/string.h>
#include <avatar/vfs.h>
#include <uapi/avatar/errno.h>

int vfs_path_normalize(const char *in, char *out)
{
	size_t len = 1; /* out[0] = '/' */
	const char *p = in;

	if (!in || !*in)
		return -ENOENT; /* POSIX: the empty path names nothing */
	if (strnlen(in, VFS_PATH_MAX) == VFS_PATH_MAX)
		return -ENAMETOOLONG;
	out[0] = '/';
	while (*p) {
		const char *start;
		size_t n;

		while (*p == '/')
			p++;
		start = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - start);
		if (n == 0 || (n == 1 && start[0] == '.'))
			continue;
		if (n > VFS_NAME_MAX)
			return -ENAMETOOLONG;
		if (n == 2 && start[0] == '.' && start[1] == '.') {
			while (len > 1 && out[len - 1] != '/')
				len--;
			if (len > 1)
				len--; /* the slash before the removed component */
			continue;
		}
		if (len + (len > 1) + n >= VFS_PATH_MAX)
			return -ENAMETOOLONG;
		if (len > 1)
			out[len++] = '/';
		memcpy(out + len, start, n);
		len += n;
	}
	out[len] = '\0';
	return 0;
}

const char *vfs_path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}
