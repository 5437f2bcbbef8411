/* SPDX-License-Identifier: Apache-2.0 */
/* Command-line parsing for axvcpu-run: strict, with one clear message per
 * mistake. */
#include "args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char run_usage[] =
    "usage: axvcpu-run [options] IMAGE [--cmdline ARGS...]\n"
    "       axvcpu-run [options] --bios FIRMWARE\n"
    "Runs a guest on the axvcpu KVM backend; its 16550 UART (port 0x3f8)\n"
    "and debug port (0x402, 0xe9) print on this terminal.\n"
    "IMAGE is an ELF, a Linux bzImage or a raw binary: a regular file no\n"
    "larger than --mem, checked before the guest starts, read straight\n"
    "into guest memory.\n"
    "  --mem SIZE        guest RAM, e.g. 64M, 1G (default 64M, max 3G)\n"
    "  --cpus N          vCPUs, each in its own thread (default 1, max 16)\n"
    "  --trace           print every exit, decoded, on stderr\n"
    "  --stats           print exit counts and times at the end\n"
    "  --bios PATH       firmware (4 KiB multiple, max 1 MiB) mapped\n"
    "                    below 4 GiB, its last 128 KiB also below 1 MiB,\n"
    "                    started at the reset vector (SeaBIOS, U-Boot)\n"
    "  --mode M          real16, prot32 or long64 (default: from IMAGE;\n"
    "                    real16 for a raw binary)\n"
    "  --load ADDR       load address of a raw IMAGE (default 0x7c00 in\n"
    "                    real16, 0x100000 otherwise)\n"
    "  --initrd PATH     initial ramdisk for a bzImage\n"
    "  --cmdline ARGS... kernel command line: all the remaining arguments,\n"
    "                    so it comes last\n"
    "  --irqchip / --no-irqchip  in-kernel PIC, IOAPIC, LAPIC and PIT\n"
    "                    (default: on with --bios, off otherwise)\n"
    "  --no-reboot       a reset by the guest ends the run (status 4)\n"
    "                    instead of restarting it\n"
    "  --timeout SEC     stop after SEC seconds from the start, loading\n"
    "                    included (status 124)\n"
    "  --until TEXT      stop with status 0 once the console printed TEXT\n"
    "  --help            this text\n"
    "Guest exit: hypercall 0 (`out` to port 0xec with eax=0, ebx/rdi=code)\n"
    "or a shutdown ends the run; a reset (port 0xcf9, the keyboard\n"
    "controller's 0xfe) restarts the guest. On a terminal, Ctrl-A x quits\n"
    "(Ctrl-C goes to the guest, as on a serial line).\n"
    "Exit status: the guest's code (hypercall 0, low 8 bits); 0 when it\n"
    "powers off, halts, prints --until TEXT or Ctrl-A x is typed; 1 setup\n"
    "error (bad image, missing file, KVM failure); 2 bad command line;\n"
    "3 guest crash (triple fault, unhandled exit, KVM internal error);\n"
    "4 the guest reset the machine and --no-reboot was given;\n"
    "124 --timeout; 130 SIGINT or SIGTERM (also while loading).\n"
    "The last line on stderr says which.\n";

static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * An unsigned number as strtoull reads it, but starting with a digit:
 * strtoull itself skips blanks and accepts a sign, so " -18446744073709551615"
 * passed a leading-'-' check and became 1 (--cpus took it).
 */
static bool parse_digits(const char *s, unsigned long long *v, char **end)
{
	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, end, 0);
	return errno == 0 && *end != s;
}

bool run_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	if (!parse_digits(s, &v, &end))
		return false;
	unsigned shift = 0;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default:
		break;
	}
	/* Accept 64M, 64MB, 64MiB and 1048576B; an "i" needs a unit before
	 * it and a B after it ("1048576i" and "64Mi" used to pass). */
	if (shift && end[0] == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end || (shift && v > (~0ull >> shift)))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;
	if (!parse_digits(s, &v, &end) || *end || v > max)
		return false;
	*out = v;
	return true;
}

/* The value of an option that takes one, or NULL (message set). */
static const char *opt_value(int argc, char **argv, int *i, char *err, size_t n)
{
	if (*i + 1 >= argc) {
		fail(err, n, "option %s needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

/* Join argv[from..argc) with spaces into one static command line. */
static const char *join_cmdline(int argc, char **argv, int from)
{
	static char buf[4096];
	size_t len = 0;
	buf[0] = 0;
	for (int i = from; i < argc; i++) {
		size_t l = strlen(argv[i]);
		if (len + l + 2 > sizeof(buf))
			return NULL;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, argv[i], l + 1);
		len += l;
	}
	return buf;
}

int run_args_parse(int argc, char **argv, struct run_args *a, char *err,
		   size_t n)
{
	memset(a, 0, sizeof(*a));
	a->mem = 64ull << 20;
	a->cpus = 1;
	a->mode = RUN_MODE_AUTO;
	err[0] = 0;

	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v;
		uint64_t u;
		if (!strcmp(o, "--help") || !strcmp(o, "-h")) {
			return 1;
		} else if (!strcmp(o, "--trace")) {
			a->trace = true;
		} else if (!strcmp(o, "--stats")) {
			a->stats = true;
		} else if (!strcmp(o, "--no-reboot")) {
			a->no_reboot = true;
		} else if (!strcmp(o, "--irqchip") ||
			   !strcmp(o, "--no-irqchip")) {
			a->irqchip = o[2] == 'i';
			a->irqchip_set = true;
		} else if (!strcmp(o, "--mem")) {
			if (!(v = opt_value(argc, argv, &i, err, n)))
				return -1;
			if (!run_parse_size(v, &a->mem))
				return fail(err, n, "--mem: bad size '%s'", v);
			if (a->mem < (1ull << 20) || a->mem > RUN_MEM_MAX)
				return fail(err, n,
					    "--mem: %s is out of range "
					    "(1M..3G)",
					    v);
			if (a->mem & 0xfff)
				return fail(err, n,
					    "--mem: %s is not a multiple of "
					    "4K",
					    v);
		} else if (!strcmp(o, "--cpus")) {
			if (!(v = opt_value(argc, argv, &i, err, n)))
				return -1;
			if (!parse_uint(v, RUN_CPUS_MAX, &u) || u == 0)
				return fail(err, n,
					    "--cpus: '%s' is not a number "
					    "from 1 to %u",
					    v, RUN_CPUS_MAX);
			a->cpus = (unsigned)u;
		} else if (!strcmp(o, "--bios")) {
			if (!(a->bios = opt_value(argc, argv, &i, err, n)))
				return -1;
		} else if (!strcmp(o, "--initrd")) {
			if (!(a->initrd = opt_value(argc, argv, &i, err, n)))
				return -1;
		} else if (!strcmp(o, "--until")) {
			if (!(a->until = opt_value(argc, argv, &i, err, n)))
				return -1;
			if (!*a->until)
				return fail(err, n, "--until: empty text");
		} else if (!strcmp(o, "--mode")) {
			if (!(v = opt_value(argc, argv, &i, err, n)))
				return -1;
			if (!strcmp(v, "real16"))
				a->mode = RUN_MODE_REAL16;
			else if (!strcmp(v, "prot32"))
				a->mode = RUN_MODE_PROT32;
			else if (!strcmp(v, "long64"))
				a->mode = RUN_MODE_LONG64;
			else
				return fail(err, n,
					    "--mode: '%s' is not real16, "
					    "prot32 or long64",
					    v);
		} else if (!strcmp(o, "--load")) {
			if (!(v = opt_value(argc, argv, &i, err, n)))
				return -1;
			if (!parse_uint(v, RUN_MEM_MAX - 1, &a->load_addr))
				return fail(err, n, "--load: bad address '%s'",
					    v);
			/* A flag, not load_addr != 0: "--load 0" used to
			 * load at the default address instead. */
			a->load_set = true;
		} else if (!strcmp(o, "--timeout")) {
			if (!(v = opt_value(argc, argv, &i, err, n)))
				return -1;
			char *end;
			errno = 0;
			a->timeout = strtod(v, &end);
			if (errno || *end || end == v || !(a->timeout > 0) ||
			    a->timeout > 1e6)
				return fail(err, n,
					    "--timeout: bad number of "
					    "seconds '%s'",
					    v);
		} else if (!strcmp(o, "--cmdline")) {
			a->cmdline = join_cmdline(argc, argv, i + 1);
			if (!a->cmdline)
				return fail(err, n, "--cmdline: too long");
			break;
		} else if (o[0] == '-' && o[1]) {
			/* "--mem=64M": say how it is written here. */
			const char *eq = strchr(o, '=');
			if (eq && o[1] == '-')
				return fail(err, n,
					    "unknown option '%s': write "
					    "'%.*s %s'",
					    o, (int)(eq - o), o, eq + 1);
			return fail(err, n, "unknown option '%s'", o);
		} else if (a->image) {
			return fail(err, n,
				    "more than one image ('%s' and '%s')",
				    a->image, o);
		} else {
			a->image = o;
		}
	}
	if (!a->image && !a->bios)
		return fail(err, n, "no IMAGE or --bios given");
	if (a->image && a->bios)
		return fail(err, n, "give either IMAGE or --bios, not both");
	if (a->bios && a->mode != RUN_MODE_AUTO && a->mode != RUN_MODE_REAL16)
		return fail(err, n, "--bios starts in real16 mode only");
	if (a->load_set && a->bios)
		return fail(err, n, "--load needs a raw IMAGE");
	if ((a->initrd || a->cmdline) && a->bios)
		return fail(err, n, "--initrd/--cmdline need a kernel IMAGE");
	if (!a->irqchip_set)
		a->irqchip = a->bios != NULL;
	return 0;
}
