/* SPDX-License-Identifier: Apache-2.0 */
/* The VM object's host services on POSIX threads (see vm_host_posix.h). */
#include "vm_host_posix.h"

#include <sched.h>
#include <time.h>

uint64_t vm_host_posix_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t posix_now(void *ctx)
{
	(void)ctx;
	return vm_host_posix_now();
}

/*
 * Sleep until notified or the deadline. The condition runs on
 * CLOCK_MONOTONIC, the clock of now(): with the default (realtime) clock
 * a monotonic deadline lies decades in the past and the wait returns at
 * once, so that a vCPU halted with a timer would spin until it.
 */
static void posix_wait(void *ctx, unsigned id, uint64_t deadline)
{
	struct vm_host_posix *p = ctx;
	if (id >= VMM_VM_MAX_VCPUS)
		return;
	struct vm_host_posix_slot *s = &p->slot[id];
	pthread_mutex_lock(&s->lock);
	if (!s->notified) {
		if (deadline == UINT64_MAX) {
			pthread_cond_wait(&s->cond, &s->lock);
		} else {
			struct timespec ts = {
				.tv_sec = (time_t)(deadline / 1000000000ull),
				.tv_nsec = (long)(deadline % 1000000000ull),
			};
			pthread_cond_timedwait(&s->cond, &s->lock, &ts);
		}
	}
	s->notified = false;
	pthread_mutex_unlock(&s->lock);
}

static void posix_notify(void *ctx, unsigned id)
{
	struct vm_host_posix *p = ctx;
	if (id >= VMM_VM_MAX_VCPUS)
		return;
	struct vm_host_posix_slot *s = &p->slot[id];
	pthread_mutex_lock(&s->lock);
	s->notified = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static void posix_relax(void *ctx)
{
	(void)ctx;
	sched_yield();
}

int vm_host_posix_init(struct vm_host_posix *p, void *user,
		       struct vmm_vm_host *host)
{
	pthread_condattr_t attr;
	if (pthread_condattr_init(&attr))
		return AXVCPU_EHW;
	unsigned i = 0;
	if (!pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)) {
		for (; i < VMM_VM_MAX_VCPUS; i++) {
			struct vm_host_posix_slot *s = &p->slot[i];
			s->notified = false;
			if (pthread_mutex_init(&s->lock, NULL))
				break;
			if (pthread_cond_init(&s->cond, &attr)) {
				pthread_mutex_destroy(&s->lock);
				break;
			}
		}
	}
	pthread_condattr_destroy(&attr);
	if (i < VMM_VM_MAX_VCPUS) {
		while (i-- > 0) {
			pthread_cond_destroy(&p->slot[i].cond);
			pthread_mutex_destroy(&p->slot[i].lock);
		}
		return AXVCPU_EHW;
	}
	p->user = user;
	host->ctx = p;
	host->now = posix_now;
	host->wait = posix_wait;
	host->notify = posix_notify;
	host->relax = posix_relax;
	return AXVCPU_OK;
}

void vm_host_posix_fini(struct vm_host_posix *p)
{
	for (unsigned i = 0; i < VMM_VM_MAX_VCPUS; i++) {
		pthread_cond_destroy(&p->slot[i].cond);
		pthread_mutex_destroy(&p->slot[i].lock);
	}
}

void *vm_host_posix_user(void *ctx)
{
	return ((struct vm_host_posix *)ctx)->user;
}
