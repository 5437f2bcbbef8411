/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kicks: immediate_exit covers a vCPU about to enter KVM_RUN, a signal to
 * its thread covers one already inside (KVM_RUN returns EINTR).
 */
#include "kvm_internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_once_t kick_once = PTHREAD_ONCE_INIT;
static int kick_err;

int axvcpu_kvm_kick_signal(void)
{
	return SIGRTMIN + 3;
}

static void kick_handler(int sig)
{
	(void)sig; /* only there to interrupt KVM_RUN */
}

static void kick_install_once(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: KVM_RUN must come back with EINTR. */
	if (sigaction(axvcpu_kvm_kick_signal(), &sa, NULL) < 0)
		kick_err = AXVCPU_EHW;
}

int kvm_kick_install(void)
{
	pthread_once(&kick_once, kick_install_once);
	return kick_err;
}

void kvm_kick(struct axvcpu *vcpu)
{
	struct kvm_vcpu_arch *a = kvm_arch(vcpu);
	int saved = errno; /* kicks may come from signal handlers */
	if (a->vm->irqchip)
		kvm_irq_send_pending(vcpu); /* injections: no need to stop it */
	__atomic_store_n(&a->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pid_t tid = atomic_load(&a->tid);
	if (tid > 0)
		syscall(SYS_tgkill, getpid(), tid, axvcpu_kvm_kick_signal());
	errno = saved;
}
