/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Condition variables, used with a mutex:
 *
 *	mutex_lock(&m);
 *	while (!predicate)
 *		cond_wait(&cv, &m);	unlocks m, blocks, locks m again
 *	...
 *	mutex_unlock(&m);
 *
 *	(elsewhere, after changing the predicate, m held or not)
 *	cond_signal(&cv);		wake one waiter (FIFO)
 *	cond_broadcast(&cv);		wake all
 *
 * The waiter is queued before m is released, so a signal sent after the
 * predicate changed under m is never lost. Wake-ups may be spurious:
 * always re-test the predicate.
 */
#ifndef AVATAR_CONDVAR_H
#define AVATAR_CONDVAR_H

#include <avatar/mutex.h>
#include <avatar/types.h>
#include <avatar/waitqueue.h>

struct condvar {
	struct waitqueue wq;
};

void cond_init(struct condvar *cv);
void cond_wait(struct condvar *cv, struct mutex *m);
/* false if timeout_ns passed without a wake-up (m is held again either way). */
bool cond_wait_timeout(struct condvar *cv, struct mutex *m, u64 timeout_ns);
void cond_signal(struct condvar *cv);
void cond_broadcast(struct condvar *cv);

#endif /* AVATAR_CONDVAR_H */
