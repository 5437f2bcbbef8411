/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every stage-2 table format in the tree, each as a backend's stage-2 ops
 * without a TLB hook, for the host tests and fuzzers (and the aarch64,
 * VMX and SVM formats until their backends exist). Not in the library.
 */
#ifndef AXVCPU_ARCH_STAGE2_FORMATS_H
#define AXVCPU_ARCH_STAGE2_FORMATS_H

#include <axvcpu/backend.h>

struct stage2_format_entry {
	const char *name; /* "sv39x4", "armv8-ipa40", ... */
	/* A backend with just this stage 2 (name, stage2). */
	const struct axvcpu_backend *backend;
};

extern const struct stage2_format_entry stage2_formats[];
extern const unsigned stage2_format_count;

#endif /* AXVCPU_ARCH_STAGE2_FORMATS_H */
