/* SPDX-License-Identifier: Apache-2.0 */
/* The terminal side of the guest console: output to stdout (with --until
 * matching), input from stdin into the UART, Ctrl-A x to quit. */
#include "vm.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

void run_console_out(void *ctx, uint8_t c)
{
	struct run_vm *vm = ctx;
	/* One write per byte: guests print little, and nothing is lost if
	 * the process is killed. */
	ssize_t n;
	if (!vm->out_closed) {
		do
			n = write(STDOUT_FILENO, &c, 1);
		while (n < 0 && errno == EINTR);
		/* Reader gone (SIGPIPE is ignored, see run_vm_run): drop the
		 * output, as a serial line with nobody listening would,
		 * instead of a system call per byte. */
		if (n < 0 && errno == EPIPE)
			vm->out_closed = true;
	}

	if (!vm->until_len)
		return;
	if (vm->until_fill == vm->until_len) {
		memmove(vm->until_win, vm->until_win + 1, vm->until_len - 1);
		vm->until_fill--;
	}
	vm->until_win[vm->until_fill++] = (char)c;
	if (vm->until_fill == vm->until_len &&
	    !memcmp(vm->until_win, vm->args->until, vm->until_len))
		run_vm_stop(vm, VMM_VM_HOST_STOP, RUN_STATUS_OK,
			    "console printed \"%s\"", vm->args->until);
}

static struct termios saved_tio;
static bool tio_saved;

static void console_restore(void)
{
	if (tio_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
}

/* Hand one byte to the guest's console, waiting while its queue is full. */
static void console_feed(struct run_vm *vm, uint8_t c)
{
	while (!vmm_vm_console_input(&vm->vm, &c, 1) && !run_vm_stopping(vm)) {
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
}

/*
 * The input thread is joined at the end of the run (it was detached and
 * blocked in read(): after the run it could still feed the UART and raise
 * its interrupt line on a KVM VM run_vm_destroy() was freeing). It waits
 * in poll() on stdin and on a pipe that run_console_stop_input() writes.
 */
static int wake_fds[2] = { -1, -1 };
static pthread_t input_thread;
static bool input_started;

static void *console_input(void *arg)
{
	struct run_vm *vm = arg;
	bool escape = false;
	uint8_t c;

	while (!run_vm_stopping(vm)) {
		struct pollfd fds[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = wake_fds[0], .events = POLLIN },
		};
		/* Without the pipe (pipe() failed), look at the stop flag
		 * every 100 ms instead. */
		int r = poll(fds, 2, wake_fds[0] >= 0 ? -1 : 100);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || fds[1].revents)
			break;
		if (r == 0)
			continue;
		ssize_t n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* EOF: the guest just gets no more input */
		if (tio_saved && escape) {
			escape = false;
			if (c == 'x' || c == 'X') {
				run_vm_stop(vm, VMM_VM_HOST_STOP, RUN_STATUS_OK,
					    "quit from the terminal");
				break;
			}
			if (c != 0x01)
				console_feed(vm, 0x01);
		} else if (tio_saved && c == 0x01) {
			escape = true;
			continue;
		}
		console_feed(vm, c);
	}
	return NULL;
}

void run_console_start_input(struct run_vm *vm)
{
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
		struct termios raw = saved_tio;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
		raw.c_iflag &= ~(tcflag_t)(ICRNL | IXON);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
			tio_saved = true;
			atexit(console_restore);
			fprintf(stderr, "axvcpu-run: Ctrl-A x quits\r\n");
		}
	}
	if (pipe(wake_fds) != 0)
		wake_fds[0] = wake_fds[1] = -1;
	input_started =
	    pthread_create(&input_thread, NULL, console_input, vm) == 0;
}

void run_console_stop_input(struct run_vm *vm)
{
	(void)vm;
	if (input_started) {
		if (wake_fds[1] >= 0) {
			ssize_t n;
			do
				n = write(wake_fds[1], "x", 1);
			while (n < 0 && errno == EINTR);
		}
		pthread_join(input_thread, NULL);
		input_started = false;
	}
	for (int i = 0; i < 2; i++)
		if (wake_fds[i] >= 0) {
			close(wake_fds[i]);
			wake_fds[i] = -1;
		}
	/* Now, not only at exit: the end-of-run lines and --stats are
	 * printed on a terminal in its normal state. */
	console_restore();
}
