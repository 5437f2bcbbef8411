/* SPDX-License-Identifier: Apache-2.0 */
/*
 * llvm-mc as an independent oracle for arm64_decode_mem(); see
 * arm64_mem_oracle.h.
 */
#define _GNU_SOURCE
#include "arm64_mem_oracle.h"
#include "arm64_mem_check.h"
#include "llvm_mc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every extension with loads or stores that LLVM 14 knows and the decoder
 * has an opinion about. SVE and SME are left out: their loads and stores
 * live outside the load/store encoding space.
 */
#define LLVM_MC_ARGS                                                           \
	"--disassemble -triple=aarch64 "                                       \
	"-mattr=+v8.5a,+neon,+fp-armv8,+lse,+lor,+rcpc,+rcpc-immo,+mte,"       \
	"+ls64,+mops,+pauth --show-encoding"

/*
 * Parse "\t<mnemonic>\t<operands>   // encoding: [0x..,0x..,0x..,0x..]".
 * Returns 1 with the fields filled, 0 for a line that is not an
 * instruction, -1 for one that looks like one but cannot be parsed.
 */
static int parse_insn_line(const char *line, struct a64_verdict *v,
			   uint32_t *enc)
{
	const char *hash = strstr(line, "// encoding: [");
	const char *p = line, *end;
	char *q;
	size_t len;
	int nbytes = 0;

	if (!hash)
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	len = strcspn(p, " \t");
	if (len == 0 || len >= sizeof(v->mnemonic) || p + len > hash)
		return -1;
	memcpy(v->mnemonic, p, len);
	v->mnemonic[len] = '\0';
	p += len;
	while (*p == ' ' || *p == '\t')
		p++;
	end = hash;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if ((size_t)(end - p) >= sizeof(v->operands))
		return -1;
	memcpy(v->operands, p, (size_t)(end - p));
	v->operands[end - p] = '\0';

	*enc = 0;
	p = hash + strlen("// encoding: [");
	while (*p != ']') {
		unsigned long b = strtoul(p, &q, 16);
		if (q == p || b > 0xff || nbytes >= 4)
			return -1;
		*enc |= (uint32_t)b << (8 * nbytes++);
		p = q;
		if (*p == ',')
			p++;
		else if (*p != ']')
			return -1;
	}
	if (nbytes != 4)
		return -1;
	v->valid = true;
	return 1;
}

/*
 * Read the diagnostics first: each names its input line, and is either
 * "invalid instruction encoding" (the word is missing from stdout) or
 * "potentially undefined instruction encoding" (present, soft-failed).
 * Anything else, or a line named twice, is an error.
 */
static int parse_stderr(const char *path, size_t n, struct a64_verdict *out,
			char *err, size_t errsize)
{
	static const char tag[] = "<stdin>:";
	static const char inval[] = ": warning: invalid instruction encoding";
	static const char soft[] =
	    ": warning: potentially undefined instruction encoding";
	FILE *f = fopen(path, "r");
	char line[512];
	int rc = 0;

	if (!f) {
		llvm_mc_err(err, errsize, "cannot read %s", path);
		return -1;
	}
	/* valid until said otherwise; `softfail` marks a line seen */
	for (size_t k = 0; k < n; k++)
		out[k] = (struct a64_verdict){ .valid = true };
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		unsigned long lineno;
		char *q;

		if (strncmp(line, tag, sizeof(tag) - 1) != 0)
			continue; /* the echoed source line and caret */
		lineno = strtoul(line + sizeof(tag) - 1, &q, 10);
		if (*q != ':' || lineno == 0 || lineno > n ||
		    !out[lineno - 1].valid || out[lineno - 1].softfail)
			rc = -1;
		else if (strstr(q, inval))
			out[lineno - 1].valid = false;
		else if (strstr(q, soft))
			out[lineno - 1].softfail = true;
		else
			rc = -1;
		if (rc)
			llvm_mc_err(err, errsize,
				    "unexpected llvm-mc message: %s", line);
	}
	fclose(f);
	return rc;
}

/*
 * llvm-mc prints the encoding of the instruction it decoded, not the bytes
 * it read, and the two differ where LLVM ignores bits (measured over this
 * corpus and 3 million random words): in the load/store space only in the
 * should-be-one Rs (20:16) and Rt2 (14:10) fields of the exclusive/ordered
 * class (bits 29:24 = 001000: LDXR, STXR, LDAR, STLR, LDXP...), re-encoded
 * as ones with or without a warning; outside it in some middle bits of
 * ADDG/SUBG, UMULH/SMULH, MOV, DUP, FCMPE. So a load/store word must echo
 * exactly but for those two fields, and any other word its top byte and
 * bits 4:0.
 */
static bool echo_matches(uint32_t word, uint32_t enc)
{
	uint32_t diff = word ^ enc;

	if ((word & 0x0a000000u) != 0x08000000u) /* op0 != x1x0 */
		return (diff & 0xff00001fu) == 0;
	if ((word & 0x3f000000u) == 0x08000000u)
		return (diff & ~0x001f7c00u) == 0;
	return diff == 0;
}

/*
 * Then stdout: one instruction line per word not marked invalid, in input
 * order, each echoing its word (echo_matches()): a lost, extra or shifted
 * line is an error.
 */
static int parse_stdout(const char *path, const uint32_t *words, size_t n,
			struct a64_verdict *out, char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t i = 0;
	int rc = 0;

	if (!f) {
		llvm_mc_err(err, errsize, "cannot read %s", path);
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		struct a64_verdict v = { 0 };
		uint32_t enc;
		int got = parse_insn_line(line, &v, &enc);

		if (got == 0)
			continue;
		if (got < 0) {
			llvm_mc_err(err, errsize, "unparsable llvm-mc line: %s",
				    line);
			rc = -1;
			break;
		}
		while (i < n && !out[i].valid)
			i++;
		if (i == n || !echo_matches(words[i], enc)) {
			llvm_mc_err(
			    err, errsize,
			    "llvm-mc output out of step: encoding 0x%08x "
			    "for input word %zu (0x%08x)",
			    (unsigned)enc, i, i < n ? (unsigned)words[i] : 0u);
			rc = -1;
			break;
		}
		v.softfail = out[i].softfail;
		out[i++] = v;
	}
	while (rc == 0 && i < n && !out[i].valid)
		i++;
	if (rc == 0 && i != n) {
		llvm_mc_err(
		    err, errsize,
		    "llvm-mc printed nothing for word %zu (0x%08x) and on", i,
		    (unsigned)words[i]);
		rc = -1;
	}
	fclose(f);
	return rc;
}

struct batch {
	const uint32_t *words;
	size_t n;
	struct a64_verdict *out;
};

static int parse_output(const char *so, const char *se, void *ctx, char *err,
			size_t errsize)
{
	struct batch *b = ctx;

	if (parse_stderr(se, b->n, b->out, err, errsize) != 0)
		return -1;
	return parse_stdout(so, b->words, b->n, b->out, err, errsize);
}

static unsigned word_len(uint32_t w)
{
	(void)w;
	return 4;
}

int a64_oracle_disasm(const uint32_t *words, size_t n, struct a64_verdict *out,
		      char *err, size_t errsize)
{
	struct batch b = { words, n, out };

	return llvm_mc_run(LLVM_MC_ARGS, words, n, word_len, parse_output, &b,
			   err, errsize);
}

/* ---- operand text ------------------------------------------------------ */

#define MAX_TOK 8

/* Split at top-level commas (not inside [] or {}); trims blanks. */
static int split_operands(const char *s, char tok[MAX_TOK][48])
{
	int n = 0, depth = 0;
	size_t len = 0;

	for (;; s++) {
		if (*s == '\0' || (*s == ',' && depth == 0)) {
			while (len > 0 && tok[n][len - 1] == ' ')
				len--;
			tok[n][len] = '\0';
			if (++n == MAX_TOK || *s == '\0')
				return n;
			len = 0;
			continue;
		}
		if (*s == '[' || *s == '{')
			depth++;
		else if (*s == ']' || *s == '}')
			depth--;
		if (len == 0 && *s == ' ')
			continue;
		if (len < 47)
			tok[n][len++] = *s;
	}
}

/*
 * A register name: 'x' or 'w' (general-purpose; xzr/wzr = 31), 's' for
 * sp/wsp (31), or the SIMD&FP size letter b/h/s/d/q. Returns the register
 * number, or -1 if `t` is not exactly a register.
 */
static int parse_reg(const char *t, char *cls)
{
	char *q;
	long r;

	if (!strcmp(t, "xzr") || !strcmp(t, "wzr")) {
		*cls = t[0];
		return 31;
	}
	if (!strcmp(t, "sp") || !strcmp(t, "wsp")) {
		*cls = 'S'; /* SP: neither a GPR nor an FP letter */
		return 31;
	}
	if (!strchr("xwbhsdq", t[0]) || t[1] < '0' || t[1] > '9')
		return -1;
	r = strtol(t + 1, &q, 10);
	if (*q != '\0' || r < 0 || r > 31 || (r == 31 && strchr("xw", t[0])))
		return -1;
	*cls = t[0];
	return (int)r;
}

static bool parse_imm(const char *t, int64_t *v)
{
	char *q;

	if (t[0] != '#')
		return false;
	*v = strtoll(t + 1, &q, 0);
	return *q == '\0' && q != t + 1;
}

/* The memory operand and what follows it. */
struct mem_operand {
	int base;              /* 31 = sp */
	bool has_imm, has_reg; /* [base, #imm] / [base, reg, ...] */
	int64_t imm;
	int rm;
	char rm_cls;
	enum arm64_mem_extend ext;
	int amount; /* -1: none printed */
	bool pre;   /* "]!" */
	bool post;  /* "[base], #imm" */
	int64_t post_imm;
};

/* Parse "[base{, #imm | , reg{, ext{ #n}}}]{!}"; false if malformed. */
static bool parse_mem(const char *t, struct mem_operand *m)
{
	char inner[48], parts[MAX_TOK][48], cls;
	const char *close = strrchr(t, ']');
	size_t len;
	int n;

	memset(m, 0, sizeof(*m));
	m->amount = -1;
	if (t[0] != '[' || !close)
		return false;
	m->pre = close[1] == '!';
	if (close[1] != '\0' && !(m->pre && close[2] == '\0'))
		return false;
	len = (size_t)(close - t - 1);
	if (len >= sizeof(inner))
		return false;
	memcpy(inner, t + 1, len);
	inner[len] = '\0';
	n = split_operands(inner, parts);
	m->base = parse_reg(parts[0], &cls);
	if (m->base < 0 || !(cls == 'x' || m->base == 31) ||
	    (m->base == 31 && cls != 'S'))
		return false;
	if (n == 1)
		return true;
	if (parse_imm(parts[1], &m->imm)) {
		m->has_imm = true;
		return n == 2;
	}
	m->rm = parse_reg(parts[1], &m->rm_cls);
	if (m->rm < 0 || (m->rm_cls != 'x' && m->rm_cls != 'w'))
		return false;
	m->has_reg = true;
	m->ext = ARM64_MEM_EXT_LSL;
	if (n == 2)
		return m->rm_cls == 'x';
	if (n != 3)
		return false;
	{
		char ext[16];
		int amount = -1, k = 0;
		if (sscanf(parts[2], "%15s #%d%n", ext, &amount, &k) < 1)
			return false;
		if (!strcmp(ext, "lsl") && m->rm_cls == 'x')
			m->ext = ARM64_MEM_EXT_LSL;
		else if (!strcmp(ext, "sxtx") && m->rm_cls == 'x')
			m->ext = ARM64_MEM_EXT_SXTX;
		else if (!strcmp(ext, "uxtw") && m->rm_cls == 'w')
			m->ext = ARM64_MEM_EXT_UXTW;
		else if (!strcmp(ext, "sxtw") && m->rm_cls == 'w')
			m->ext = ARM64_MEM_EXT_SXTW;
		else
			return false;
		m->amount = amount;
	}
	return true;
}

/* ---- the expectation table, from the Arm ARM --------------------------- */

#define RD AXVCPU_ACCESS_READ
#define WR AXVCPU_ACCESS_WRITE
#define AT AXVCPU_ACCESS_ATOMIC
#define FPF AXVCPU_ACCESS_FP

enum form {
	F_SINGLE,   /* LDR/STR...: every addressing form, FP if b/h/s/d/q */
	F_UNSCALED, /* LDUR/STUR... */
	F_UNPRIV,   /* LDTR/STTR... */
	F_ORDERED,  /* LDAR/STLR/LDLAR/STLLR/LDAPR: [base] only */
	F_RCPC_IMM, /* LDAPUR/STLUR: [base, #imm9] */
	F_PAIR,     /* LDP/STP/LDNP/STNP/LDPSW */
};

struct gpr_mnemonic {
	const char *name;
	enum arm64_mem_kind kind;
	enum form form;
	uint8_t width; /* 0: from the register (W 4, X 8) */
	bool sign_ext;
	enum arm64_mem_order order;
};

#define LD ARM64_MEM_LOAD
#define ST ARM64_MEM_STORE
#define O_NO ARM64_MEM_ORDER_NONE
#define O_ACQ ARM64_MEM_ORDER_ACQUIRE
#define O_APC ARM64_MEM_ORDER_ACQUIRE_PC
#define O_REL ARM64_MEM_ORDER_RELEASE
#define O_LACQ ARM64_MEM_ORDER_LO_ACQUIRE
#define O_LREL ARM64_MEM_ORDER_LO_RELEASE

static const struct gpr_mnemonic gpr_table[] = {
	{ "ldr", LD, F_SINGLE, 0, false, O_NO },
	{ "str", ST, F_SINGLE, 0, false, O_NO },
	{ "ldrb", LD, F_SINGLE, 1, false, O_NO },
	{ "strb", ST, F_SINGLE, 1, false, O_NO },
	{ "ldrh", LD, F_SINGLE, 2, false, O_NO },
	{ "strh", ST, F_SINGLE, 2, false, O_NO },
	{ "ldrsb", LD, F_SINGLE, 1, true, O_NO },
	{ "ldrsh", LD, F_SINGLE, 2, true, O_NO },
	{ "ldrsw", LD, F_SINGLE, 4, true, O_NO },
	{ "ldur", LD, F_UNSCALED, 0, false, O_NO },
	{ "stur", ST, F_UNSCALED, 0, false, O_NO },
	{ "ldurb", LD, F_UNSCALED, 1, false, O_NO },
	{ "sturb", ST, F_UNSCALED, 1, false, O_NO },
	{ "ldurh", LD, F_UNSCALED, 2, false, O_NO },
	{ "sturh", ST, F_UNSCALED, 2, false, O_NO },
	{ "ldursb", LD, F_UNSCALED, 1, true, O_NO },
	{ "ldursh", LD, F_UNSCALED, 2, true, O_NO },
	{ "ldursw", LD, F_UNSCALED, 4, true, O_NO },
	{ "ldtr", LD, F_UNPRIV, 0, false, O_NO },
	{ "sttr", ST, F_UNPRIV, 0, false, O_NO },
	{ "ldtrb", LD, F_UNPRIV, 1, false, O_NO },
	{ "sttrb", ST, F_UNPRIV, 1, false, O_NO },
	{ "ldtrh", LD, F_UNPRIV, 2, false, O_NO },
	{ "sttrh", ST, F_UNPRIV, 2, false, O_NO },
	{ "ldtrsb", LD, F_UNPRIV, 1, true, O_NO },
	{ "ldtrsh", LD, F_UNPRIV, 2, true, O_NO },
	{ "ldtrsw", LD, F_UNPRIV, 4, true, O_NO },
	{ "ldar", LD, F_ORDERED, 0, false, O_ACQ },
	{ "ldarb", LD, F_ORDERED, 1, false, O_ACQ },
	{ "ldarh", LD, F_ORDERED, 2, false, O_ACQ },
	{ "stlr", ST, F_ORDERED, 0, false, O_REL },
	{ "stlrb", ST, F_ORDERED, 1, false, O_REL },
	{ "stlrh", ST, F_ORDERED, 2, false, O_REL },
	{ "ldlar", LD, F_ORDERED, 0, false, O_LACQ },
	{ "ldlarb", LD, F_ORDERED, 1, false, O_LACQ },
	{ "ldlarh", LD, F_ORDERED, 2, false, O_LACQ },
	{ "stllr", ST, F_ORDERED, 0, false, O_LREL },
	{ "stllrb", ST, F_ORDERED, 1, false, O_LREL },
	{ "stllrh", ST, F_ORDERED, 2, false, O_LREL },
	{ "ldapr", LD, F_ORDERED, 0, false, O_APC },
	{ "ldaprb", LD, F_ORDERED, 1, false, O_APC },
	{ "ldaprh", LD, F_ORDERED, 2, false, O_APC },
	{ "ldapur", LD, F_RCPC_IMM, 0, false, O_APC },
	{ "ldapurb", LD, F_RCPC_IMM, 1, false, O_APC },
	{ "ldapurh", LD, F_RCPC_IMM, 2, false, O_APC },
	{ "ldapursb", LD, F_RCPC_IMM, 1, true, O_APC },
	{ "ldapursh", LD, F_RCPC_IMM, 2, true, O_APC },
	{ "ldapursw", LD, F_RCPC_IMM, 4, true, O_APC },
	{ "stlur", ST, F_RCPC_IMM, 0, false, O_REL },
	{ "stlurb", ST, F_RCPC_IMM, 1, false, O_REL },
	{ "stlurh", ST, F_RCPC_IMM, 2, false, O_REL },
	{ "ldp", LD, F_PAIR, 0, false, O_NO },
	{ "stp", ST, F_PAIR, 0, false, O_NO },
	{ "ldnp", LD, F_PAIR, 0, false, O_NO },
	{ "stnp", ST, F_PAIR, 0, false, O_NO },
	{ "ldpsw", LD, F_PAIR, 4, true, O_NO },
};

static uint8_t fp_size(char cls)
{
	switch (cls) {
	case 'b':
		return 1;
	case 'h':
		return 2;
	case 's':
		return 4;
	case 'd':
		return 8;
	case 'q':
		return 16;
	default:
		return 0;
	}
}

static void expect_other(struct arm64_mem_access *e, uint8_t width,
			 uint8_t nregs, uint32_t flags)
{
	*e = (struct arm64_mem_access){
		.kind = ARM64_MEM_OTHER,
		.width = width,
		.nregs = nregs,
		.len = 4,
		.access_flags = flags,
	};
}

#define UNDECODED(e) expect_other(e, 0, 0, AXVCPU_ACCESS_UNDECODED)

static int log2u(unsigned v)
{
	int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/*
 * A general-purpose load or store: everything from the text. Returns false
 * if the text does not have the shape this mnemonic must have (then the
 * expectation is left UNDECODED, which the decoder will not match).
 */
static bool expect_gpr(const struct gpr_mnemonic *g, char tok[MAX_TOK][48],
		       int ntok, bool softfail, struct arm64_mem_access *e)
{
	bool pair = g->form == F_PAIR;
	int nregs = pair ? 2 : 1, rt, rt2 = 0;
	char cls, cls2;
	struct mem_operand m;
	uint8_t width;
	int64_t lit;
	bool unpred;

	rt = parse_reg(tok[0], &cls);
	if (rt < 0)
		return false;
	if (cls != 'x' && cls != 'w') {
		/* SIMD&FP (only the plain LDR/STR/LDUR/STUR/LDP... names). */
		uint8_t w = fp_size(cls);
		if (w == 0 || g->width != 0 || g->order != O_NO ||
		    g->form == F_UNPRIV)
			return false;
		expect_other(e, w, (uint8_t)nregs,
			     FPF | (g->kind == LD ? RD : WR));
		return true;
	}
	width = g->width ? g->width : (cls == 'x' ? 8 : 4);
	if (pair) {
		rt2 = parse_reg(tok[1], &cls2);
		if (rt2 < 0 || cls2 != cls)
			return false;
	}
	/* Plain and B/H forms name W (or X for 64-bit); signed ones either. */
	if (!g->sign_ext && g->width && g->width < 8 && cls != 'w')
		return false;
	*e = (struct arm64_mem_access){
		.kind = g->kind,
		.width = width,
		.nregs = (uint8_t)nregs,
		.rt = (uint8_t)rt,
		.rt2 = (uint8_t)rt2,
		.sign_ext = g->sign_ext,
		.reg_width = cls == 'x' ? 8 : 4,
		.len = 4,
		.unpriv = g->form == F_UNPRIV,
		.order = g->order,
		.access_flags = g->kind == LD ? RD : WR,
	};
	/* LDR (literal): "ldr x0, #imm", loads only. */
	if (ntok == 2 && !pair && g->form == F_SINGLE &&
	    parse_imm(tok[1], &lit)) {
		if (g->kind != LD)
			return false;
		e->addr_mode = ARM64_MEM_ADDR_LITERAL;
		e->imm = lit;
		return true;
	}
	if (!parse_mem(tok[nregs], &m))
		return false;
	if (ntok == nregs + 2) {
		if (!parse_imm(tok[nregs + 1], &m.post_imm) || m.pre ||
		    m.has_imm || m.has_reg)
			return false;
		m.post = true;
	} else if (ntok != nregs + 1) {
		return false;
	}
	e->rn = (uint8_t)m.base;
	if (m.has_reg) {
		e->addr_mode = ARM64_MEM_ADDR_BASE_REG;
		e->rm = (uint8_t)m.rm;
		e->extend = m.ext;
		e->shift = (uint8_t)(m.amount > 0 ? m.amount : 0);
		/* The printed amount, when there is one, is 0 or log2 of the
		 * size: anything else would be a parse error here. */
		if (m.amount > 0 && m.amount != log2u(width))
			return false;
	} else {
		e->addr_mode = ARM64_MEM_ADDR_BASE_IMM;
		e->imm = m.post ? m.post_imm : m.imm;
		e->writeback = m.pre    ? ARM64_MEM_WB_PRE
			       : m.post ? ARM64_MEM_WB_POST
					: ARM64_MEM_WB_NONE;
	}
	/*
	 * CONSTRAINED UNPREDICTABLE in the Arm ARM (declined): writeback
	 * into a data register, a load pair into one register, and for
	 * LDAR/STLR/LDLAR/STLLR/LDAPR should-be-one fields that are not,
	 * which only LLVM's "potentially undefined" warning shows.
	 */
	unpred = (e->writeback != ARM64_MEM_WB_NONE && m.base != 31 &&
		  (m.base == rt || (pair && m.base == rt2))) ||
		 (pair && g->kind == LD && rt == rt2);
	if (g->form == F_ORDERED)
		unpred = unpred || softfail;
	else if (softfail && !unpred && !(g->form == F_UNPRIV && m.base == rt))
		return false; /* a warning the Arm ARM does not explain */
	/*
	 * (LLVM 14 warns about LDTR* with Rn == Rt, taking the unprivileged
	 * class for an indexed one; LDTR has no writeback, so nothing is
	 * unpredictable there.)
	 */
	if (unpred)
		UNDECODED(e);
	return true;
}

/* Strip one of the listed suffixes from the end of [s, s+len). */
static bool strip_suffix(const char *s, size_t *len, const char *const *sfx,
			 size_t nsfx, size_t *which)
{
	for (size_t i = 0; i < nsfx; i++) {
		size_t l = strlen(sfx[i]);
		if (l <= *len && !strncmp(s + *len - l, sfx[i], l)) {
			*len -= l;
			*which = i;
			return true;
		}
	}
	return false;
}

/*
 * Exclusives, LSE atomics, CAS/CASP: <base><ordering><b|h> built from
 * the Arm ARM's mnemonic lists. Fills the flags, width and register count.
 */
static bool expect_atomic(const char *mn, char tok[MAX_TOK][48], int ntok,
			  struct arm64_mem_access *e)
{
	static const char *const lse[] = { "add",  "clr",  "eor",  "set",
					   "smax", "smin", "umax", "umin" };
	static const char *const size_sfx[] = { "b", "h", "" };
	static const char *const ord_sfx[] = { "al", "a", "l", "" };
	char base[24], cls;
	size_t len = strlen(mn), sz, ord;
	uint8_t width;
	uint32_t flags = 0;
	int nregs = 1, data_tok = 0;

	if (len >= sizeof(base) || !strip_suffix(mn, &len, size_sfx, 3, &sz))
		return false;
	/* The ordering letters come before b/h: ldaddalb, stlxrh, casab. */
	memcpy(base, mn, len);
	base[len] = '\0';
	if (!strcmp(base, "ldxr") || !strcmp(base, "ldaxr")) {
		flags = AT | RD;
	} else if (!strcmp(base, "stxr") || !strcmp(base, "stlxr")) {
		flags = AT | WR;
		data_tok = 1; /* after the status register */
	} else if ((!strcmp(base, "ldxp") || !strcmp(base, "ldaxp")) &&
		   sz == 2) {
		flags = AT | RD;
		nregs = 2;
	} else if ((!strcmp(base, "stxp") || !strcmp(base, "stlxp")) &&
		   sz == 2) {
		flags = AT | WR;
		nregs = 2;
		data_tok = 1;
	} else {
		strip_suffix(base, &len, ord_sfx, 4, &ord);
		base[len] = '\0';
		if (!strcmp(base, "cas") || !strcmp(base, "swp")) {
			flags = AT | RD | WR;
		} else if (!strcmp(base, "casp") && sz == 2) {
			flags = AT | RD | WR;
			nregs = 2;
		} else if (!strncmp(base, "ld", 2) || !strncmp(base, "st", 2)) {
			/* ST<op> (aliases of LD<op> with XZR) have no
			 * acquire forms. */
			bool st = base[0] == 's';
			for (size_t i = 0; i < 8; i++)
				if (!strcmp(base + 2, lse[i]))
					flags = AT | RD | WR;
			if (st && (ord == 0 || ord == 1))
				flags = 0;
		}
	}
	if (!flags || data_tok >= ntok || parse_reg(tok[data_tok], &cls) < 0)
		return false;
	if (sz < 2)
		width = (uint8_t)(1u << sz);
	else if (cls == 'x' || cls == 'w')
		width = cls == 'x' ? 8 : 4;
	else
		return false;
	expect_other(e, width, (uint8_t)nregs, flags);
	return true;
}

/* CPY/CPYF and SET/SETG (FEAT_MOPS), by the Arm ARM's mnemonic lists. */
static bool expect_mops(const char *mn, struct arm64_mem_access *e)
{
	static const char *const cpy_opts[] = {
		"",   "wn",   "rn",   "n",   "wt", "wtwn", "wtrn", "wtn",
		"rt", "rtwn", "rtrn", "rtn", "t",  "twn",  "trn",  "tn",
	};
	static const char *const set_opts[] = { "", "t", "n", "tn" };
	const char *p = mn;

	if (!strncmp(p, "cpy", 3)) {
		p += 3;
		if (*p == 'f')
			p++;
		if (!*p || !strchr("pme", *p))
			return false;
		p++;
		for (size_t i = 0; i < 16; i++)
			if (!strcmp(p, cpy_opts[i])) {
				expect_other(e, 0, 0, RD | WR);
				return true;
			}
		return false;
	}
	if (!strncmp(p, "set", 3)) {
		p += 3;
		if (*p == 'g')
			p++;
		if (!*p || !strchr("pme", *p))
			return false;
		p++;
		for (size_t i = 0; i < 4; i++)
			if (!strcmp(p, set_opts[i])) {
				expect_other(e, 0, 0, WR);
				return true;
			}
	}
	return false;
}

int a64_oracle_expect(const struct a64_verdict *v, struct arm64_mem_access *exp)
{
	static const char *const simd_struct[] = {
		"ld1", "ld2", "ld3",  "ld4",  "st1",  "st2",
		"st3", "st4", "ld1r", "ld2r", "ld3r", "ld4r",
	};
	char tok[MAX_TOK][48];
	const char *mn = v->mnemonic;
	int ntok;

	UNDECODED(exp);
	if (!v->valid)
		return AXVCPU_EINVAL;
	ntok = split_operands(v->operands, tok);
	for (size_t i = 0; i < sizeof(gpr_table) / sizeof(*gpr_table); i++)
		if (!strcmp(mn, gpr_table[i].name)) {
			if (!expect_gpr(&gpr_table[i], tok, ntok, v->softfail,
					exp))
				UNDECODED(exp);
			return exp->kind == ARM64_MEM_OTHER ? AXVCPU_EINVAL : 0;
		}
	if (!strcmp(mn, "prfm") || !strcmp(mn, "prfum")) {
		expect_other(exp, 0, 0, 0);
		return AXVCPU_EINVAL;
	}
	for (size_t i = 0; i < sizeof(simd_struct) / sizeof(*simd_struct); i++)
		if (!strcmp(mn, simd_struct[i])) {
			expect_other(exp, 0, 0, FPF | (mn[0] == 'l' ? RD : WR));
			return AXVCPU_EINVAL;
		}
	if (!strcmp(mn, "ld64b")) {
		expect_other(exp, 0, 0, RD);
		return AXVCPU_EINVAL;
	}
	if (!strcmp(mn, "st64b") || !strcmp(mn, "st64bv") ||
	    !strcmp(mn, "st64bv0")) {
		expect_other(exp, 0, 0, WR);
		return AXVCPU_EINVAL;
	}
	if (!expect_atomic(mn, tok, ntok, exp) && !expect_mops(mn, exp))
		UNDECODED(exp);
	return AXVCPU_EINVAL;
}

bool a64_oracle_check(uint32_t word, const struct a64_verdict *v, char *why,
		      size_t whysize)
{
	struct arm64_mem_access got, exp;
	int rc, exp_rc;
	char g[256], e[256];
	bool written = arm64_mem_decode_poisoned(word, &got, &rc);

	exp_rc = a64_oracle_expect(v, &exp);
	if (written && rc == exp_rc && arm64_mem_access_equal(&got, &exp))
		return true;
	arm64_mem_access_format(g, sizeof(g), rc, &got);
	arm64_mem_access_format(e, sizeof(e), exp_rc, &exp);
	snprintf(why, whysize,
		 "0x%08x (llvm-mc: %s%s%s%s): decoder %s%s; oracle %s",
		 (unsigned)word, v->valid ? v->mnemonic : "invalid encoding",
		 v->valid ? " " : "", v->valid ? v->operands : "",
		 v->softfail ? " [potentially undefined]" : "", g,
		 written ? "" : " (out not fully written)", e);
	return false;
}
