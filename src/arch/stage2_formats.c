/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table of stage2_formats.h: one entry per format and root shape
 * worth testing (the x4 roots of RISC-V; Armv8 with a partial root, one
 * whole table, and 2 and 8 concatenated ones; EPT; NPT). A config's
 * levels and addr_bits, when given, override the entry's.
 */
#include "stage2_formats.h"
#include "src/arch/aarch64/a64_stage2.h"
#include "src/arch/riscv64/rv_stage2.h"
#include "src/arch/x86_64/x86_stage2.h"

static unsigned pick(unsigned given, unsigned fallback)
{
	return given ? given : fallback;
}

static int fmt_sv39x4(const struct axvcpu_stage2_config *cfg,
		      struct axvcpu_stage2_format *out)
{
	struct axvcpu_stage2_config c = *cfg;
	c.levels = pick(c.levels, 3);
	return rv_stage2_format_fill(&c, 3, out);
}

static int fmt_sv48x4(const struct axvcpu_stage2_config *cfg,
		      struct axvcpu_stage2_format *out)
{
	return rv_stage2_format_fill(cfg, 4, out);
}

#define A64_FORMAT(fn, ipa)                                                    \
	static int fn(const struct axvcpu_stage2_config *cfg,                  \
		      struct axvcpu_stage2_format *out)                        \
	{                                                                      \
		return a64_stage2_format_fill(pick(cfg->addr_bits, ipa),       \
					      cfg->levels, 48, out);           \
	}
A64_FORMAT(fmt_a64_ipa33, 33) /* 2 levels, 8 root tables */
A64_FORMAT(fmt_a64_ipa36, 36) /* 3 levels, a 64-entry root */
A64_FORMAT(fmt_a64_ipa40, 40) /* 3 levels, 2 root tables */
A64_FORMAT(fmt_a64_ipa48, 48) /* 4 levels, one root table */

static int fmt_ept(const struct axvcpu_stage2_config *cfg,
		   struct axvcpu_stage2_format *out)
{
	return x86_ept_format_fill(cfg->levels, cfg->addr_bits, out);
}

static int fmt_npt(const struct axvcpu_stage2_config *cfg,
		   struct axvcpu_stage2_format *out)
{
	return x86_npt_format_fill(cfg->levels, cfg->addr_bits, out);
}

#define FORMAT_ENTRY(label, fn)                                                \
	{                                                                      \
		label, &(const struct axvcpu_backend)                          \
		{                                                              \
			.name = label,                                         \
			.stage2 =                                              \
			    &(const struct axvcpu_stage2_ops){ .format = fn }, \
		}                                                              \
	}

const struct stage2_format_entry stage2_formats[] = {
	FORMAT_ENTRY("sv39x4", fmt_sv39x4),
	FORMAT_ENTRY("sv48x4", fmt_sv48x4),
	FORMAT_ENTRY("armv8-ipa33", fmt_a64_ipa33),
	FORMAT_ENTRY("armv8-ipa36", fmt_a64_ipa36),
	FORMAT_ENTRY("armv8-ipa40", fmt_a64_ipa40),
	FORMAT_ENTRY("armv8-ipa48", fmt_a64_ipa48),
	FORMAT_ENTRY("ept4", fmt_ept),
	FORMAT_ENTRY("npt4", fmt_npt),
};

const unsigned stage2_format_count =
    sizeof(stage2_formats) / sizeof(stage2_formats[0]);
