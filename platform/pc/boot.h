/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the boot loader handed over (multiboot v1: command line, modules,
 * memory) and the memory plan made from it. The boot path is separable:
 * a loader other than multiboot (a disk image under bochs for VMX) only
 * has to fill struct hv_boot.
 */
#ifndef HV_PC_BOOT_H
#define HV_PC_BOOT_H

#include <stdbool.h>
#include <stdint.h>

#define HV_BOOT_MAX_MODULES 8u

/* A module: an image the loader put in memory, and its name. */
struct hv_module {
	uint64_t start, end; /* physical [start, end) */
	const char *name;    /* the module's command line */
};

struct hv_boot {
	const char *cmdline;
	struct hv_module mods[HV_BOOT_MAX_MODULES];
	unsigned nmods;
	uint64_t mem_top; /* end of the RAM above 1 MiB */
	/* The plan: HAL frames, then guest memory, above everything else. */
	uint64_t pool_start, pool_end;
	uint64_t guest_start, guest_end;
};

extern struct hv_boot hv_boot;

/* Read the multiboot information at physical `mbi`; false if unusable. */
bool hv_boot_multiboot(uint32_t magic, uint64_t mbi);

/* Place the frame pool (`pool` bytes) and guest memory above the image
 * and the modules. */
void hv_boot_plan(uint64_t pool, uint64_t guest);

/* The module whose name is `name` (first word of its command line). */
const struct hv_module *hv_boot_module(const char *name);

/* The value of `key=` in the command line, copied into buf; NULL if the
 * key is absent. */
const char *hv_boot_arg(const char *key, char *buf, unsigned size);

#endif /* HV_PC_BOOT_H */
