/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cold start of a whole VMM process: `axvcpu-run --bios ROM` on a ROM
 * whose first instruction ends the run, next to the same ROM under
 * `qemu-system-x86_64 -accel kvm`, in the same run, interleaved. Each
 * figure is fork to exit as the caller (a shell) sees it, median of RUNS,
 * with the process's CPU time. axvcpu-run leaves the kernel's VM teardown
 * to a helper process that outlives it; this program is a child subreaper,
 * so it also reaps that helper and reports when the last of it was done.
 * Runs are spaced by 100 ms so that one run's teardown does not slow the
 * next.
 *
 * usage: coldstart RUNS AXVCPU_RUN ROM [QEMU]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS_MAX 200

struct sample {
	double wall_ms; /* fork to the VMM's exit */
	double cpu_ms;  /* its user + system time */
	double done_ms; /* fork to the exit of every process it left */
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

/* Run argv with every standard stream on /dev/null; false on failure or an
 * exit status other than `want`. */
static bool run_once(char **argv, int want, struct sample *s)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid)
		return false;
	s->wall_ms = now_ms() - t0;
	s->cpu_ms = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
	/* Whatever it left behind is ours now (subreaper): wait for it. */
	while (wait(NULL) > 0 || errno == EINTR)
		;
	s->done_ms = now_ms() - t0;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != want) {
		fprintf(stderr, "coldstart: %s: status %d, want %d\n", argv[0],
			WIFEXITED(st) ? WEXITSTATUS(st) : -1, want);
		return false;
	}
	return true;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct summary {
	double wall, cpu, done, min;
};

static struct summary summarize(const struct sample *s, int n)
{
	double w[RUNS_MAX], c[RUNS_MAX], d[RUNS_MAX];
	struct summary r = { .min = 1e9 };
	for (int i = 0; i < n; i++) {
		w[i] = s[i].wall_ms;
		c[i] = s[i].cpu_ms;
		d[i] = s[i].done_ms;
		if (w[i] < r.min)
			r.min = w[i];
	}
	r.wall = median(w, n);
	r.cpu = median(c, n);
	r.done = median(d, n);
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr,
			"usage: coldstart RUNS AXVCPU_RUN ROM [QEMU]\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1 || runs > RUNS_MAX)
		runs = 20;
	const char *qemu = argc > 4 ? argv[4] : "qemu-system-x86_64";
	char *run_argv[] = { argv[2], "--bios", argv[3], NULL };
	char *qemu_argv[] = {
		(char *)qemu, "-accel",
		"kvm",        "-bios",
		argv[3],      "-display",
		"none",       "-nodefaults",
		"-device",    "isa-debug-exit,iobase=0xf4,iosize=1",
		NULL
	};
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	static struct sample a[RUNS_MAX], q[RUNS_MAX];
	struct timespec gap = { 0, 100 * 1000 * 1000 };
	bool have_qemu = true;
	for (int i = 0; i < runs; i++) {
		nanosleep(&gap, NULL);
		if (!run_once(run_argv, 0, &a[i]))
			return 1;
		nanosleep(&gap, NULL);
		/* isa-debug-exit: status (0 << 1) | 1. */
		if (have_qemu && !run_once(qemu_argv, 1, &q[i]))
			have_qemu = false;
	}
	struct summary sa = summarize(a, runs);
	printf("bench-coldstart: axvcpu-run --bios (64 KiB ROM, ends at its "
	       "first instruction): %.2f ms wall (min %.2f), %.2f ms CPU; "
	       "kernel teardown done in the background by %.1f ms "
	       "(median of %d)\n",
	       sa.wall, sa.min, sa.cpu, sa.done, runs);
	if (!have_qemu) {
		printf("bench-coldstart: %s -accel kvm did not run: no "
		       "comparison\n",
		       qemu);
		return 0;
	}
	struct summary sq = summarize(q, runs);
	printf("bench-coldstart: %s -accel kvm, same ROM: %.2f ms wall (min "
	       "%.2f), %.2f ms CPU (median of %d)\n",
	       qemu, sq.wall, sq.min, sq.cpu, runs);
	printf("bench-coldstart: ratio axvcpu-run / qemu: wall %.3f, CPU "
	       "%.3f, including the background teardown %.3f\n",
	       sa.wall / sq.wall, sa.cpu / sq.cpu, sa.done / sq.done);
	return 0;
}
