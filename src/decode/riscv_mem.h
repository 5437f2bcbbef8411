/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file decode/riscv_mem.h
 * Decode the RISC-V (RV64) instruction behind a guest load/store fault.
 *
 * When a guest load or store faults at stage 2 (a guest-page fault on an
 * address the VM layer emulates), the backend fetches the faulting
 * instruction (with HLVX; QEMU leaves htinst at 0) and asks this decoder
 * what the access was, so that it can report an MmioRead / MmioWrite exit
 * and later complete the read into the right register with the right
 * extension. Everything this decoder does not turn into a plain integer
 * load or store is reported as RISCV_MEM_OTHER with access flags, which the
 * backend forwards as a NestedPageFault.
 *
 * The faulting address itself is not decoded here: the hardware reports it
 * (htval/stval), so the base register and offset are not needed.
 *
 * Pure and freestanding: no libc, no global state, no allocation; it builds
 * for bare metal and for the host (unit tests, fuzzing), and is safe to call
 * from any context, including concurrently.
 *
 * Coverage (RV64 with the C extension):
 *  - integer loads LB LH LW LD LBU LHU LWU, stores SB SH SW SD;
 *  - compressed C.LW C.LD C.SW C.SD C.LWSP C.LDSP C.SWSP C.SDSP, where
 *    C.LD/C.SD/C.LDSP/C.SDSP are the RV64 meanings of the encodings that
 *    are C.FLW/C.FSW/C.FLWSP/C.FSWSP on RV32 (the RV32 meanings are not
 *    decoded: the backend is RV64 only);
 *  - recognised but not emulated (RISCV_MEM_OTHER with honest flags):
 *    A-extension atomics (LR, SC, AMO*), scalar FP loads/stores
 *    (FLH/FLW/FLD/FLQ, FSH/FSW/FSD/FSQ, C.FLD, C.FLDSP, C.FSD, C.FSDSP).
 *  - everything else, including reserved encodings, vector loads/stores,
 *    hypervisor loads/stores (HLV/HSV, which live in the SYSTEM opcode),
 *    the all-zero 16-bit word and C.LWSP/C.LDSP with rd = x0 (reserved),
 *    is RISCV_MEM_OTHER with AXVCPU_ACCESS_UNDECODED.
 */
#ifndef AXVCPU_DECODE_RISCV_MEM_H
#define AXVCPU_DECODE_RISCV_MEM_H

#include <axvcpu/error.h>
#include <axvcpu/exit.h> /* AXVCPU_ACCESS_* flags */

#ifdef __cplusplus
extern "C" {
#endif

/** What kind of access a decoded instruction makes. */
enum riscv_mem_kind {
	/** An integer load into an x register: emulate as an MMIO read. */
	RISCV_MEM_LOAD,
	/** An integer store from an x register: emulate as an MMIO write. */
	RISCV_MEM_STORE,
	/**
	 * Anything else (atomic, FP, reserved, not a memory instruction):
	 * not emulated; see access_flags for what it is.
	 */
	RISCV_MEM_OTHER
};

/**
 * One decoded access. riscv_decode_mem() writes every member in every case,
 * so a caller never reads stale data.
 */
struct riscv_mem_access {
	/** LOAD, STORE or OTHER. */
	enum riscv_mem_kind kind;
	/**
	 * Access size in bytes. LOAD/STORE: 1, 2, 4 or 8. OTHER: the access
	 * size of a recognised atomic or FP instruction (4 or 8 for atomics;
	 * 2, 4, 8 or 16 for FP), 0 when undecoded.
	 */
	uint8_t width;
	/**
	 * LOAD: the destination x register rd; STORE: the source x register
	 * rs2 (0..31). x0 is a legal value for both: a load into x0 still
	 * performs the (possibly side-effecting) read, and its result must be
	 * discarded by the backend, not written to x0; a store of x0 writes 0.
	 * Compressed forms are already expanded (rd'/rs2' = x8..x15).
	 * OTHER: always 0.
	 */
	uint8_t reg;
	/**
	 * LOAD: true if the value is sign-extended to 64 bits (LB, LH, LW,
	 * C.LW, C.LWSP), false if zero-extended (LBU, LHU, LWU) or full width
	 * (LD, C.LD, C.LDSP). STORE and OTHER: false.
	 */
	bool sign_ext;
	/**
	 * Instruction length in bytes, from the length encoding in the low
	 * bits: 2 for a compressed instruction, 4 for a 32-bit one, 0 for an
	 * encoding of a longer (48-bit and up) instruction, which is always
	 * OTHER/UNDECODED. The backend adds it to sepc after emulation.
	 */
	uint8_t len;
	/**
	 * enum axvcpu_access_flags. LOAD: AXVCPU_ACCESS_READ; STORE:
	 * AXVCPU_ACCESS_WRITE. OTHER:
	 *  - LR: ATOMIC | READ; SC: ATOMIC | WRITE; AMO*: ATOMIC | READ |
	 *    WRITE;
	 *  - FP loads: FP | READ; FP stores: FP | WRITE;
	 *  - anything else: UNDECODED (alone).
	 */
	uint32_t access_flags;
};

/**
 * Decode the instruction `insn` into `*out`.
 *
 * @param insn  The instruction as fetched, little-endian parcels combined:
 *              bits 1:0 != 0b11 means a compressed instruction, and then
 *              only the low 16 bits are looked at (the upper half, which
 *              may hold the next instruction or garbage, is ignored).
 * @param out   Where to write the result; every member is written.
 * @return 0 for an integer load or store (kind LOAD or STORE);
 *         AXVCPU_EINVAL for anything else (kind OTHER, flags as above), and
 *         when `out` is NULL (then nothing is written).
 */
int riscv_decode_mem(uint32_t insn, struct riscv_mem_access *out);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_DECODE_RISCV_MEM_H */
