/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers returned (negated) by system calls and kernel functions.
 * The Linux values, so that tools and people recognise them. Shared by
 * the kernel and the user-space library (user/).
 */
#ifndef UAPI_AVATAR_ERRNO_H
#define UAPI_AVATAR_ERRNO_H

#define ENOENT	     2	 /* no such file or program */
#define ESRCH	     3	 /* no such process */
#define E2BIG	     7	 /* argument list too long */
#define ENOEXEC	     8	 /* not a valid executable */
#define EBADF	     9	 /* bad file descriptor */
#define ECHILD	     10	 /* no child to wait for */
#define EAGAIN	     11	 /* try again (a table is full) */
#define ENOMEM	     12	 /* out of memory */
#define EFAULT	     14	 /* bad user address */
#define EINVAL	     22	 /* invalid argument */
#define EINTR	     4	 /* interrupted (the process was killed) */
#define EIO	     5	 /* input/output error */
#define EISDIR	     21	 /* is a directory */
#define EMFILE	     24	 /* too many open files */
#define ENAMETOOLONG 36	 /* path too long */
#define ENOSYS	     38	 /* no such system call / not implemented */
#define EPERM	     1	 /* operation not permitted */
#define ENXIO	     6	 /* no such device or address */
#define EBUSY	     16	 /* resource busy (a mount with open files) */
#define EEXIST	     17	 /* file exists */
#define EXDEV	     18	 /* rename across mount points */
#define ENODEV	     19	 /* no such device / not that file system */
#define ENOTDIR	     20	 /* a path component is not a directory */
#define EFBIG	     27	 /* file too large */
#define ENOSPC	     28	 /* no space left on the volume */
#define ESPIPE	     29	 /* seek on a device that cannot */
#define EROFS	     30	 /* read-only file system */
#define ENOTEMPTY    39	 /* directory not empty */
#define EUCLEAN	     117 /* file system corrupt (FAT32_ECORRUPT) */

#endif /* UAPI_AVATAR_ERRNO_H */
