/* SPDX-License-Identifier: Apache-2.0 */
/* axvcpu-run's command line. */
#ifndef AXVCPU_RUN_ARGS_H
#define AXVCPU_RUN_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Guest CPU mode choice; AUTO picks from the image. */
enum run_mode {
	RUN_MODE_AUTO = -1,
	RUN_MODE_REAL16 = 0,
	RUN_MODE_PROT32 = 1,
	RUN_MODE_LONG64 = 2
};

/** Largest guest RAM axvcpu-run sets up (below the 32-bit PCI/ROM hole). */
#define RUN_MEM_MAX (3ull << 30)
#define RUN_CPUS_MAX 16u

/** Parsed options. */
struct run_args {
	uint64_t mem; /**< bytes of guest RAM */
	unsigned cpus;
	bool trace;
	bool stats;
	const char *bios;  /**< firmware image (SeaBIOS), or NULL */
	const char *image; /**< guest image, or NULL with --bios */
	const char *initrd;
	const char *cmdline; /**< kernel command line, or NULL */
	int mode;            /**< enum run_mode */
	uint64_t load_addr;  /**< raw images: where to load */
	bool load_set;       /**< --load given (0 is a valid address) */
	double timeout;      /**< seconds, 0 = none */
	const char *until;   /**< stop once the console printed this */
	bool irqchip;        /**< in-kernel PIC/IOAPIC/LAPIC + PIT */
	bool irqchip_set;    /**< given on the command line */
	bool no_reboot;      /**< a guest reset ends the run (status 4) */
};

/**
 * Parse argv. On error writes a one-line message (without the program
 * name) to `err` and returns -1; returns 1 for --help (the caller prints
 * run_usage), 0 otherwise.
 */
int run_args_parse(int argc, char **argv, struct run_args *a, char *err,
		   size_t err_size);

/** Parse a size like 64M, 1G, 512K or 1048576. false if malformed. */
bool run_parse_size(const char *s, uint64_t *out);

/** The usage text. */
extern const char run_usage[];

#endif /* AXVCPU_RUN_ARGS_H */
