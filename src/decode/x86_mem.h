/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file decode/x86_mem.h
 * Decode the x86 instruction behind an EPT violation / nested page fault.
 *
 * VMX and SVM report only the guest-physical address and whether the access
 * read or wrote. To turn the fault into an MmioRead / MmioWrite exit, the
 * backend fetches the faulting instruction's bytes (up to 15, through the
 * guest's page tables) and asks this decoder what the instruction does:
 * which operation, the operand and memory sizes, the register or immediate
 * on the other side, sign or zero extension, and the full memory-operand
 * decode (segment, base, index, scale, displacement, address size,
 * RIP-relative) so that the backend can compute the linear address and
 * check it against the fault. What it does not decode, it declines
 * (AXVCPU_EINVAL), and the backend reports a NestedPageFault.
 *
 * Pure and freestanding: no libc, no global state, no allocation; safe to
 * call from any context, including concurrently. Never reads beyond the
 * byte count it is given.
 *
 * Coverage (memory-operand forms only; register-only forms are declined):
 *  - MOV 88 89 8A 8B, C6 /0, C7 /0, A0-A3 (moffs);
 *  - MOVZX 0F B6/B7, MOVSX 0F BE/BF, MOVSXD 63 (64-bit mode only; 63 is
 *    ARPL elsewhere, declined; with a 16-bit operand size Intel and AMD
 *    differ in the memory width, so 66 63 is declined too);
 *  - MOVS A4/A5, STOS AA/AB, LODS AC/AD, with or without REP/REPNE;
 *  - ADD OR ADC SBB AND SUB XOR CMP: 00-3B (/r forms), 80 81 83, and 82
 *    (an alias of 80; #UD in 64-bit mode, so declined there);
 *  - TEST 84 85, F6/F7 /0 and /1 (an undocumented alias of /0 that the
 *    CPU executes as TEST; Zydis decodes it too); XCHG 86 87; NOT NEG
 *    F6/F7 /2 /3; INC DEC FE/FF /0 /1;
 *    BT 0F A3, 0F BA /4.
 * Prefixes: 66 67, segment overrides (CS DS ES SS ignored in 64-bit mode,
 * as the CPU does), F2 F3, F0 (only on the lockable forms with a memory
 * destination; anything else is #UD and declined), REX (only when it is the
 * last prefix before the opcode; a REX followed by another prefix is
 * ignored, as the CPU does). More than 15 bytes is declined (#GP).
 */
#ifndef AXVCPU_DECODE_X86_MEM_H
#define AXVCPU_DECODE_X86_MEM_H

#include <axvcpu/error.h>
#include <axvcpu/exit.h> /* AXVCPU_ACCESS_* flags */

#ifdef __cplusplus
extern "C" {
#endif

/** Longest x86 instruction; a longer one raises #GP. */
#define X86_INSN_MAX_LEN 15

/** "No register" in x86_mem_operand::base and ::index. */
#define X86_REG_NONE 0xffu

/** The CPU mode, which sets the default operand and address sizes. */
enum x86_cpu_mode {
	/** Real mode and virtual-8086 mode: 16-bit defaults. */
	X86_MODE_REAL,
	/** Protected or compatibility mode with a 16-bit code segment
	 * (CS.D = 0). */
	X86_MODE_PROT16,
	/** Protected or compatibility mode with a 32-bit code segment
	 * (CS.D = 1). */
	X86_MODE_PROT32,
	/** 64-bit mode (long mode, CS.L = 1). */
	X86_MODE_LONG64,
};

/** Segment registers, numbered as in the x86 encoding (Sreg field). */
enum x86_seg {
	X86_SEG_ES = 0,
	X86_SEG_CS = 1,
	X86_SEG_SS = 2,
	X86_SEG_DS = 3,
	X86_SEG_FS = 4,
	X86_SEG_GS = 5,
	/** No memory operand (a declined instruction, or mem2 unused). */
	X86_SEG_NONE = 6,
};

/** The operation. The eight group-1 ALU operations are in /reg order. */
enum x86_mem_op {
	X86_OP_NONE = 0, /**< declined */
	X86_OP_MOV,
	X86_OP_MOVZX,
	X86_OP_MOVSX,
	X86_OP_MOVSXD,
	X86_OP_MOVS,
	X86_OP_STOS,
	X86_OP_LODS,
	X86_OP_ADD, /**< group 1 /0; X86_OP_ADD + n is group 1 /n */
	X86_OP_OR,
	X86_OP_ADC,
	X86_OP_SBB,
	X86_OP_AND,
	X86_OP_SUB,
	X86_OP_XOR,
	X86_OP_CMP,
	X86_OP_TEST,
	X86_OP_XCHG,
	X86_OP_NOT,
	X86_OP_NEG,
	X86_OP_INC,
	X86_OP_DEC,
	X86_OP_BT,
	X86_OP_COUNT /**< number of values; not an operation */
};

/** What the backend must do to emulate the instruction. */
enum x86_mem_kind {
	/** Declined: nothing. */
	X86_KIND_NONE = 0,
	/**
	 * Read mem_size bytes, extend them to op_size (sign_ext says how)
	 * and write register `reg`: MOV/MOVZX/MOVSX/MOVSXD loads, LODS.
	 */
	X86_KIND_LOAD,
	/**
	 * Write mem_size bytes of the other operand (register `reg` or
	 * `imm`): MOV stores, STOS.
	 */
	X86_KIND_STORE,
	/** MOVS: read mem_size bytes at `mem`, write them at `mem2`. */
	X86_KIND_COPY,
	/**
	 * Read memory, reg = x86_alu_apply(op, reg, mem), update the flags:
	 * the ALU forms with a register destination (02, 03, 0A, ...).
	 */
	X86_KIND_ALU_TO_REG,
	/**
	 * Read memory, mem = x86_alu_apply(op, mem, other), update the
	 * flags, write memory back (read-modify-write): ALU forms with a
	 * memory destination, NOT NEG INC DEC.
	 */
	X86_KIND_ALU_TO_MEM,
	/**
	 * Read memory and update only the flags: CMP, TEST, BT
	 * (x86_alu_apply with the operands in the order mem_first says).
	 * BT with a register offset (0F A3) addresses a bit string: the
	 * word read is at the decoded address plus op_size * floor(offset /
	 * (8 * op_size)), the offset being the register's signed value, so
	 * it may lie outside the decoded operand; with an immediate (0F BA)
	 * it is the decoded operand itself.
	 */
	X86_KIND_FLAGS,
	/** XCHG: read memory, write register `reg` to it, load the old
	 * memory value into `reg` (atomically). */
	X86_KIND_XCHG,
};

/** The non-memory operand. */
enum x86_operand_kind {
	/** None (NOT NEG INC DEC, MOVS). */
	X86_OPND_NONE = 0,
	/** A general-purpose register: `reg`, `reg_high8`. */
	X86_OPND_REG,
	/** An immediate: `imm`. */
	X86_OPND_IMM,
};

/** REP prefix of a string instruction. */
enum x86_rep {
	X86_REP_NONE = 0,
	/** F3. */
	X86_REP_REP,
	/**
	 * F2. MOVS/STOS/LODS do not test ZF, so the CPU repeats them
	 * exactly as with F3; reported apart only for completeness.
	 */
	X86_REP_REPNE,
};

/** Bits of x86_mem_insn::str_regs: the GPRs a string instruction uses. */
enum x86_str_reg {
	X86_STR_RAX = 1u << 0, /**< STOS source, LODS destination */
	X86_STR_RCX = 1u << 1, /**< the count, with a REP prefix */
	X86_STR_RSI = 1u << 6, /**< source pointer (MOVS, LODS) */
	X86_STR_RDI = 1u << 7, /**< destination pointer (MOVS, STOS) */
};

/**
 * A memory operand. The effective address is
 * `(base + index * scale + disp) mod 2^(8 * addr_size)`, or for a
 * RIP-relative operand `(next_rip + disp) mod 2^(8 * addr_size)` where
 * next_rip is the address of the next instruction (rip + len); the linear
 * address adds the base of segment `seg`.
 */
struct x86_mem_operand {
	/**
	 * The effective segment (enum x86_seg): an override prefix if one
	 * applies, else SS for a base of rSP or rBP (including BP-based
	 * 16-bit forms; not r12/r13), else DS; ES for a string destination
	 * (never overridden). In 64-bit mode CS/DS/ES/SS overrides are
	 * ignored, as the CPU does, and only FS/GS have a base.
	 */
	uint8_t seg;
	/** Base GPR (0-15, x86 numbering incl. REX.B) or X86_REG_NONE. */
	uint8_t base;
	/** Index GPR (0-15 incl. REX.X) or X86_REG_NONE. */
	uint8_t index;
	/** 1, 2, 4 or 8; 1 when there is no index. */
	uint8_t scale;
	/** Address size in bytes: 2, 4 or 8. */
	uint8_t addr_size;
	/** RIP-relative (64-bit mode, ModRM mod=00 rm=101): base and index
	 * are X86_REG_NONE and disp is relative to the next instruction. */
	bool rip_rel;
	/**
	 * Displacement, sign-extended from its encoded size (8, 16 or 32
	 * bits); a moffs (A0-A3) is an absolute offset and is zero-extended.
	 * 0 when there is none.
	 */
	int64_t disp;
};

/**
 * One decoded instruction. x86_decode_mem() writes every member in every
 * case, so a caller never reads stale data. When it declines, every member
 * holds its "none" value: op X86_OP_NONE, kind X86_KIND_NONE, segments
 * X86_SEG_NONE, base/index X86_REG_NONE, everything else 0/false.
 */
struct x86_mem_insn {
	/** The operation. */
	enum x86_mem_op op;
	/** What the backend must do. */
	enum x86_mem_kind kind;
	/**
	 * enum axvcpu_access_flags for the memory operand(s): READ, WRITE,
	 * or both for a read-modify-write (and MOVS, which reads `mem` and
	 * writes `mem2`); plus ATOMIC for a LOCK prefix and for XCHG, which
	 * is locked without one.
	 */
	uint32_t access;
	/** Instruction length in bytes (1-15): next rip = rip + len. */
	uint8_t len;
	/**
	 * Operand size in bytes (1, 2, 4, 8): the size the operation works
	 * at and, when a register is written, that register's width (for
	 * MOVZX/MOVSX/MOVSXD the destination's). Writing a 4-byte register
	 * in 64-bit mode clears bits 63:32; 1- and 2-byte writes merge.
	 */
	uint8_t op_size;
	/**
	 * Bytes read or written in memory (for a string instruction, per
	 * element). Equal to op_size except for MOVZX/MOVSX/MOVSXD.
	 */
	uint8_t mem_size;
	/** LOAD: sign- rather than zero-extend mem_size to op_size
	 * (MOVSX, and MOVSXD when it widens). */
	bool sign_ext;
	/**
	 * The memory operand is the first (destination, in Intel order)
	 * operand. For x86_alu_apply: if true, dst = memory value and src =
	 * the other operand; if false, dst = the register, src = memory.
	 * BT: true (memory holds the bit string, the other operand is the
	 * bit offset).
	 */
	bool mem_first;
	/** The other operand's kind (string: STOS/LODS rAX is REG). */
	enum x86_operand_kind other;
	/**
	 * OPND_REG: the GPR number (0-15, x86 numbering incl. REX.R) that
	 * holds the operand. 0 otherwise.
	 */
	uint8_t reg;
	/**
	 * OPND_REG with op_size 1: the register is AH, CH, DH or BH (bits
	 * 15:8 of GPR `reg` = 0-3), which is what ModRM reg 4-7 means
	 * without any REX prefix; with a REX prefix the same encodings are
	 * SPL, BPL, SIL, DIL (GPR 4-7, bits 7:0) and this is false.
	 */
	bool reg_high8;
	/**
	 * OPND_IMM: the immediate as the CPU uses it: sign-extended to
	 * op_size (the imm8 of 83, the imm32 of REX.W forms) and then
	 * zero-extended, so bits above op_size are 0. BT (0F BA): the
	 * raw imm8, which the CPU takes modulo the operand's bit count. 0
	 * otherwise.
	 */
	uint64_t imm;
	/**
	 * The memory operand: ModRM or moffs; for MOVS its source
	 * (seg:[rSI]), for LODS seg:[rSI], for STOS ES:[rDI].
	 */
	struct x86_mem_operand mem;
	/** MOVS only: the destination ES:[rDI]; otherwise all "none". */
	struct x86_mem_operand mem2;
	/** String instructions: the REP prefix (the last of F2/F3 given). */
	enum x86_rep rep;
	/**
	 * String instructions: the GPRs involved (enum x86_str_reg), which
	 * the backend advances (rSI/rDI by +-mem_size as RFLAGS.DF says,
	 * rCX down by 1 with REP) at mem.addr_size width. 0 otherwise.
	 */
	uint8_t str_regs;
	/** An F0 LOCK prefix was given (only on lockable forms). */
	bool lock;
};

/**
 * Decode the instruction at `bytes` into `*out`.
 *
 * @param mode   The CPU mode the guest was in (enum x86_cpu_mode).
 * @param bytes  The instruction's bytes, as fetched from guest memory.
 * @param avail  How many bytes are valid at `bytes` (nothing beyond is
 *               read; 15 or more lets every instruction be decoded).
 * @param out    Where to write the result; every member is written.
 * @return 0 for a decoded memory instruction; AXVCPU_EINVAL for anything
 *         declined: an instruction outside the coverage above, one with
 *         no memory operand, an invalid or reserved encoding, LOCK on a
 *         form that does not accept it, input that ends before the
 *         instruction does, or an instruction longer than 15 bytes; and
 *         for a NULL `bytes` or `out` or an unknown mode (then `out`, if
 *         not NULL, is written with the "none" values).
 */
int x86_decode_mem(enum x86_cpu_mode mode, const uint8_t *bytes, size_t avail,
		   struct x86_mem_insn *out);

/** RFLAGS bits x86_alu_apply() computes. */
enum x86_rflags_bit {
	X86_RFLAGS_CF = 1u << 0,
	X86_RFLAGS_PF = 1u << 2,
	X86_RFLAGS_AF = 1u << 4,
	X86_RFLAGS_ZF = 1u << 6,
	X86_RFLAGS_SF = 1u << 7,
	X86_RFLAGS_OF = 1u << 11,
};

/** The six arithmetic flags. */
#define X86_RFLAGS_ARITH                                                       \
	(X86_RFLAGS_CF | X86_RFLAGS_PF | X86_RFLAGS_AF | X86_RFLAGS_ZF |       \
	 X86_RFLAGS_SF | X86_RFLAGS_OF)

/**
 * Compute an ALU operation as the CPU does, for the backend to finish an
 * ALU_TO_REG, ALU_TO_MEM or FLAGS instruction.
 *
 * @param op         X86_OP_ADD .. X86_OP_CMP, TEST, NOT, NEG, INC, DEC or
 *                   BT.
 * @param size       Operand size in bytes: 1, 2, 4 or 8 (BT: 2, 4, 8).
 * @param dst        The first operand (only its low `size` bytes count).
 * @param src        The second operand (ignored by NOT NEG INC DEC; for
 *                   BT the bit offset, taken modulo 8 * size).
 * @param rflags_in  RFLAGS before the instruction (ADC/SBB read CF).
 * @param result     The value to write to the destination, zero-extended
 *                   from `size` (CMP, TEST, BT, which write nothing: `dst`
 *                   zero-extended from `size`).
 * @param rflags_out rflags_in with CF PF AF ZF SF OF updated as the
 *                   instruction defines them; flags it leaves unaffected
 *                   keep their value (NOT: all; INC/DEC: CF; BT: all but
 *                   CF). Flags the manuals call undefined are set as
 *                   current CPUs set them where that is uniform (AF = 0
 *                   after AND OR XOR TEST) and otherwise left unchanged
 *                   (BT: PF AF SF OF).
 * @return 0; AXVCPU_EINVAL for another op, a bad size, or a NULL pointer
 *         (then nothing is written).
 */
int x86_alu_apply(enum x86_mem_op op, unsigned size, uint64_t dst, uint64_t src,
		  uint64_t rflags_in, uint64_t *result, uint64_t *rflags_out);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_DECODE_X86_MEM_H */
