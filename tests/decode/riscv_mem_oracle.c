/* SPDX-License-Identifier: Apache-2.0 */
/*
 * llvm-mc as an independent oracle for riscv_decode_mem(); see
 * riscv_mem_oracle.h.
 */
#define _GNU_SOURCE
#include "riscv_mem_oracle.h"
#include "llvm_mc.h"
#include "riscv_mem_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Extensions the decoder has opinions about; V is left out on purpose so
 * that vector loads/stores are invalid to LLVM and undecoded to us. */
#define LLVM_MC_ARGS                                                           \
	"--disassemble -triple=riscv64 -mattr=+c,+a,+f,+d,+zfh "               \
	"-M no-aliases -M numeric --show-encoding"

/* Compressed words are fed as their low 2 bytes, the others as 4. */
static unsigned fed_len(uint32_t w)
{
	return (w & 3u) != 3u ? 2 : 4;
}

/* Is `enc`/`enc_len` (as echoed by llvm-mc) what we fed for `w`? */
static bool enc_matches(uint32_t w, uint32_t enc, uint8_t enc_len)
{
	if (fed_len(w) != enc_len)
		return false;
	return enc_len == 2 ? (w & 0xffffu) == enc : w == enc;
}

/*
 * Parse one instruction line "\t<mnemonic>\t<operands>  # encoding: [..]".
 * Returns 1 with the fields filled, 0 for a line that is not an
 * instruction, -1 for a line that looks like one but cannot be parsed.
 */
static int parse_insn_line(char *line, struct oracle_verdict *v, uint32_t *enc,
			   uint8_t *enc_len)
{
	char *hash = strstr(line, "# encoding: [");
	char *p = line, *q;
	size_t len;

	if (!hash)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	len = strcspn(p, " \t");
	if (len == 0 || len >= sizeof(v->mnemonic))
		return -1;
	memcpy(v->mnemonic, p, len);
	v->mnemonic[len] = '\0';
	p += len;
	while (*p == ' ' || *p == '\t')
		p++;
	v->first_xreg = -1;
	if (p < hash && p[0] == 'x' && p[1] >= '0' && p[1] <= '9') {
		long r = strtol(p + 1, &q, 10);
		if ((*q == ',' || *q == ' ' || *q == '\t') && r >= 0 && r < 32)
			v->first_xreg = (int)r;
	}
	*enc = 0;
	*enc_len = 0;
	p = hash + strlen("# encoding: [");
	while (*p != ']') {
		unsigned long b = strtoul(p, &q, 16);
		if (q == p || b > 0xff || *enc_len >= 4)
			return -1;
		*enc |= (uint32_t)b << (8 * *enc_len);
		(*enc_len)++;
		p = q;
		if (*p == ',')
			p++;
		else if (*p != ']')
			return -1;
	}
	v->valid = true;
	return 1;
}

static int parse_stdout(const char *path, const uint32_t *words, size_t n,
			struct oracle_verdict *out, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t i = 0;
	int rc = 0;

	if (!f) {
		llvm_mc_err(err, errsize, "cannot read %s", path);
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		out[k] =
		    (struct oracle_verdict){ .valid = false, .first_xreg = -1 };
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		struct oracle_verdict v;
		uint32_t enc;
		uint8_t enc_len;
		int got = parse_insn_line(line, &v, &enc, &enc_len);

		if (got == 0)
			continue;
		if (got < 0) {
			llvm_mc_err(err, errsize, "unparsable llvm-mc line: %s",
				    line);
			rc = -1;
			break;
		}
		/* Words llvm-mc skipped since the last match were invalid. */
		while (i < n && !enc_matches(words[i], enc, enc_len))
			i++;
		if (i == n) {
			llvm_mc_err(err, errsize,
				    "llvm-mc output out of step: encoding 0x%x "
				    "not in input",
				    (unsigned)enc);
			rc = -1;
			break;
		}
		out[i++] = v;
	}
	fclose(f);
	return rc;
}

/*
 * Every word marked invalid must have its warning at its input line, and
 * there must be no other diagnostic: this proves the stdout matching did
 * not drift.
 */
static int check_stderr(const char *path, size_t n,
			const struct oracle_verdict *out, char *err,
			size_t errsize)
{
	static const char tag[] = "<stdin>:";
	static const char warn[] = ": warning: invalid instruction encoding";
	FILE *f = fopen(path, "r");
	char line[512];
	size_t expect = 0, seen = 0;
	int rc = 0;

	if (!f) {
		llvm_mc_err(err, errsize, "cannot read %s", path);
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		expect += !out[k].valid;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		unsigned long lineno;
		char *q;

		if (strncmp(line, tag, sizeof(tag) - 1) != 0)
			continue; /* the echoed source line and caret */
		lineno = strtoul(line + sizeof(tag) - 1, &q, 10);
		if (*q != ':' || !strstr(q, warn) || lineno == 0 ||
		    lineno > n || out[lineno - 1].valid) {
			llvm_mc_err(err, errsize,
				    "unexpected llvm-mc message: %s", line);
			rc = -1;
		}
		seen++;
	}
	fclose(f);
	if (rc == 0 && seen != expect) {
		llvm_mc_err(
		    err, errsize,
		    "llvm-mc rejected %zu words but %zu were missing from "
		    "its output",
		    seen, expect);
		rc = -1;
	}
	return rc;
}

struct batch {
	const uint32_t *words;
	size_t n;
	struct oracle_verdict *out;
};

static int parse_output(const char *so, const char *se, void *ctx, char *err,
			size_t errsize)
{
	struct batch *b = ctx;

	if (parse_stdout(so, b->words, b->n, b->out, err, errsize) != 0)
		return -1;
	return check_stderr(se, b->n, b->out, err, errsize);
}

int oracle_llvm_disasm(const uint32_t *words, size_t n,
		       struct oracle_verdict *out, char *err, size_t errsize)
{
	struct batch b = { words, n, out };

	return llvm_mc_run(LLVM_MC_ARGS, words, n, fed_len, parse_output, &b,
			   err, errsize);
}

/* ---- the expectation table, from the ISA manual ------------------------ */

struct mnemonic_access {
	const char *mnemonic;
	enum riscv_mem_kind kind;
	uint8_t width;
	bool sign_ext;
	uint32_t flags;
};

#define RD AXVCPU_ACCESS_READ
#define WR AXVCPU_ACCESS_WRITE
#define FP AXVCPU_ACCESS_FP

static const struct mnemonic_access plain[] = {
	{ "lb", RISCV_MEM_LOAD, 1, true, RD },
	{ "lh", RISCV_MEM_LOAD, 2, true, RD },
	{ "lw", RISCV_MEM_LOAD, 4, true, RD },
	{ "ld", RISCV_MEM_LOAD, 8, false, RD },
	{ "lbu", RISCV_MEM_LOAD, 1, false, RD },
	{ "lhu", RISCV_MEM_LOAD, 2, false, RD },
	{ "lwu", RISCV_MEM_LOAD, 4, false, RD },
	{ "c.lw", RISCV_MEM_LOAD, 4, true, RD },
	{ "c.ld", RISCV_MEM_LOAD, 8, false, RD },
	{ "c.lwsp", RISCV_MEM_LOAD, 4, true, RD },
	{ "c.ldsp", RISCV_MEM_LOAD, 8, false, RD },
	{ "sb", RISCV_MEM_STORE, 1, false, WR },
	{ "sh", RISCV_MEM_STORE, 2, false, WR },
	{ "sw", RISCV_MEM_STORE, 4, false, WR },
	{ "sd", RISCV_MEM_STORE, 8, false, WR },
	{ "c.sw", RISCV_MEM_STORE, 4, false, WR },
	{ "c.sd", RISCV_MEM_STORE, 8, false, WR },
	{ "c.swsp", RISCV_MEM_STORE, 4, false, WR },
	{ "c.sdsp", RISCV_MEM_STORE, 8, false, WR },
	{ "flh", RISCV_MEM_OTHER, 2, false, FP | RD },
	{ "flw", RISCV_MEM_OTHER, 4, false, FP | RD },
	{ "fld", RISCV_MEM_OTHER, 8, false, FP | RD },
	{ "flq", RISCV_MEM_OTHER, 16, false, FP | RD },
	{ "c.fld", RISCV_MEM_OTHER, 8, false, FP | RD },
	{ "c.fldsp", RISCV_MEM_OTHER, 8, false, FP | RD },
	{ "fsh", RISCV_MEM_OTHER, 2, false, FP | WR },
	{ "fsw", RISCV_MEM_OTHER, 4, false, FP | WR },
	{ "fsd", RISCV_MEM_OTHER, 8, false, FP | WR },
	{ "fsq", RISCV_MEM_OTHER, 16, false, FP | WR },
	{ "c.fsd", RISCV_MEM_OTHER, 8, false, FP | WR },
	{ "c.fsdsp", RISCV_MEM_OTHER, 8, false, FP | WR },
};

/* RV64A: <op>.<w|d>[.aq|.rl|.aqrl] */
static const char *const amo_ops[] = { "amoswap", "amoadd",  "amoxor",
				       "amoand",  "amoor",   "amomin",
				       "amomax",  "amominu", "amomaxu" };

static bool match_atomic(const char *m, struct riscv_mem_access *exp)
{
	size_t op_len = strcspn(m, ".");
	const char *sfx = m + op_len;
	uint32_t flags = 0;

	if (op_len == 2 && strncmp(m, "lr", 2) == 0)
		flags = AXVCPU_ACCESS_ATOMIC | RD;
	else if (op_len == 2 && strncmp(m, "sc", 2) == 0)
		flags = AXVCPU_ACCESS_ATOMIC | WR;
	for (size_t i = 0; !flags && i < sizeof(amo_ops) / sizeof(*amo_ops);
	     i++)
		if (strlen(amo_ops[i]) == op_len &&
		    strncmp(m, amo_ops[i], op_len) == 0)
			flags = AXVCPU_ACCESS_ATOMIC | RD | WR;
	if (!flags)
		return false;
	if (strncmp(sfx, ".w", 2) == 0)
		exp->width = 4;
	else if (strncmp(sfx, ".d", 2) == 0)
		exp->width = 8;
	else
		return false;
	sfx += 2;
	if (*sfx && strcmp(sfx, ".aq") && strcmp(sfx, ".rl") &&
	    strcmp(sfx, ".aqrl"))
		return false;
	exp->access_flags = flags;
	return true;
}

void oracle_expect(uint32_t word, const struct oracle_verdict *v,
		   struct riscv_mem_access *exp)
{
	*exp = (struct riscv_mem_access){
		.kind = RISCV_MEM_OTHER,
		.width = 0,
		.reg = 0,
		.sign_ext = false,
		.len = riscv_mem_insn_len(word),
		.access_flags = AXVCPU_ACCESS_UNDECODED,
	};
	if (!v->valid) {
		/*
		 * LLVM 14 has no Q extension: FLQ/FSQ (LOAD-FP/STORE-FP with
		 * funct3 100) are the one case we expect from the manual's
		 * encoding table instead of from LLVM.
		 */
		uint32_t opcode = word & 0x7fu, funct3 = (word >> 12) & 7u;
		if ((opcode == 0x07 || opcode == 0x27) && funct3 == 4) {
			exp->width = 16;
			exp->access_flags = FP | (opcode == 0x07 ? RD : WR);
		}
		return;
	}
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		if (strcmp(v->mnemonic, plain[i].mnemonic) != 0)
			continue;
		exp->kind = plain[i].kind;
		exp->width = plain[i].width;
		exp->sign_ext = plain[i].sign_ext;
		exp->access_flags = plain[i].flags;
		/* The first operand is rd for loads, rs2 for stores. */
		if (exp->kind != RISCV_MEM_OTHER)
			exp->reg = (uint8_t)(v->first_xreg < 0
						 ? 0xff /* never matches */
						 : v->first_xreg);
		return;
	}
	if (match_atomic(v->mnemonic, exp))
		return;
	exp->width = 0;
	exp->access_flags = AXVCPU_ACCESS_UNDECODED;
}

bool oracle_check(uint32_t word, const struct oracle_verdict *v, char *why,
		  size_t whysize)
{
	struct riscv_mem_access got, exp;
	int rc, exp_rc;
	char g[128], e[128], llvm[64];
	bool written = riscv_mem_decode_poisoned(word, &got, &rc);

	oracle_expect(word, v, &exp);
	exp_rc = exp.kind == RISCV_MEM_OTHER ? AXVCPU_EINVAL : 0;
	if (written && rc == exp_rc && riscv_mem_access_equal(&got, &exp))
		return true;
	riscv_mem_access_format(g, sizeof(g), rc, &got);
	riscv_mem_access_format(e, sizeof(e), exp_rc, &exp);
	if (v->valid)
		snprintf(llvm, sizeof(llvm), "%s, first x-reg %d", v->mnemonic,
			 v->first_xreg);
	else
		snprintf(llvm, sizeof(llvm), "invalid encoding");
	snprintf(why, whysize, "0x%08x (llvm-mc: %s): decoder %s%s; oracle %s",
		 (unsigned)word, llvm, g,
		 written ? "" : " (out not fully written)", e);
	return false;
}
