/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file decode/arm64_mem.h
 * Decode the AArch64 (A64) access behind a guest stage-2 data abort.
 *
 * Two inputs give the same answer, struct arm64_mem_access:
 *  - arm64_decode_esr_mem() reads the instruction syndrome of ESR_EL2
 *    (ISV = 1: the hardware describes single-register loads and stores
 *    without writeback itself);
 *  - arm64_decode_mem() decodes the faulting instruction word, fetched by
 *    the backend from the guest's ELR, for the aborts with ISV = 0 (pairs,
 *    pre/post-index writeback, and the other forms the syndrome does not
 *    describe).
 * A backend does:
 * @code
 *   rc = arm64_decode_esr_mem(esr, &acc);
 *   if (rc == AXVCPU_ENOTFOUND)            // ISV = 0: decode the insn
 *       rc = arm64_decode_mem(insn, &acc);
 *   if (rc != 0)                           // NestedPageFault
 *       ...acc.access_flags...
 * @endcode
 *
 * The faulting address is not decoded here: the hardware reports it
 * (HPFAR_EL2 and FAR_EL2). The addressing members describe how the guest
 * formed it, so a backend can cross-check, and the writeback members say
 * how to update the base register after emulating.
 *
 * Pure and freestanding: no libc, no global state, no allocation; it builds
 * for bare metal and for the host (unit tests, fuzzing), and is safe to call
 * from any context, including concurrently.
 *
 * Coverage of arm64_decode_mem() (general-purpose registers only):
 *  - LOAD/STORE (return 0): LDR/STR/LDRB/STRB/LDRH/STRH/LDRSB/LDRSH/LDRSW
 *    with unsigned offset, pre-index, post-index and register offset;
 *    LDUR/STUR... (unscaled); LDTR/STTR... (unprivileged); LDR and LDRSW
 *    (literal); LDP/STP/LDPSW (signed offset, pre-index, post-index) and
 *    LDNP/STNP; LDAR/STLR, LDLAR/STLLR, LDAPR, LDAPUR/STLUR and their
 *    byte, halfword and sign-extending forms.
 *  - recognised, not emulated (AXVCPU_EINVAL, kind OTHER, honest flags):
 *    SIMD&FP loads/stores of one register or a pair (FP | READ or WRITE,
 *    with their width), SIMD structure loads/stores LD1-LD4, ST1-ST4 and
 *    LD1R-LD4R (FP, width 0), exclusives LDXR, LDAXR, LDXP, LDAXP (ATOMIC
 *    | READ) and STXR, STLXR, STXP, STLXP (ATOMIC | WRITE), LSE atomics
 *    LDADD..., SWP, CAS and CASP (ATOMIC | READ | WRITE), LD64B (READ),
 *    ST64B, ST64BV and ST64BV0 (WRITE), memory copy CPY and CPYF (READ |
 *    WRITE) and set SET and SETG (WRITE), and prefetches PRFM and PRFUM
 *    (no access: flags 0).
 *  - everything else is OTHER with AXVCPU_ACCESS_UNDECODED: unallocated
 *    encodings, instructions outside the load/store space (DC ZVA and the
 *    other system instructions included), the MTE tag instructions (STG,
 *    STGP, LDG...), LDRAA/LDRAB, later extensions LLVM 14 does not know,
 *    and the CONSTRAINED UNPREDICTABLE encodings of the emulated forms
 *    (see arm64_decode_mem()).
 */
#ifndef AXVCPU_DECODE_ARM64_MEM_H
#define AXVCPU_DECODE_ARM64_MEM_H

#include <axvcpu/error.h>
#include <axvcpu/exit.h> /* AXVCPU_ACCESS_* flags */

#ifdef __cplusplus
extern "C" {
#endif

/** What kind of access a decoded instruction makes. */
enum arm64_mem_kind {
	/** Loads into general-purpose registers: emulate as MMIO reads. */
	ARM64_MEM_LOAD,
	/** Stores from general-purpose registers: emulate as MMIO writes. */
	ARM64_MEM_STORE,
	/** Anything else: not emulated; see access_flags for what it is. */
	ARM64_MEM_OTHER
};

/**
 * The ordering an access carries. An MMIO access is emulated as a plain
 * access; a backend honours the ordering by fencing around it (a full
 * barrier honours every value).
 */
enum arm64_mem_order {
	/** No ordering beyond program order. */
	ARM64_MEM_ORDER_NONE,
	/** Load-acquire, RCsc (LDAR; from ESR: any load with AR = 1). */
	ARM64_MEM_ORDER_ACQUIRE,
	/** Load-acquire, RCpc (LDAPR, LDAPUR): weaker than ACQUIRE. */
	ARM64_MEM_ORDER_ACQUIRE_PC,
	/** Store-release (STLR, STLUR; from ESR: any store with AR = 1). */
	ARM64_MEM_ORDER_RELEASE,
	/** LoadLOAcquire (LDLAR): acquire within a limited ordering region. */
	ARM64_MEM_ORDER_LO_ACQUIRE,
	/** StoreLORelease (STLLR): release within a limited ordering region. */
	ARM64_MEM_ORDER_LO_RELEASE
};

/** How the guest formed the address (for cross-checking only). */
enum arm64_mem_addr_mode {
	/** Not described: OTHER, or from the syndrome. */
	ARM64_MEM_ADDR_NONE,
	/**
	 * Base register plus immediate: rn (31 = SP) and imm. With writeback
	 * PRE the address is base + imm, with POST it is the base itself;
	 * without writeback it is base + imm.
	 */
	ARM64_MEM_ADDR_BASE_IMM,
	/**
	 * Base register plus extended, shifted register: rn (31 = SP) +
	 * (extend(rm) << shift), rm 31 meaning XZR/WZR.
	 */
	ARM64_MEM_ADDR_BASE_REG,
	/** PC-relative (LDR literal): the instruction's address + imm. */
	ARM64_MEM_ADDR_LITERAL
};

/**
 * The extension of the offset register of ARM64_MEM_ADDR_BASE_REG; the
 * values are the instruction's `option` field.
 */
enum arm64_mem_extend {
	/** No offset register. */
	ARM64_MEM_EXT_NONE = 0,
	/** Wm zero-extended. */
	ARM64_MEM_EXT_UXTW = 2,
	/** Xm as is (printed LSL). */
	ARM64_MEM_EXT_LSL = 3,
	/** Wm sign-extended. */
	ARM64_MEM_EXT_SXTW = 6,
	/** Xm as is (printed SXTX; the same value as LSL). */
	ARM64_MEM_EXT_SXTX = 7
};

/** Whether and when the base register is updated. */
enum arm64_mem_writeback {
	/** The base register is left alone. */
	ARM64_MEM_WB_NONE,
	/** Pre-index: base += imm, then access at the new base. */
	ARM64_MEM_WB_PRE,
	/** Post-index: access at the base, then base += imm. */
	ARM64_MEM_WB_POST
};

/**
 * One decoded access. Both decoders write every member in every case, so
 * a caller never reads stale data. Members that do not apply are 0 (or the
 * enum's NONE), as each member's description says.
 */
struct arm64_mem_access {
	/** LOAD, STORE or OTHER. */
	enum arm64_mem_kind kind;
	/**
	 * Bytes per register. LOAD/STORE: 1, 2, 4 or 8. OTHER: the size of
	 * each register's access for one-register and pair forms of
	 * recognised instructions (SIMD&FP: 1, 2, 4, 8 or 16; exclusives and
	 * atomics: 1, 2, 4 or 8), 0 where there is no such size (SIMD
	 * structures, LD64B/ST64B, CPY/SET, prefetch, undecoded).
	 */
	uint8_t width;
	/**
	 * Registers transferred. LOAD/STORE: 1, or 2 for a pair: two
	 * accesses of `width` bytes, rt at the address and rt2 at address +
	 * width (the backend emulates them as two exits). OTHER: 1 or 2 where
	 * `width` is not 0, else 0.
	 */
	uint8_t nregs;
	/**
	 * LOAD/STORE: the data register (0..31, 31 being XZR/WZR, never SP:
	 * a load into it still reads, and the value is discarded; a store of
	 * it writes 0). OTHER: 0.
	 */
	uint8_t rt;
	/** LOAD/STORE pairs: the second data register (31 = XZR/WZR);
	 * otherwise 0. */
	uint8_t rt2;
	/**
	 * LOAD: the value is sign-extended from `width` bytes to `reg_width`
	 * bytes (LDRSB/LDRSH/LDRSW, LDPSW...); otherwise zero-extended.
	 * STORE and OTHER: false.
	 */
	bool sign_ext;
	/**
	 * LOAD/STORE: the width of rt (and rt2) in bytes, 4 for Wt, 8 for
	 * Xt, as in the mmio_read exit. A load writes the whole X register:
	 * extended to `reg_width` bytes, then zero-extended to 8 (LDRSB Wt of
	 * 0x80 gives 0x00000000ffffff80). OTHER: 0.
	 */
	uint8_t reg_width;
	/**
	 * Instruction length in bytes: 4 (A64), or from ESR_EL2.IL (2 for a
	 * 16-bit T32 instruction). The backend adds it to ELR after emulation.
	 */
	uint8_t len;
	/**
	 * LOAD/STORE: an unprivileged access (LDTR, STTR and their byte,
	 * halfword and signed forms), checked by stage 1 as if at EL0. The
	 * syndrome does not say: false from arm64_decode_esr_mem(). OTHER:
	 * false.
	 */
	bool unpriv;
	/** LOAD/STORE: the ordering to honour. OTHER: NONE. */
	enum arm64_mem_order order;
	/** LOAD/STORE from arm64_decode_mem(): how the address was formed;
	 * NONE otherwise. */
	enum arm64_mem_addr_mode addr_mode;
	/** BASE_IMM and BASE_REG: the base register, 31 = SP. Otherwise 0. */
	uint8_t rn;
	/** BASE_REG: the offset register, 31 = XZR/WZR. Otherwise 0. */
	uint8_t rm;
	/** BASE_REG: how rm is extended. Otherwise NONE. */
	enum arm64_mem_extend extend;
	/** BASE_REG: left shift of the extended rm (0 or log2 of the
	 * access size). Otherwise 0. */
	uint8_t shift;
	/**
	 * BASE_IMM: the byte offset (already scaled), also the amount added
	 * to rn by writeback. LITERAL: the byte offset from the instruction's
	 * address. Otherwise 0.
	 */
	int64_t imm;
	/** BASE_IMM: pre- or post-index writeback of rn. Otherwise NONE. */
	enum arm64_mem_writeback writeback;
	/**
	 * enum axvcpu_access_flags. LOAD: READ; STORE: WRITE. OTHER:
	 *  - SIMD&FP: FP | READ or FP | WRITE;
	 *  - LDXR, LDAXR, LDXP, LDAXP: ATOMIC | READ; STXR, STLXR, STXP,
	 *    STLXP: ATOMIC | WRITE; LSE atomics, CAS, CASP: ATOMIC | READ |
	 *    WRITE;
	 *  - LD64B: READ; ST64B, ST64BV, ST64BV0, SET, SETG: WRITE; CPY and
	 *    CPYF: READ | WRITE;
	 *  - prefetch: 0 (no access);
	 *  - anything else: UNDECODED (alone).
	 * From arm64_decode_esr_mem(): see there.
	 */
	uint32_t access_flags;
};

/**
 * Decode the A64 instruction `insn` into `*out`.
 *
 * Encodings whose behaviour the architecture leaves CONSTRAINED
 * UNPREDICTABLE are declined (OTHER, UNDECODED) for the forms this decoder
 * would emulate, rather than guessed at: writeback to a base register that
 * is also a data register (Rn == Rt or Rn == Rt2, Rn != 31), a load pair
 * into one register twice (LDP/LDPSW/LDNP with Rt == Rt2), and LDAR/STLR/
 * LDLAR/STLLR with their should-be-one Rs/Rt2 fields not all ones (LDAPR
 * likewise). Recognised classes that are not emulated are reported by
 * class without such register checks: they are declined either way.
 *
 * @param insn  The 32-bit instruction word (little-endian as fetched).
 * @param out   Where to write the result; every member is written.
 * @return 0 for a load or store of general-purpose registers (kind LOAD or
 *         STORE); AXVCPU_EINVAL for anything else (kind OTHER, flags as
 *         above), and when `out` is NULL (then nothing is written).
 */
int arm64_decode_mem(uint32_t insn, struct arm64_mem_access *out);

/**
 * Decode the syndrome of a data abort taken to EL2 (ESR_EL2) into `*out`.
 *
 * Accepted (return 0, LOAD or STORE): EC 0x24 (data abort from a lower
 * EL), ISV = 1, no external abort (EA = 0, FnV = 0), not on a stage-1
 * table walk (S1PTW = 0), not cache maintenance (CM = 0), not a VNCR_EL2
 * access (VNCR = 0), a translation, access flag or permission fault
 * (DFSC), and SAS/SSE/SF/WnR that a real load or store gives. Then width =
 * 1 << SAS, rt = SRT, sign_ext = SSE, reg_width = SF ? 8 : 4, kind from
 * WnR, order ACQUIRE (load) or RELEASE (store) when AR = 1, len from IL;
 * nregs 1, and no addressing (addr_mode NONE) or writeback: the syndrome
 * describes neither. SRT is an AArch32 register number for an AArch32
 * guest; the backend maps it.
 *
 * @param esr  ESR_EL2 as read.
 * @param out  Where to write the result; every member is written.
 * @return 0 for an access to emulate;
 *         AXVCPU_ENOTFOUND when the abort is one to emulate but ISV = 0:
 *         the syndrome has no description, so decode the instruction with
 *         arm64_decode_mem() (out: OTHER, UNDECODED);
 *         AXVCPU_EINVAL otherwise (out: OTHER; flags READ or WRITE from
 *         WnR for a data abort that is not to be emulated, UNDECODED for
 *         another EC or an impossible syndrome), and when `out` is NULL
 *         (then nothing is written).
 */
int arm64_decode_esr_mem(uint64_t esr, struct arm64_mem_access *out);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_DECODE_ARM64_MEM_H */
