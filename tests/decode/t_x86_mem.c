/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests of the x86 MMIO decoder and ALU helper (src/decode/x86_mem.c).
 *
 * Decoder: a table of literal encodings (written from the SDM, as facts,
 * so the test does not share the decoder's view of the tables) covering
 * every claimed form in every mode, prefixes, REX edges (SPL vs AH, REX
 * cancelled by a later prefix), 16-bit addressing, SIB, RIP-relative,
 * moffs, string forms, LOCK rules, declines; each case decoded from an
 * exact-size heap copy (ASan catches over-reads) and with garbage after
 * it, and cut at every shorter length. Plus the 15-byte limit, NULL
 * arguments, and random inputs against the result rules. The independent
 * cross-check against Zydis is t_x86_mem_oracle.c.
 *
 * ALU helper: x86_alu_apply() against the host CPU's own instructions
 * (inline asm; the host is x86-64) for random and edge operands and random
 * incoming flags, every op and size.
 */
#include "tests/lib/tap.h"
#include "x86_mem_check.h"

#include <stdlib.h>
#include <string.h>

#define R AXVCPU_ACCESS_READ
#define W AXVCPU_ACCESS_WRITE
#define RW (R | W)
#define AT AXVCPU_ACCESS_ATOMIC
#define NR X86_REG_NONE

/* Shorthand modes. */
#define RM X86_MODE_REAL
#define P16 X86_MODE_PROT16
#define P32 X86_MODE_PROT32
#define L64 X86_MODE_LONG64

/* Memory operands: seg, base, index, scale, address size, disp. */
#define M(seg, base, index, scale, asz, disp)                                  \
	{                                                                      \
		X86_SEG_##seg, base, index, scale, asz, false, disp            \
	}
#define RIP(asz, disp)                                                         \
	{                                                                      \
		X86_SEG_DS, NR, NR, 1, asz, true, disp                         \
	}

struct tcase {
	enum x86_cpu_mode mode;
	const char *hex; /* "-" : must be declined */
	const char *name;
	enum x86_mem_op op;
	enum x86_mem_kind kind;
	uint32_t access;
	uint8_t len, osz, msz;
	bool sext, mem_first;
	enum x86_operand_kind other;
	uint8_t reg;
	bool high8;
	uint64_t imm;
	struct x86_mem_operand mem;
	enum x86_rep rep;
	uint8_t str;
	bool lock;
};

/* Common shapes. */
#define LOAD(mo, hx, nm, op, len, osz, msz, sext, reg, hi, mem)                \
	{                                                                      \
		mo, hx, nm, X86_OP_##op, X86_KIND_LOAD, R, len, osz, msz,      \
		    sext, false, X86_OPND_REG, reg, hi, 0, mem, 0, 0, false    \
	}
#define STORE(mo, hx, nm, len, osz, reg, hi, mem)                              \
	{                                                                      \
		mo, hx, nm, X86_OP_MOV, X86_KIND_STORE, W, len, osz, osz,      \
		    false, true, X86_OPND_REG, reg, hi, 0, mem, 0, 0, false    \
	}
#define STOREI(mo, hx, nm, len, osz, imm, mem)                                 \
	{                                                                      \
		mo, hx, nm, X86_OP_MOV, X86_KIND_STORE, W, len, osz, osz,      \
		    false, true, X86_OPND_IMM, 0, false, imm, mem, 0, 0, false \
	}
#define ALU(mo, hx, nm, op, kind, acc, len, osz, mf, other, reg, hi, imm, mem, \
	    lock)                                                              \
	{                                                                      \
		mo, hx, nm, X86_OP_##op, X86_KIND_##kind, acc, len, osz, osz,  \
		    false, mf, X86_OPND_##other, reg, hi, imm, mem, 0, 0, lock \
	}
#define STR(mo, hx, nm, op, kind, acc, len, osz, mf, other, mem, rep, str)     \
	{                                                                      \
		mo, hx, nm, X86_OP_##op, X86_KIND_##kind, acc, len, osz, osz,  \
		    false, mf, X86_OPND_##other, 0, false, 0, mem,             \
		    X86_REP_##rep, str, false                                  \
	}
#define NO(mo, hx, nm)                                                         \
	{                                                                      \
		mo, hx, nm, X86_OP_NONE, X86_KIND_NONE, 0, 0, 0, 0, false,     \
		    false, X86_OPND_NONE, 0, false, 0,                         \
		    M(NONE, NR, NR, 0, 0, 0), 0, 0, false                      \
	}

#define SI X86_STR_RSI
#define DI X86_STR_RDI
#define CX X86_STR_RCX
#define AX X86_STR_RAX

static const struct tcase cases[] = {
	/* ---- 64-bit mode: MOV loads/stores, addressing ------------------ */
	LOAD(L64, "8b00", "mov eax,[rax]", MOV, 2, 4, 4, false, 0, false,
	     M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "488b0510000000", "mov rax,[rip+0x10]", MOV, 7, 8, 8, false,
	     0, false, RIP(8, 0x10)),
	LOAD(L64, "678b05f0ffffff", "mov eax,[eip-0x10]", MOV, 7, 4, 4, false,
	     0, false, RIP(4, -16)),
	LOAD(L64, "4c8b3d00000080", "mov r15,[rip-0x80000000]", MOV, 7, 8, 8,
	     false, 15, false, RIP(8, -0x80000000ll)),
	STORE(L64, "8820", "mov [rax],ah", 2, 1, 0, true,
	      M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "408820", "mov [rax],spl", 3, 1, 4, false,
	      M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "408838", "mov [rax],dil", 3, 1, 7, false,
	      M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "883b", "mov [rbx],bh", 2, 1, 3, true,
	      M(DS, 3, NR, 1, 8, 0)),
	STORE(L64, "448820", "mov [rax],r12b", 3, 1, 12, false,
	      M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "41408820", "mov [rax],spl (REX 41 then 40: last wins)", 4,
	      1, 4, false, M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "40668820", "mov [rax],ah (REX cancelled by 66)", 4, 1, 0,
	      true, M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "48668918", "mov [rax],bx (REX.W cancelled by 66)", 4, 2, 3,
	      false, M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "66488918", "mov [rax],rbx (REX.W beats 66)", 4, 8, 3, false,
	      M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "6689 18", "mov [rax],bx", 3, 2, 3, false,
	      M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "48891c24", "mov [rsp],rbx", 4, 8, 3, false,
	      M(SS, 4, NR, 1, 8, 0)),
	STORE(L64, "4c89642408", "mov [rsp+8],r12", 5, 8, 12, false,
	      M(SS, 4, NR, 1, 8, 8)),
	STORE(L64, "48895df8", "mov [rbp-8],rbx", 4, 8, 3, false,
	      M(SS, 5, NR, 1, 8, -8)),
	STORE(L64, "41894500", "mov [r13+0],eax (DS, not SS)", 4, 4, 0, false,
	      M(DS, 13, NR, 1, 8, 0)),
	STORE(L64, "41890424", "mov [r12],eax (DS, not SS)", 4, 4, 0, false,
	      M(DS, 12, NR, 1, 8, 0)),
	STORE(L64, "42890420", "mov [rax+r12],eax (REX.X index 12)", 4, 4, 0,
	      false, M(DS, 0, 12, 1, 8, 0)),
	STORE(L64, "43890424", "mov [r12],eax (REX.X: index 100 is r12)", 4, 4,
	      0, false, M(DS, 12, 12, 1, 8, 0)),
	STORE(L64, "8904e0", "mov [rax],eax (SIB index 100: none)", 3, 4, 0,
	      false, M(DS, 0, NR, 1, 8, 0)),
	STORE(L64, "89042500100000", "mov [0x1000],eax (SIB, no base)", 7, 4, 0,
	      false, M(DS, NR, NR, 1, 8, 0x1000)),
	STORE(L64, "890465000000 80", "mov [0xffffffff80000000],eax", 7, 4, 0,
	      false, M(DS, NR, NR, 1, 8, -0x80000000ll)),
	STORE(L64, "41890425 00100000", "mov [0x1000] (REX.B, base 101 mod 00)",
	      8, 4, 0, false, M(DS, NR, NR, 1, 8, 0x1000)),
	STORE(L64, "418945 00", "mov [r13+0] (rm 101 mod 01)", 4, 4, 0, false,
	      M(DS, 13, NR, 1, 8, 0)),
	STORE(L64, "4189 0500000000", "mov [rip],eax (REX.B keeps RIP-rel)", 7,
	      4, 0, false, RIP(8, 0)),
	LOAD(L64, "67418b042578563412",
	     "mov eax,[0x12345678] (67 + REX.B, SIB base 101 mod 00)", MOV, 9,
	     4, 4, false, 0, false, M(DS, NR, NR, 1, 4, 0x12345678)),
	LOAD(L64, "67438b04f578563412", "mov eax,[r14d*8+0x12345678]", MOV, 9,
	     4, 4, false, 0, false, M(DS, NR, 14, 8, 4, 0x12345678)),
	LOAD(L64, "8b4488fc", "mov eax,[rax+rcx*4-4]", MOV, 4, 4, 4, false, 0,
	     false, M(DS, 0, 1, 4, 8, -4)),
	LOAD(L64, "8b84c878563412", "mov eax,[rax+rcx*8+0x12345678]", MOV, 7, 4,
	     4, false, 0, false, M(DS, 0, 1, 8, 8, 0x12345678)),
	LOAD(L64, "8b4500", "mov eax,[rbp+0] (SS)", MOV, 3, 4, 4, false, 0,
	     false, M(SS, 5, NR, 1, 8, 0)),
	LOAD(L64, "678b0424", "mov eax,[esp] (SS, asz 4)", MOV, 4, 4, 4, false,
	     0, false, M(SS, 4, NR, 1, 4, 0)),
	LOAD(L64, "678b00", "mov eax,[eax]", MOV, 3, 4, 4, false, 0, false,
	     M(DS, 0, NR, 1, 4, 0)),
	LOAD(L64, "2e8b00", "cs: ignored in 64-bit mode", MOV, 3, 4, 4, false,
	     0, false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "368b00", "ss: ignored in 64-bit mode", MOV, 3, 4, 4, false,
	     0, false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "642e8b00", "fs: then cs: (ignored) -> FS", MOV, 4, 4, 4,
	     false, 0, false, M(FS, 0, NR, 1, 8, 0)),
	LOAD(L64, "65648b4500", "gs: fs: -> FS (last), even on rbp", MOV, 5, 4,
	     4, false, 0, false, M(FS, 5, NR, 1, 8, 0)),
	LOAD(L64, "658b042500000000", "mov eax,gs:[0]", MOV, 8, 4, 4, false, 0,
	     false, M(GS, NR, NR, 1, 8, 0)),
	LOAD(L64, "8a20", "mov ah,[rax]", MOV, 2, 1, 1, false, 0, true,
	     M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "458a38", "mov r15b,[r8]", MOV, 3, 1, 1, false, 15, false,
	     M(DS, 8, NR, 1, 8, 0)),
	STOREI(L64, "c600ff", "mov byte [rax],0xff", 3, 1, 0xff,
	       M(DS, 0, NR, 1, 8, 0)),
	STOREI(L64, "c700ffffffff", "mov dword [rax],-1", 6, 4, 0xffffffff,
	       M(DS, 0, NR, 1, 8, 0)),
	STOREI(L64, "48c700ffffffff", "mov qword [rax],-1 (imm32 sext)", 7, 8,
	       ~0ull, M(DS, 0, NR, 1, 8, 0)),
	STOREI(L64, "48c70000000080", "mov qword [rax],0xffffffff80000000", 7,
	       8, 0xffffffff80000000ull, M(DS, 0, NR, 1, 8, 0)),
	STOREI(L64, "66c7003412", "mov word [rax],0x1234", 5, 2, 0x1234,
	       M(DS, 0, NR, 1, 8, 0)),
	STOREI(L64, "c705f0ffffff78563412", "mov dword [rip-0x10],imm32", 10, 4,
	       0x12345678, RIP(8, -16)),
	NO(L64, "c60800", "C6 /1: reserved"),
	NO(L64, "c7f800000000", "C7 /7 mod 3: XBEGIN, no memory"),
	NO(L64, "c7c000000000", "mov eax,imm (register form)"),
	/* moffs */
	LOAD(L64, "a1efcdab8967452301", "mov eax,[moffs64]", MOV, 9, 4, 4,
	     false, 0, false, M(DS, NR, NR, 1, 8, 0x0123456789abcdefll)),
	STORE(L64, "48a30000000000000080", "mov [moffs64],rax", 10, 8, 0, false,
	      M(DS, NR, NR, 1, 8, (int64_t)0x8000000000000000ull)),
	LOAD(L64, "67a078563412", "mov al,[moffs32]", MOV, 6, 1, 1, false, 0,
	     false, M(DS, NR, NR, 1, 4, 0x12345678)),
	STORE(L64, "67a200000080", "mov [moffs32],al (zero-extended)", 6, 1, 0,
	      false, M(DS, NR, NR, 1, 4, 0x80000000ll)),
	STORE(L64, "6566a30000000000000000", "mov gs:[moffs64],ax", 11, 2, 0,
	      false, M(GS, NR, NR, 1, 8, 0)),
	NO(L64, "f0a10000000000000000", "lock mov moffs"),
	/* MOVZX / MOVSX / MOVSXD */
	LOAD(L64, "0fb600", "movzx eax,byte [rax]", MOVZX, 3, 4, 1, false, 0,
	     false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "480fb708", "movzx rcx,word [rax]", MOVZX, 4, 8, 2, false, 1,
	     false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "660fb620", "movzx sp,byte [rax] (reg 4 is SP, not AH)",
	     MOVZX, 4, 2, 1, false, 4, false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "480fbf00", "movsx rax,word [rax]", MOVSX, 4, 8, 2, true, 0,
	     false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "660fbe00", "movsx ax,byte [rax]", MOVSX, 4, 2, 1, true, 0,
	     false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "660fbf00", "movsx ax,word [rax]: nothing to extend", MOVSX,
	     4, 2, 2, false, 0, false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "4c0fbe3c24", "movsx r15,byte [rsp]", MOVSX, 5, 8, 1, true,
	     15, false, M(SS, 4, NR, 1, 8, 0)),
	LOAD(L64, "486300", "movsxd rax,dword [rax]", MOVSXD, 3, 8, 4, true, 0,
	     false, M(DS, 0, NR, 1, 8, 0)),
	LOAD(L64, "6300", "movsxd eax,dword [rax]: a plain move", MOVSXD, 2, 4,
	     4, false, 0, false, M(DS, 0, NR, 1, 8, 0)),
	NO(L64, "666300", "movsxd r16: vendors differ, declined"),
	NO(L64, "0fb6c0", "movzx eax,al (register)"),
	/* strings */
	STR(L64, "a4", "movsb", MOVS, COPY, RW, 1, 1, false, NONE,
	    M(DS, 6, NR, 1, 8, 0), NONE, SI | DI),
	STR(L64, "f3a4", "rep movsb", MOVS, COPY, RW, 2, 1, false, NONE,
	    M(DS, 6, NR, 1, 8, 0), REP, SI | DI | CX),
	STR(L64, "f348a5", "rep movsq", MOVS, COPY, RW, 3, 8, false, NONE,
	    M(DS, 6, NR, 1, 8, 0), REP, SI | DI | CX),
	STR(L64, "f2a5", "repne movsd (repeats like rep)", MOVS, COPY, RW, 2, 4,
	    false, NONE, M(DS, 6, NR, 1, 8, 0), REPNE, SI | DI | CX),
	STR(L64, "f2f3a5", "f2 f3 movsd: the last wins", MOVS, COPY, RW, 3, 4,
	    false, NONE, M(DS, 6, NR, 1, 8, 0), REP, SI | DI | CX),
	STR(L64, "64a4", "movsb fs:[rsi]", MOVS, COPY, RW, 2, 1, false, NONE,
	    M(FS, 6, NR, 1, 8, 0), NONE, SI | DI),
	STR(L64, "26a4", "es: ignored in 64-bit mode", MOVS, COPY, RW, 2, 1,
	    false, NONE, M(DS, 6, NR, 1, 8, 0), NONE, SI | DI),
	STR(L64, "6766a5", "movsw, 32-bit address", MOVS, COPY, RW, 3, 2, false,
	    NONE, M(DS, 6, NR, 1, 4, 0), NONE, SI | DI),
	STR(L64, "aa", "stosb", STOS, STORE, W, 1, 1, true, REG,
	    M(ES, 7, NR, 1, 8, 0), NONE, DI | AX),
	STR(L64, "64f3ab", "rep stosd: fs: does not apply", STOS, STORE, W, 3,
	    4, true, REG, M(ES, 7, NR, 1, 8, 0), REP, DI | AX | CX),
	STR(L64, "67aa", "stosb, 32-bit address", STOS, STORE, W, 2, 1, true,
	    REG, M(ES, 7, NR, 1, 4, 0), NONE, DI | AX),
	STR(L64, "66ad", "lodsw", LODS, LOAD, R, 2, 2, false, REG,
	    M(DS, 6, NR, 1, 8, 0), NONE, SI | AX),
	STR(L64, "65f348ad", "rep lodsq gs:", LODS, LOAD, R, 4, 8, false, REG,
	    M(GS, 6, NR, 1, 8, 0), REP, SI | AX | CX),
	NO(L64, "f0a4", "lock movsb: #UD"),
	NO(L64, "f0f3aa", "lock rep stosb: #UD"),
	NO(L64, "a6", "cmpsb: not claimed"),
	NO(L64, "ae", "scasb: not claimed"),
	/* ALU r/m,r and r,r/m */
	ALU(L64, "0118", "add [rax],ebx", ADD, ALU_TO_MEM, RW, 2, 4, true, REG,
	    3, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "0318", "add ebx,[rax]", ADD, ALU_TO_REG, R, 2, 4, false, REG,
	    3, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f00118", "lock add [rax],ebx", ADD, ALU_TO_MEM, RW | AT, 3, 4,
	    true, REG, 3, false, 0, M(DS, 0, NR, 1, 8, 0), true),
	NO(L64, "f00318", "lock add ebx,[rax]: #UD"),
	ALU(L64, "0820", "or [rax],ah", OR, ALU_TO_MEM, RW, 2, 1, true, REG, 0,
	    true, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "4c1138", "adc [rax],r15", ADC, ALU_TO_MEM, RW, 3, 8, true,
	    REG, 15, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "1a08", "sbb cl,[rax]", SBB, ALU_TO_REG, R, 2, 1, false, REG,
	    1, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "662108", "and [rax],cx", AND, ALU_TO_MEM, RW, 3, 2, true, REG,
	    1, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "2b4510", "sub eax,[rbp+0x10]", SUB, ALU_TO_REG, R, 3, 4,
	    false, REG, 0, false, 0, M(SS, 5, NR, 1, 8, 0x10), false),
	ALU(L64, "3130", "xor [rax],esi", XOR, ALU_TO_MEM, RW, 2, 4, true, REG,
	    6, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "3800", "cmp [rax],al", CMP, FLAGS, R, 2, 1, true, REG, 0,
	    false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "3b00", "cmp eax,[rax]", CMP, FLAGS, R, 2, 4, false, REG, 0,
	    false, 0, M(DS, 0, NR, 1, 8, 0), false),
	NO(L64, "f03800", "lock cmp: #UD"),
	NO(L64, "0400", "add al,imm8: no memory"),
	NO(L64, "01c0", "add eax,eax: register form"),
	/* group 1 */
	ALU(L64, "800880", "or byte [rax],0x80", OR, ALU_TO_MEM, RW, 3, 1, true,
	    IMM, 0, false, 0x80, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "8328ff", "sub dword [rax],-1", SUB, ALU_TO_MEM, RW, 3, 4,
	    true, IMM, 0, false, 0xffffffff, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "668328ff", "sub word [rax],-1", SUB, ALU_TO_MEM, RW, 4, 2,
	    true, IMM, 0, false, 0xffff, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "48833880", "cmp qword [rax],-128", CMP, FLAGS, R, 4, 8, true,
	    IMM, 0, false, 0xffffffffffffff80ull, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "48812000000080", "and qword [rax],0xffffffff80000000", AND,
	    ALU_TO_MEM, RW, 7, 8, true, IMM, 0, false, 0xffffffff80000000ull,
	    M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "66813034 12", "xor word [rax],0x1234", XOR, ALU_TO_MEM, RW, 5,
	    2, true, IMM, 0, false, 0x1234, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f0831001", "lock adc dword [rax],1", ADC, ALU_TO_MEM, RW | AT,
	    4, 4, true, IMM, 0, false, 1, M(DS, 0, NR, 1, 8, 0), true),
	ALU(L64, "811d0000000001000000", "sbb dword [rip],1", SBB, ALU_TO_MEM,
	    RW, 10, 4, true, IMM, 0, false, 1, RIP(8, 0), false),
	NO(L64, "f0833801", "lock cmp dword [rax],1: #UD"),
	NO(L64, "820001", "82: #UD in 64-bit mode"),
	/* TEST, XCHG, NOT, NEG, INC, DEC */
	ALU(L64, "8420", "test [rax],ah", TEST, FLAGS, R, 2, 1, true, REG, 0,
	    true, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "4885 00", "test [rax],rax", TEST, FLAGS, R, 3, 8, true, REG,
	    0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f60001", "test byte [rax],1", TEST, FLAGS, R, 3, 1, true, IMM,
	    0, false, 1, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f60801", "test byte [rax],1 (F6 /1 alias)", TEST, FLAGS, R, 3,
	    1, true, IMM, 0, false, 1, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f70078563412", "test dword [rax],0x12345678", TEST, FLAGS, R,
	    6, 4, true, IMM, 0, false, 0x12345678, M(DS, 0, NR, 1, 8, 0),
	    false),
	ALU(L64, "48f700ffffffff", "test qword [rax],-1", TEST, FLAGS, R, 7, 8,
	    true, IMM, 0, false, ~0ull, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "66f7003412", "test word [rax],0x1234", TEST, FLAGS, R, 5, 2,
	    true, IMM, 0, false, 0x1234, M(DS, 0, NR, 1, 8, 0), false),
	NO(L64, "f0f60001", "lock test: #UD"),
	ALU(L64, "8600", "xchg [rax],al", XCHG, XCHG, RW | AT, 2, 1, true, REG,
	    0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f08708", "lock xchg [rax],ecx", XCHG, XCHG, RW | AT, 3, 4,
	    true, REG, 1, false, 0, M(DS, 0, NR, 1, 8, 0), true),
	ALU(L64, "f610", "not byte [rax]", NOT, ALU_TO_MEM, RW, 2, 1, true,
	    NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f718", "neg dword [rax]", NEG, ALU_TO_MEM, RW, 2, 4, true,
	    NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f048f718", "lock neg qword [rax]", NEG, ALU_TO_MEM, RW | AT,
	    4, 8, true, NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), true),
	NO(L64, "f620", "mul byte [rax]: not claimed"),
	NO(L64, "f738", "idiv dword [rax]: not claimed"),
	ALU(L64, "fe00", "inc byte [rax]", INC, ALU_TO_MEM, RW, 2, 1, true,
	    NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "fe08", "dec byte [rax]", DEC, ALU_TO_MEM, RW, 2, 1, true,
	    NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "ff00", "inc dword [rax]", INC, ALU_TO_MEM, RW, 2, 4, true,
	    NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "f048ff08", "lock dec qword [rax]", DEC, ALU_TO_MEM, RW | AT,
	    4, 8, true, NONE, 0, false, 0, M(DS, 0, NR, 1, 8, 0), true),
	NO(L64, "fe10", "FE /2: reserved"),
	NO(L64, "ff10", "call [rax]: not claimed"),
	NO(L64, "ff30", "push [rax]: not claimed"),
	/* BT */
	ALU(L64, "0fa300", "bt [rax],eax", BT, FLAGS, R, 3, 4, true, REG, 0,
	    false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "480fa308", "bt [rax],rcx", BT, FLAGS, R, 4, 8, true, REG, 1,
	    false, 0, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "0fba203f", "bt dword [rax],63 (raw imm8)", BT, FLAGS, R, 4, 4,
	    true, IMM, 0, false, 0x3f, M(DS, 0, NR, 1, 8, 0), false),
	ALU(L64, "660fba20ff", "bt word [rax],0xff (raw imm8)", BT, FLAGS, R, 5,
	    2, true, IMM, 0, false, 0xff, M(DS, 0, NR, 1, 8, 0), false),
	NO(L64, "0fba2801", "bts: not claimed"),
	NO(L64, "0fab00", "bts r/m,r: not claimed"),
	NO(L64, "0fba0001", "0F BA /0: reserved"),
	NO(L64, "f00fa300", "lock bt: #UD"),
	/* not ours / no memory / invalid */
	NO(L64, "90", "nop"),
	NO(L64, "8bc0", "mov eax,eax"),
	NO(L64, "8c00", "mov [rax],es: not claimed"),
	NO(L64, "8e00", "mov es,[rax]: not claimed"),
	NO(L64, "0f3800", "0F 38 escape"),
	NO(L64, "c5f877", "VEX vzeroupper"),
	NO(L64, "0f05", "syscall"),
	NO(L64, "48", "REX alone: truncated"),
	NO(L64, "", "empty input"),

	/* ---- 32-bit protected mode --------------------------------------- */
	LOAD(P32, "8b00", "mov eax,[eax]", MOV, 2, 4, 4, false, 0, false,
	     M(DS, 0, NR, 1, 4, 0)),
	LOAD(P32, "8b0578563412", "mov eax,[0x12345678] (no RIP-rel)", MOV, 6,
	     4, 4, false, 0, false, M(DS, NR, NR, 1, 4, 0x12345678)),
	LOAD(P32, "668b00", "mov ax,[eax]", MOV, 3, 2, 2, false, 0, false,
	     M(DS, 0, NR, 1, 4, 0)),
	LOAD(P32, "678b00", "mov eax,[bx+si]", MOV, 3, 4, 4, false, 0, false,
	     M(DS, 3, 6, 1, 2, 0)),
	LOAD(P32, "2e8b00", "mov eax,cs:[eax]", MOV, 3, 4, 4, false, 0, false,
	     M(CS, 0, NR, 1, 4, 0)),
	LOAD(P32, "368b00", "mov eax,ss:[eax]", MOV, 3, 4, 4, false, 0, false,
	     M(SS, 0, NR, 1, 4, 0)),
	LOAD(P32, "268b4500", "mov eax,es:[ebp]", MOV, 4, 4, 4, false, 0, false,
	     M(ES, 5, NR, 1, 4, 0)),
	LOAD(P32, "642e8b00", "fs: then cs: -> CS (last)", MOV, 4, 4, 4, false,
	     0, false, M(CS, 0, NR, 1, 4, 0)),
	LOAD(P32, "8b04cd00100000", "mov eax,[ecx*8+0x1000]", MOV, 7, 4, 4,
	     false, 0, false, M(DS, NR, 1, 8, 4, 0x1000)),
	STORE(P32, "8820", "mov [eax],ah", 2, 1, 0, true,
	      M(DS, 0, NR, 1, 4, 0)),
	NO(P32, "408820", "40 is INC eax in 32-bit mode"),
	ALU(P32, "820001", "add byte [eax],1 (82 alias)", ADD, ALU_TO_MEM, RW,
	    3, 1, true, IMM, 0, false, 1, M(DS, 0, NR, 1, 4, 0), false),
	ALU(P32, "823801", "cmp byte [eax],1 (82 alias)", CMP, FLAGS, R, 3, 1,
	    true, IMM, 0, false, 1, M(DS, 0, NR, 1, 4, 0), false),
	NO(P32, "6300", "ARPL"),
	LOAD(P32, "a178563412", "mov eax,[moffs32]", MOV, 5, 4, 4, false, 0,
	     false, M(DS, NR, NR, 1, 4, 0x12345678)),
	LOAD(P32, "67a13412", "mov eax,[moffs16]", MOV, 4, 4, 4, false, 0,
	     false, M(DS, NR, NR, 1, 2, 0x1234)),
	STR(P32, "f3a5", "rep movsd", MOVS, COPY, RW, 2, 4, false, NONE,
	    M(DS, 6, NR, 1, 4, 0), REP, SI | DI | CX),
	STR(P32, "26a4", "movsb es:[esi]", MOVS, COPY, RW, 2, 1, false, NONE,
	    M(ES, 6, NR, 1, 4, 0), NONE, SI | DI),
	STR(P32, "2eab", "stosd: cs: does not apply", STOS, STORE, W, 2, 4,
	    true, REG, M(ES, 7, NR, 1, 4, 0), NONE, DI | AX),
	STR(P32, "67ac", "lodsb [si]", LODS, LOAD, R, 2, 1, false, REG,
	    M(DS, 6, NR, 1, 2, 0), NONE, SI | AX),
	NO(P32, "f00fa300", "lock bt: #UD"),

	/* ---- 16-bit modes ------------------------------------------------ */
	LOAD(RM, "8b00", "mov ax,[bx+si]", MOV, 2, 2, 2, false, 0, false,
	     M(DS, 3, 6, 1, 2, 0)),
	LOAD(RM, "8b01", "mov ax,[bx+di]", MOV, 2, 2, 2, false, 0, false,
	     M(DS, 3, 7, 1, 2, 0)),
	LOAD(RM, "8b02", "mov ax,[bp+si] (SS)", MOV, 2, 2, 2, false, 0, false,
	     M(SS, 5, 6, 1, 2, 0)),
	LOAD(RM, "8b03", "mov ax,[bp+di] (SS)", MOV, 2, 2, 2, false, 0, false,
	     M(SS, 5, 7, 1, 2, 0)),
	LOAD(RM, "8b04", "mov ax,[si]", MOV, 2, 2, 2, false, 0, false,
	     M(DS, 6, NR, 1, 2, 0)),
	LOAD(RM, "8b05", "mov ax,[di]", MOV, 2, 2, 2, false, 0, false,
	     M(DS, 7, NR, 1, 2, 0)),
	LOAD(RM, "8b063412", "mov ax,[0x1234]", MOV, 4, 2, 2, false, 0, false,
	     M(DS, NR, NR, 1, 2, 0x1234)),
	LOAD(RM, "8b07", "mov ax,[bx]", MOV, 2, 2, 2, false, 0, false,
	     M(DS, 3, NR, 1, 2, 0)),
	LOAD(RM, "8b4602", "mov ax,[bp+2] (SS)", MOV, 3, 2, 2, false, 0, false,
	     M(SS, 5, NR, 1, 2, 2)),
	LOAD(RM, "8b46fe", "mov ax,[bp-2]", MOV, 3, 2, 2, false, 0, false,
	     M(SS, 5, NR, 1, 2, -2)),
	LOAD(RM, "8b860080", "mov ax,[bp-0x8000]", MOV, 4, 2, 2, false, 0,
	     false, M(SS, 5, NR, 1, 2, -0x8000)),
	LOAD(RM, "3e8b4602", "mov ax,ds:[bp+2]", MOV, 4, 2, 2, false, 0, false,
	     M(DS, 5, NR, 1, 2, 2)),
	LOAD(RM, "668b00", "mov eax,[bx+si]", MOV, 3, 4, 4, false, 0, false,
	     M(DS, 3, 6, 1, 2, 0)),
	LOAD(RM, "678b00", "mov ax,[eax]", MOV, 3, 2, 2, false, 0, false,
	     M(DS, 0, NR, 1, 4, 0)),
	LOAD(RM, "678b0424", "mov ax,[esp] (SS)", MOV, 4, 2, 2, false, 0, false,
	     M(SS, 4, NR, 1, 4, 0)),
	LOAD(RM, "a13412", "mov ax,[moffs16]", MOV, 3, 2, 2, false, 0, false,
	     M(DS, NR, NR, 1, 2, 0x1234)),
	STOREI(RM, "c70600103412", "mov word [0x1000],0x1234", 6, 2, 0x1234,
	       M(DS, NR, NR, 1, 2, 0x1000)),
	STOREI(RM, "66c7060010 78563412", "mov dword [0x1000],imm32", 9, 4,
	       0x12345678, M(DS, NR, NR, 1, 2, 0x1000)),
	STORE(RM, "88260010", "mov [0x1000],ah", 4, 1, 0, true,
	      M(DS, NR, NR, 1, 2, 0x1000)),
	LOAD(RM, "0fb607", "movzx ax,byte [bx]", MOVZX, 3, 2, 1, false, 0,
	     false, M(DS, 3, NR, 1, 2, 0)),
	LOAD(RM, "660fbf07", "movsx eax,word [bx]", MOVSX, 4, 4, 2, true, 0,
	     false, M(DS, 3, NR, 1, 2, 0)),
	STR(RM, "f3a4", "rep movsb", MOVS, COPY, RW, 2, 1, false, NONE,
	    M(DS, 6, NR, 1, 2, 0), REP, SI | DI | CX),
	STR(RM, "67f3a5", "rep movsw, 32-bit address", MOVS, COPY, RW, 3, 2,
	    false, NONE, M(DS, 6, NR, 1, 4, 0), REP, SI | DI | CX),
	ALU(RM, "8306001001", "add word [0x1000],1", ADD, ALU_TO_MEM, RW, 5, 2,
	    true, IMM, 0, false, 1, M(DS, NR, NR, 1, 2, 0x1000), false),
	ALU(RM, "f0ff07", "lock inc word [bx]", INC, ALU_TO_MEM, RW | AT, 3, 2,
	    true, NONE, 0, false, 0, M(DS, 3, NR, 1, 2, 0), true),
	NO(RM, "6300", "ARPL"),
	LOAD(P16, "8b4602", "mov ax,[bp+2] (SS), 16-bit protected", MOV, 3, 2,
	     2, false, 0, false, M(SS, 5, NR, 1, 2, 2)),
	LOAD(P16, "668b44fe", "mov eax,[si-2]", MOV, 4, 4, 4, false, 0, false,
	     M(DS, 6, NR, 1, 2, -2)),
	ALU(P16, "84 27", "test [bx],ah", TEST, FLAGS, R, 2, 1, true, REG, 0,
	    true, 0, M(DS, 3, NR, 1, 2, 0), false),
	ALU(P16, "0fba2707", "bt word [bx],7", BT, FLAGS, R, 4, 2, true, IMM, 0,
	    false, 7, M(DS, 3, NR, 1, 2, 0), false),
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static size_t hex_bytes(const char *h, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (*h && n < max) {
		unsigned v;
		if (*h == ' ') {
			h++;
			continue;
		}
		if (sscanf(h, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

static void want_of(const struct tcase *c, struct x86_mem_insn *w)
{
	memset(w, 0, sizeof(*w));
	w->op = c->op;
	w->kind = c->kind;
	w->access = c->access;
	w->len = c->len;
	w->op_size = c->osz;
	w->mem_size = c->msz;
	w->sign_ext = c->sext;
	w->mem_first = c->mem_first;
	w->other = c->other;
	w->reg = c->reg;
	w->reg_high8 = c->high8;
	w->imm = c->imm;
	w->mem = c->mem;
	w->mem2 =
	    (struct x86_mem_operand){ X86_SEG_NONE, NR, NR, 0, 0, false, 0 };
	if (c->op == X86_OP_MOVS)
		w->mem2 =
		    (struct x86_mem_operand){ X86_SEG_ES,       7,     NR, 1,
					      c->mem.addr_size, false, 0 };
	w->rep = c->rep;
	w->str_regs = c->str;
	w->lock = c->lock;
}

/* Decode `n` bytes from an exact-size heap copy (ASan: no over-read). */
static int decode_exact(enum x86_cpu_mode mode, const uint8_t *b, size_t n,
			struct x86_mem_insn *out, bool *poison_ok)
{
	uint8_t *copy = malloc(n ? n : 1);
	int rc;

	if (!copy)
		abort();
	memcpy(copy, b, n);
	*poison_ok = x86_mem_decode_poisoned(mode, copy, n, out, &rc);
	free(copy);
	return rc;
}

static void test_cases(void)
{
	for (size_t i = 0; i < NCASES; i++) {
		const struct tcase *c = &cases[i];
		uint8_t b[32];
		size_t n = hex_bytes(c->hex, b, sizeof(b));
		struct x86_mem_insn want, got, got2;
		bool poison_ok, ok, trunc_ok = true, tail_ok;
		int rc, rc2;
		char g[512], w[512];

		want_of(c, &want);
		rc = decode_exact(c->mode, b, n, &got, &poison_ok);
		ok = poison_ok && x86_mem_insn_equal(&got, &want) &&
		     rc == (c->op == X86_OP_NONE ? AXVCPU_EINVAL : 0) &&
		     x86_mem_result_valid(c->mode, n, &got, rc);
		if (c->op != X86_OP_NONE && c->len != n)
			ok = false; /* the table gives exact encodings */
		/* Garbage after the instruction changes nothing. */
		for (size_t k = n; k < sizeof(b); k++)
			b[k] = (uint8_t)(0x9b + 7 * k);
		rc2 = x86_decode_mem(c->mode, b, sizeof(b), &got2);
		tail_ok = c->op == X86_OP_NONE ||
			  (rc2 == 0 && x86_mem_insn_equal(&got2, &want));
		/* Every shorter prefix of a decoded instruction: declined. */
		if (c->op != X86_OP_NONE)
			for (size_t k = 0; k < n; k++) {
				struct x86_mem_insn t;
				bool p;
				if (decode_exact(c->mode, b, k, &t, &p) !=
					AXVCPU_EINVAL ||
				    !p ||
				    !x86_mem_result_valid(c->mode, k, &t,
							  AXVCPU_EINVAL))
					trunc_ok = false;
			}
		if (!tap_ok(ok && tail_ok && trunc_ok, "mode %d %s: %s",
			    (int)c->mode, c->hex, c->name)) {
			x86_mem_insn_format(g, sizeof(g), rc, &got);
			x86_mem_insn_format(
			    w, sizeof(w),
			    c->op == X86_OP_NONE ? AXVCPU_EINVAL : 0, &want);
			tap_diag("got  %s", g);
			tap_diag("want %s", w);
			tap_diag("poison_ok=%d tail_ok=%d trunc_ok=%d",
				 (int)poison_ok, (int)tail_ok, (int)trunc_ok);
		}
	}
}

/* The 15-byte limit, with redundant prefixes. */
static void test_length_limit(void)
{
	uint8_t b[20];
	struct x86_mem_insn a;

	for (size_t npfx = 0; npfx <= 16; npfx++) {
		size_t n = 0;
		int rc;

		for (size_t i = 0; i < npfx; i++)
			b[n++] = i & 1 ? 0x66 : 0x3e;
		b[n++] = 0x89;
		b[n++] = 0x00;
		rc = x86_decode_mem(X86_MODE_PROT32, b, n, &a);
		if (n <= 15)
			tap_ok(rc == 0 && a.len == n &&
				   a.op_size == (npfx >= 2 ? 2 : 4),
			       "%zu prefixes + 89 00 = %zu bytes: decoded",
			       npfx, n);
		else
			tap_ok(rc == AXVCPU_EINVAL &&
				   x86_mem_result_valid(X86_MODE_PROT32, n, &a,
							rc),
			       "%zu prefixes + 89 00 = %zu bytes: declined "
			       "(#GP)",
			       npfx, n);
	}
	/* 15 bytes exactly with an immediate: 10 prefixes + C7 05 disp32
	 * would be 16; 9 prefixes + C7 00 imm32 = 15. */
	memset(b, 0x66, 9);
	memcpy(b + 9, "\xc7\x00\x78\x56\x34\x12", 6);
	tap_ok(x86_decode_mem(X86_MODE_PROT16, b, 15, &a) == 0 && a.len == 15 &&
		   a.imm == 0x12345678,
	       "9 x 66 + mov dword [bx+si],imm32: 15 bytes, decoded");
	memset(b, 0x66, 10);
	memcpy(b + 10, "\xc7\x00\x78\x56\x34\x12", 6);
	tap_ok(x86_decode_mem(X86_MODE_PROT16, b, 16, &a) == AXVCPU_EINVAL,
	       "10 x 66 + mov dword [bx+si],imm32: 16 bytes, declined");
}

static void test_null(void)
{
	static const uint8_t b[] = { 0x8b, 0x00 };
	struct x86_mem_insn a;

	tap_is(x86_decode_mem(X86_MODE_LONG64, b, 2, NULL), AXVCPU_EINVAL,
	       "NULL out is refused");
	memset(&a, 0x5a, sizeof(a));
	tap_ok(x86_decode_mem(X86_MODE_LONG64, NULL, 2, &a) == AXVCPU_EINVAL &&
		   x86_mem_result_valid(X86_MODE_LONG64, 2, &a, AXVCPU_EINVAL),
	       "NULL bytes: refused, out written with none values");
	memset(&a, 0x5a, sizeof(a));
	tap_ok(x86_decode_mem((enum x86_cpu_mode)4, b, 2, &a) ==
		       AXVCPU_EINVAL &&
		   x86_mem_result_valid(X86_MODE_LONG64, 2, &a, AXVCPU_EINVAL),
	       "unknown mode: refused, out written with none values");
}

static uint64_t rng_state = 0x5eedc0de1234ull;

static uint64_t rng64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Random inputs: every member written, the rules hold, and a decoded
 * instruction decodes the same from exactly its own bytes. */
static void test_random(void)
{
	unsigned n = 400000, bad = 0, decoded = 0;

	for (unsigned k = 0; k < n; k++) {
		uint8_t b[16];
		enum x86_cpu_mode mode = (enum x86_cpu_mode)(k & 3);
		struct x86_mem_insn a, e;
		bool p;
		int rc;

		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)rng64();
		/* Bias towards claimed opcodes after a few prefixes. */
		if (k & 4)
			b[rng64() % 4] = (uint8_t)(k >> 3);
		rc = decode_exact(mode, b, sizeof(b), &a, &p);
		if (!p || !x86_mem_result_valid(mode, sizeof(b), &a, rc))
			bad++;
		if (rc == 0) {
			decoded++;
			if (decode_exact(mode, b, a.len, &e, &p) != 0 || !p ||
			    !x86_mem_insn_equal(&a, &e))
				bad++;
		}
	}
	tap_ok(bad == 0,
	       "%u random inputs (%u decoded): rules hold, out fully "
	       "written, exact-length decode agrees (%u broken)",
	       n, decoded, bad);
}

/* ---- x86_alu_apply against the host CPU ---------------------------- */

/*
 * Run one instruction on the host with the given arithmetic flags. The
 * stack pointer steps over the red zone before pushf/popf.
 */
#define HOST2(fn, insn, type, mod)                                             \
	static void fn(uint64_t *d, uint64_t s, uint64_t *fl)                  \
	{                                                                      \
		type dd = (type)*d, ss = (type)s;                              \
		uint64_t f = *fl & X86_RFLAGS_ARITH;                           \
		__asm__ volatile("lea -128(%%rsp), %%rsp\n\t"                  \
				 "pushfq\n\t"                                  \
				 "andq $~0x8d5, (%%rsp)\n\t"                   \
				 "orq %[f], (%%rsp)\n\t"                       \
				 "popfq\n\t" insn " %" mod "[s], %" mod        \
				 "[d]\n\t"                                     \
				 "pushfq\n\t"                                  \
				 "popq %[f]\n\t"                               \
				 "lea 128(%%rsp), %%rsp"                       \
				 : [d] "+q"(dd), [f] "+r"(f)                   \
				 : [s] "q"(ss)                                 \
				 : "cc", "memory");                            \
		*d = dd;                                                       \
		*fl = f;                                                       \
	}
#define HOST1(fn, insn, type, mod)                                             \
	static void fn(uint64_t *d, uint64_t s, uint64_t *fl)                  \
	{                                                                      \
		type dd = (type)*d;                                            \
		uint64_t f = *fl & X86_RFLAGS_ARITH;                           \
		(void)s;                                                       \
		__asm__ volatile("lea -128(%%rsp), %%rsp\n\t"                  \
				 "pushfq\n\t"                                  \
				 "andq $~0x8d5, (%%rsp)\n\t"                   \
				 "orq %[f], (%%rsp)\n\t"                       \
				 "popfq\n\t" insn " %" mod "[d]\n\t"           \
				 "pushfq\n\t"                                  \
				 "popq %[f]\n\t"                               \
				 "lea 128(%%rsp), %%rsp"                       \
				 : [d] "+q"(dd), [f] "+r"(f)                   \
				 :                                             \
				 : "cc", "memory");                            \
		*d = dd;                                                       \
		*fl = f;                                                       \
	}
#define SIZES(H, name, op)                                                     \
	H(name##_1, op "b", uint8_t, "b")                                      \
	H(name##_2, op "w", uint16_t, "w")                                     \
	H(name##_4, op "l", uint32_t, "k")                                     \
	H(name##_8, op "q", uint64_t, "q")

SIZES(HOST2, h_add, "add")
SIZES(HOST2, h_or, "or")
SIZES(HOST2, h_adc, "adc")
SIZES(HOST2, h_sbb, "sbb")
SIZES(HOST2, h_and, "and")
SIZES(HOST2, h_sub, "sub")
SIZES(HOST2, h_xor, "xor")
SIZES(HOST2, h_cmp, "cmp")
SIZES(HOST2, h_test, "test")
SIZES(HOST1, h_not, "not")
SIZES(HOST1, h_neg, "neg")
SIZES(HOST1, h_inc, "inc")
SIZES(HOST1, h_dec, "dec")
HOST2(h_bt_2, "btw", uint16_t, "w")
HOST2(h_bt_4, "btl", uint32_t, "k")
HOST2(h_bt_8, "btq", uint64_t, "q")

typedef void (*host_fn)(uint64_t *, uint64_t, uint64_t *);

#define ALL_FL X86_RFLAGS_ARITH
#define LOGIC_FL (ALL_FL & ~(uint64_t)X86_RFLAGS_AF)

static const struct {
	enum x86_mem_op op;
	host_fn fn[4];
	/* Flags the manuals define for it (undefined ones not compared). */
	uint64_t defined;
} alu_ops[] = {
	{ X86_OP_ADD, { h_add_1, h_add_2, h_add_4, h_add_8 }, ALL_FL },
	{ X86_OP_OR, { h_or_1, h_or_2, h_or_4, h_or_8 }, LOGIC_FL },
	{ X86_OP_ADC, { h_adc_1, h_adc_2, h_adc_4, h_adc_8 }, ALL_FL },
	{ X86_OP_SBB, { h_sbb_1, h_sbb_2, h_sbb_4, h_sbb_8 }, ALL_FL },
	{ X86_OP_AND, { h_and_1, h_and_2, h_and_4, h_and_8 }, LOGIC_FL },
	{ X86_OP_SUB, { h_sub_1, h_sub_2, h_sub_4, h_sub_8 }, ALL_FL },
	{ X86_OP_XOR, { h_xor_1, h_xor_2, h_xor_4, h_xor_8 }, LOGIC_FL },
	{ X86_OP_CMP, { h_cmp_1, h_cmp_2, h_cmp_4, h_cmp_8 }, ALL_FL },
	{ X86_OP_TEST, { h_test_1, h_test_2, h_test_4, h_test_8 }, LOGIC_FL },
	{ X86_OP_NOT, { h_not_1, h_not_2, h_not_4, h_not_8 }, ALL_FL },
	{ X86_OP_NEG, { h_neg_1, h_neg_2, h_neg_4, h_neg_8 }, ALL_FL },
	{ X86_OP_INC, { h_inc_1, h_inc_2, h_inc_4, h_inc_8 }, ALL_FL },
	{ X86_OP_DEC, { h_dec_1, h_dec_2, h_dec_4, h_dec_8 }, ALL_FL },
	{ X86_OP_BT, { NULL, h_bt_2, h_bt_4, h_bt_8 }, X86_RFLAGS_CF },
};

/* Random operands, a quarter of them from the edges. */
static uint64_t operand(void)
{
	static const uint64_t edges[] = {
		0,          1,          2,          0x7f,       0x80,
		0xff,       0x7fff,     0x8000,     0xffff,     0x7fffffff,
		0x80000000, 0xffffffff, ~0ull >> 1, 1ull << 63, ~0ull,
		0x0f,       0x10,       0x100,      0x8f,       0x7ffe,
	};
	uint64_t r = rng64();

	if ((r & 3) == 0)
		return edges[(r >> 2) % (sizeof(edges) / sizeof(edges[0]))];
	return rng64();
}

static void test_alu_host(void)
{
	const unsigned per = 20000;
	unsigned long long af_logic = 0, af_logic_zero = 0;

	for (size_t o = 0; o < sizeof(alu_ops) / sizeof(alu_ops[0]); o++) {
		for (int si = 0; si < 4; si++) {
			unsigned size = 1u << si, bad = 0;
			uint64_t mask = x86_check_mask(size);

			if (!alu_ops[o].fn[si])
				continue;
			for (unsigned k = 0; k < per; k++) {
				uint64_t a = operand(), b = operand();
				uint64_t fin = rng64() & X86_RFLAGS_ARITH;
				uint64_t hd = a, hf = fin, res, fout;
				uint64_t def = alu_ops[o].defined;

				alu_ops[o].fn[si](&hd, b, &hf);
				if (x86_alu_apply(alu_ops[o].op, size, a, b,
						  fin, &res, &fout) != 0) {
					bad++;
					continue;
				}
				/* Host result for CMP/TEST/BT is dst. */
				if (res != (hd & mask) ||
				    (fout & def) != (hf & def) ||
				    (fout & ~(uint64_t)X86_RFLAGS_ARITH) !=
					(fin & ~(uint64_t)X86_RFLAGS_ARITH)) {
					if (bad++ < 3)
						tap_diag(
						    "%s size %u a=0x%llx "
						    "b=0x%llx fin=0x%llx: got "
						    "0x%llx/0x%llx, cpu "
						    "0x%llx/0x%llx",
						    x86_op_name(alu_ops[o].op),
						    size, (unsigned long long)a,
						    (unsigned long long)b,
						    (unsigned long long)fin,
						    (unsigned long long)res,
						    (unsigned long long)fout,
						    (unsigned long long)(hd &
									 mask),
						    (unsigned long long)hf);
				}
				if (def == LOGIC_FL) {
					af_logic++;
					af_logic_zero += !(hf & X86_RFLAGS_AF);
				}
			}
			tap_ok(bad == 0,
			       "x86_alu_apply %s size %u = host CPU for %u "
			       "operand pairs x random flags (%u differ)",
			       x86_op_name(alu_ops[o].op), size, per, bad);
		}
	}
	/* AF after AND/OR/XOR/TEST is undefined: report, not assert. */
	tap_diag("host CPU left AF = 0 after logic ops in %llu of %llu runs",
		 af_logic_zero, af_logic);
}

static void test_alu_edges(void)
{
	uint64_t r = 0, f = 0;

	tap_is(x86_alu_apply(X86_OP_MOV, 4, 1, 2, 0, &r, &f), AXVCPU_EINVAL,
	       "x86_alu_apply refuses MOV");
	tap_is(x86_alu_apply(X86_OP_ADD, 3, 1, 2, 0, &r, &f), AXVCPU_EINVAL,
	       "x86_alu_apply refuses size 3");
	tap_is(x86_alu_apply(X86_OP_BT, 1, 1, 2, 0, &r, &f), AXVCPU_EINVAL,
	       "x86_alu_apply refuses BT size 1");
	tap_is(x86_alu_apply(X86_OP_ADD, 4, 1, 2, 0, NULL, &f), AXVCPU_EINVAL,
	       "x86_alu_apply refuses NULL result");
	tap_ok(x86_alu_apply(X86_OP_ADD, 1, 0x1ff, 0x101, 0x202, &r, &f) == 0 &&
		   r == 0 &&
		   f == (0x202 | X86_RFLAGS_CF | X86_RFLAGS_ZF | X86_RFLAGS_PF |
			 X86_RFLAGS_AF),
	       "add byte 0xff + 0x01: 0, CF ZF PF AF, high input bits and "
	       "other flags kept");
	tap_ok(x86_alu_apply(X86_OP_BT, 4, 0x80000000u, 0x3f, 0, &r, &f) == 0 &&
		   f == X86_RFLAGS_CF && r == 0x80000000u,
	       "bt dword, offset 63: taken modulo 32 (bit 31)");
}

int main(void)
{
	test_cases();
	test_length_limit();
	test_null();
	test_random();
	test_alu_edges();
	test_alu_host();
	return tap_done(0);
}
