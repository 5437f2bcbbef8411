/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kernel's share of the teardown, off the exit path. Destroying a KVM
 * VM waits for SRCU grace periods (the irqchip's and the PIT's devices,
 * the MMU notifier: ~16-24 ms here, whole jiffies), and freeing a large
 * guest RAM that was touched takes time proportional to its size. Both
 * happened in exit(), so the shell waited for them after the guest had
 * ended. A helper process made with clone(CLONE_VM) holds the VM fd and
 * the address space; when axvcpu-run exits, the kernel kills the helper
 * (PR_SET_PDEATHSIG) and the helper's exit does that work, while the
 * caller already goes on (QEMU's async-teardown works the same way).
 *
 * The helper shares the address space, so it runs no libc code (errno and
 * the heap are shared): raw system calls on its own stack only.
 */
#define _GNU_SOURCE
#include "vm.h"

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define HELPER_STACK (64u << 10)

struct helper_arg {
	int keep_fd;
	pid_t parent;
};

__attribute__((no_sanitize("address", "undefined"))) static long
raw_syscall3(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

__attribute__((no_sanitize("address", "undefined"))) static int
helper_main(void *p)
{
	const struct helper_arg *arg = p;
	int keep = arg->keep_fd;
	/* Killed when the thread that made it (main) ends: then its exit
	 * drops the last references. */
	raw_syscall3(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0);
	/* What ps shows for it. */
	raw_syscall3(SYS_prctl, PR_SET_NAME, (long)"axvcpu-teardown", 0);
	if (raw_syscall3(SYS_getppid, 0, 0, 0) != arg->parent)
		raw_syscall3(SYS_exit, 0, 0, 0);
	/* Nothing but the VM: a pipe held open here would keep the reader
	 * of axvcpu-run's output waiting after it ended. */
	if (keep > 0)
		raw_syscall3(SYS_close_range, 0, (unsigned)keep - 1, 0);
	raw_syscall3(SYS_close_range, (unsigned)keep + 1, ~0u, 0);
	for (;;)
		raw_syscall3(SYS_pause, 0, 0, 0);
	return 0;
}

bool run_teardown_start(int keep_fd)
{
	static struct helper_arg arg;
	arg.keep_fd = keep_fd;
	arg.parent = getpid();
	/* Never unmapped: the helper runs on it until it dies. */
	void *stack = mmap(NULL, HELPER_STACK, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return false;
	/* The signal mask is inherited: SIGINT/SIGTERM blocked (the caller
	 * blocked them for the watcher), so Ctrl-C does not end it early. */
	pid_t pid =
	    clone(helper_main, (char *)stack + HELPER_STACK, CLONE_VM, &arg);
	if (pid < 0) {
		munmap(stack, HELPER_STACK);
		return false;
	}
	return true;
}
