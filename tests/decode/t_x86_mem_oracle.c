/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cross-check x86_decode_mem() against Zydis on generated encodings in
 * every mode: every claimed opcode x every ModRM x prefix sets, every SIB,
 * prefix soups, truncations, and random byte strings. Any disagreement
 * (either way: a decline Zydis says is a claimed memory instruction, or an
 * accept it says is something else or invalid) fails and is printed.
 *
 * Environment: AXVCPU_ORACLE_SEED (PRNG seed, default fixed),
 * AXVCPU_ORACLE_RANDOM (random strings per mode, default 250000).
 */
#include "tests/lib/tap.h"
#include "x86_mem_check.h"
#include "x86_mem_oracle.h"

#include <stdlib.h>
#include <string.h>

static const enum x86_cpu_mode modes[4] = { X86_MODE_REAL, X86_MODE_PROT16,
					    X86_MODE_PROT32, X86_MODE_LONG64 };
static const char *const mode_names[4] = { "real", "prot16", "prot32",
					   "long64" };

/* Every opcode the decoder claims, as 1 or 2 bytes (then 0F first). */
static const uint8_t opcodes1[] = {
	0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0a, 0x0b, 0x10, 0x11, 0x12,
	0x13, 0x18, 0x19, 0x1a, 0x1b, 0x20, 0x21, 0x22, 0x23, 0x28, 0x29,
	0x2a, 0x2b, 0x30, 0x31, 0x32, 0x33, 0x38, 0x39, 0x3a, 0x3b, 0x63,
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a,
	0x8b, 0xc6, 0xc7, 0xf6, 0xf7, 0xfe, 0xff,
};
static const uint8_t opcodes0f[] = { 0xa3, 0xb6, 0xb7, 0xba, 0xbe, 0xbf };
static const uint8_t noModrm[] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4,
				   0xa5, 0xaa, 0xab, 0xac, 0xad };

/* Prefix sets put before each opcode (REX ones only used in 64-bit). */
static const char *const prefix_sets[] = {
	"",     "66",   "67",   "6667",   "f0",   "f3",   "f2",
	"2e",   "36",   "3e",   "26",     "64",   "65",   "f0f2",
	"40",   "41",   "42",   "44",     "48",   "4f",   "6648",
	"4866", "4c67", "f048", "65f3",   "f34f", "4041", "2e64",
	"642e", "f2f3", "f3f2", "66f366", "3e26", "f066",
};

enum group {
	G_MODRM,   /* opcode x ModRM x prefix set, random tail */
	G_SIB,     /* opcode x mod x every SIB, 32/64-bit addressing */
	G_NOMODRM, /* moffs and string forms x prefix sets */
	G_SOUP,    /* random prefix runs before a claimed opcode */
	G_TRUNC,   /* claimed encodings cut at every length */
	G_RANDOM,  /* random byte strings */
	G_COUNT
};

static const char *const group_names[G_COUNT] = {
	"every claimed opcode x every ModRM x 34 prefix sets",
	"every claimed ModRM opcode x mod x every SIB byte",
	"moffs and string forms x prefix sets x random tails",
	"random prefix runs (up to 15 bytes) before claimed opcodes",
	"claimed encodings truncated at every length",
	"random byte strings of 1-16 bytes",
};

static uint64_t rng_state = 0x78366d656d0a11ull;

static uint64_t rng64(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

struct stats {
	unsigned long long n, accepted, mismatches, invalid;
};
static struct stats st[G_COUNT];
/* op x mode decoded at least once: the converse is not vacuous. */
static bool seen_op[X86_OP_COUNT][4];

static size_t hex_bytes(const char *h, uint8_t *out)
{
	size_t n = 0;

	for (; h[0] && h[1]; h += 2) {
		unsigned v;
		sscanf(h, "%2x", &v);
		out[n++] = (uint8_t)v;
	}
	return n;
}

static void check(enum group g, int mi, const uint8_t *b, size_t n)
{
	char why[1536];
	bool acc = false;
	struct x86_mem_insn a;
	int rc;

	st[g].n++;
	if (!x86_oracle_check(modes[mi], b, n, why, sizeof(why), &acc)) {
		if (++st[g].mismatches <= 10)
			tap_diag("MISMATCH %s", why);
	}
	if (acc)
		st[g].accepted++;
	if (!x86_mem_decode_poisoned(modes[mi], b, n, &a, &rc) ||
	    !x86_mem_result_valid(modes[mi], n, &a, rc)) {
		if (++st[g].invalid <= 10) {
			char hex[64], s[512];
			x86_bytes_format(hex, sizeof(hex), b, n);
			x86_mem_insn_format(s, sizeof(s), rc, &a);
			tap_diag("INVARIANT mode %d %s: %s", mi, hex, s);
		}
	}
	if (rc == 0)
		seen_op[a.op][mi] = true;
}

static void fill_random(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rng64();
}

/* Random tail bytes make disp/imm/SIB vary; some tails are all-zero or
 * all-ones, the displacement edges. */
static void fill_tail(uint8_t *b, size_t n)
{
	uint64_t r = rng64() & 7;

	if (r == 0)
		memset(b, 0, n);
	else if (r == 1)
		memset(b, 0xff, n);
	else if (r == 2) {
		fill_random(b, n);
		b[0] = 0x80; /* disp8 -128 / disp32 low byte */
		if (n > 4)
			b[3] = 0x80;
	} else {
		fill_random(b, n);
	}
}

static void gen_modrm(int mi)
{
	size_t np = sizeof(prefix_sets) / sizeof(prefix_sets[0]);

	for (size_t p = 0; p < np; p++) {
		uint8_t pre[16];
		size_t pn = hex_bytes(prefix_sets[p], pre);

		for (size_t o = 0; o < sizeof(opcodes1) + sizeof(opcodes0f);
		     o++) {
			for (unsigned modrm = 0; modrm < 256; modrm++) {
				uint8_t b[24];
				size_t n = 0;

				memcpy(b, pre, pn);
				n = pn;
				if (o < sizeof(opcodes1)) {
					b[n++] = opcodes1[o];
				} else {
					b[n++] = 0x0f;
					b[n++] =
					    opcodes0f[o - sizeof(opcodes1)];
				}
				b[n++] = (uint8_t)modrm;
				fill_tail(b + n, 15 - n);
				check(G_MODRM, mi, b, 15);
			}
		}
	}
}

static void gen_sib(int mi)
{
	static const char *const pre_sets[] = { "",   "67",   "43",
						"4a", "6641", "6743" };
	/* 16-bit modes need 67 for SIB addressing; REX only in 64-bit. */
	int npre = modes[mi] == X86_MODE_LONG64 ? 6 : 2;

	for (int p = 0; p < npre; p++) {
		uint8_t pre[4];
		size_t pn = hex_bytes(pre_sets[p], pre);

		for (size_t o = 0; o < sizeof(opcodes1) + sizeof(opcodes0f);
		     o++) {
			for (unsigned mod = 0; mod < 3; mod++) {
				for (unsigned sib = 0; sib < 256; sib++) {
					uint8_t b[24];
					size_t n = pn;

					memcpy(b, pre, pn);
					if (o < sizeof(opcodes1)) {
						b[n++] = opcodes1[o];
					} else {
						b[n++] = 0x0f;
						b[n++] =
						    opcodes0f[o -
							      sizeof(opcodes1)];
					}
					/* reg field varies with the SIB */
					b[n++] = (uint8_t)(mod << 6 |
							   (sib & 7u) << 3 | 4);
					b[n++] = (uint8_t)sib;
					fill_tail(b + n, 15 - n);
					check(G_SIB, mi, b, 15);
				}
			}
		}
	}
}

static void gen_nomodrm(int mi)
{
	size_t np = sizeof(prefix_sets) / sizeof(prefix_sets[0]);

	for (size_t p = 0; p < np; p++) {
		uint8_t pre[16];
		size_t pn = hex_bytes(prefix_sets[p], pre);

		for (size_t o = 0; o < sizeof(noModrm); o++) {
			for (int k = 0; k < 16; k++) {
				uint8_t b[24];

				memcpy(b, pre, pn);
				b[pn] = noModrm[o];
				fill_tail(b + pn + 1, 15 - pn - 1);
				check(G_NOMODRM, mi, b, 15);
			}
		}
	}
}

static void gen_soup(int mi, unsigned count)
{
	static const uint8_t pfx[] = { 0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e,
				       0x36, 0x3e, 0x26, 0x64, 0x65, 0x40,
				       0x44, 0x48, 0x4d, 0x4f };

	for (unsigned k = 0; k < count; k++) {
		uint8_t b[32];
		size_t n = rng64() % 15, o = rng64() % (sizeof(opcodes1) + 12);

		for (size_t i = 0; i < n; i++)
			b[i] = pfx[rng64() % sizeof(pfx)];
		if (o < sizeof(opcodes1)) {
			b[n++] = opcodes1[o];
		} else if (o < sizeof(opcodes1) + 6) {
			b[n++] = 0x0f;
			b[n++] = opcodes0f[o - sizeof(opcodes1)];
		} else {
			b[n++] = noModrm[rng64() % sizeof(noModrm)];
		}
		fill_tail(b + n, sizeof(b) - n);
		/* Sometimes exactly up to 16 bytes, to cross the limit. */
		check(G_SOUP, mi, b, rng64() & 1 ? 16 : 15);
	}
}

/* Cut decodable encodings at every length below their own. */
static void gen_trunc(int mi, unsigned count)
{
	unsigned done = 0;

	while (done < count) {
		uint8_t b[24];
		struct x86_mem_insn a;
		size_t o = rng64() % (sizeof(opcodes1) + 6), n = 0;

		if (rng64() & 1)
			b[n++] = rng64() & 1 ? 0x66 : 0x67;
		if (modes[mi] == X86_MODE_LONG64 && (rng64() & 1))
			b[n++] = (uint8_t)(0x40 | (rng64() & 15));
		if (o < sizeof(opcodes1)) {
			b[n++] = opcodes1[o];
		} else {
			b[n++] = 0x0f;
			b[n++] = opcodes0f[o - sizeof(opcodes1)];
		}
		fill_random(b + n, sizeof(b) - n);
		if (x86_decode_mem(modes[mi], b, 15, &a) != 0)
			continue;
		for (size_t len = 0; len <= a.len; len++)
			check(G_TRUNC, mi, b, len);
		done++;
	}
}

static void gen_random(int mi, unsigned count)
{
	for (unsigned k = 0; k < count; k++) {
		uint8_t b[16];
		size_t n = 1 + rng64() % 16;

		fill_random(b, n);
		check(G_RANDOM, mi, b, n);
	}
}

int main(void)
{
	const char *seed = getenv("AXVCPU_ORACLE_SEED");
	const char *nrand = getenv("AXVCPU_ORACLE_RANDOM");
	unsigned n_random = nrand ? (unsigned)strtoul(nrand, NULL, 0) : 250000;
	unsigned long long total = 0, acc = 0;
	bool all_seen = true;

	if (seed)
		rng_state = strtoull(seed, NULL, 0);
	tap_diag("seed 0x%llx, %u random strings per mode",
		 (unsigned long long)rng_state, n_random);
	for (int mi = 0; mi < 4; mi++) {
		gen_modrm(mi);
		gen_sib(mi); /* 16-bit modes: 32-bit addressing with 67 */
		gen_nomodrm(mi);
		gen_soup(mi, 50000);
		gen_trunc(mi, 3000);
		gen_random(mi, n_random);
	}
	for (int g = 0; g < G_COUNT; g++) {
		tap_ok(st[g].mismatches == 0,
		       "%s: %llu inputs (%llu decoded), %llu mismatches",
		       group_names[g], st[g].n, st[g].accepted,
		       st[g].mismatches);
		tap_ok(st[g].invalid == 0,
		       "%s: result invariants hold (%llu broken)",
		       group_names[g], st[g].invalid);
		total += st[g].n;
		acc += st[g].accepted;
	}
	for (int op = 1; op < X86_OP_COUNT; op++)
		for (int mi = 0; mi < 4; mi++) {
			if (op == X86_OP_MOVSXD && modes[mi] != X86_MODE_LONG64)
				continue;
			if (!seen_op[op][mi]) {
				tap_diag("never decoded: %s in %s",
					 x86_op_name((enum x86_mem_op)op),
					 mode_names[mi]);
				all_seen = false;
			}
		}
	tap_ok(all_seen, "every claimed operation decoded in every mode");
	tap_diag("%llu inputs in all, %llu decoded", total, acc);
	return tap_done(0);
}
