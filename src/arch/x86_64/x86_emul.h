/* SPDX-License-Identifier: Apache-2.0 */
/*
 * From a trapped guest instruction to exits and back, the same for VMX and
 * SVM: a nested page fault / EPT violation becomes MmioRead / MmioWrite
 * through the decoder (src/decode/x86_mem.c), port I/O becomes IoRead /
 * IoWrite, and the instruction is finished when the guest runs again.
 *
 * The model: an exit leaves the guest's registers as they were (rip on the
 * instruction) and records what is left to do in struct x86_emul. A read's
 * value arrives with x86_emul_complete(). At the next entry the backend
 * calls x86_emul_resume(), which finishes the instruction (destination
 * register with x86's width rules, ALU result and flags, string registers,
 * rip) or, for an instruction that needs a second access (an ALU
 * read-modify-write, XCHG, a MOVS or INS whose other side is also not
 * RAM), hands out that access as one more exit first. String instructions
 * and REP prefixes give one exit per element: the instruction is finished
 * one element at a time and re-executed while rCX is not 0, so the guest
 * takes interrupts between elements as on hardware. If the VM layer moves
 * rip meanwhile (axvcpu_set_entry), the record is dropped.
 *
 * What is declined (an instruction the decoder does not cover, an access
 * crossing a page, a fault on the guest's own page-table walk, a memory
 * operand that does not match the fault) becomes a NestedPageFault exit
 * with the access flags and rip unchanged. Freestanding.
 */
#ifndef AXVCPU_X86_EMUL_H
#define AXVCPU_X86_EMUL_H

#include "x86_walk.h"

#include <axvcpu/exit.h>

/* What the backend hands the emulation at an exit. */
struct x86_guest {
	/* The vCPU's registers: read, and changed by resume. */
	struct x86_regs *r;
	/* Control registers and segments at this exit. */
	struct x86_sysview v;
	/* Guest-physical RAM through stage 2. */
	struct x86_gmem mem;
};

/* What the backend does after an emulation call. */
enum x86_emul_status {
	/* Enter the guest (nothing to report). */
	X86_EMUL_CONTINUE = 0,
	/* Return the exit that was filled in. */
	X86_EMUL_EXIT,
	/* Inject the exception in x86_emul.fault, then enter the guest. */
	X86_EMUL_FAULT,
};

/* Kinds of instructions in progress. */
enum x86_emul_kind {
	X86_EMUL_NONE = 0,
	/* An MMIO access (decoded instruction in `insn`). */
	X86_EMUL_MMIO,
	/* A nested page fault reported as such: nothing to finish, kept for
	 * reflect. */
	X86_EMUL_NPF,
	/* Port I/O, one element. */
	X86_EMUL_PIO,
	/* An RDMSR: edx:eax from the value. */
	X86_EMUL_RDMSR,
	/* An instruction that only needs rip moved past it (WRMSR, HLT,
	 * VMMCALL/VMCALL...). */
	X86_EMUL_SKIP,
};

/* An exception to inject. */
struct x86_fault {
	uint8_t vector;
	bool has_error;
	uint32_t error;
	/* #PF: the faulting linear address for CR2. */
	bool set_cr2;
	uint64_t cr2;
};

/* A port access as the exit information describes it. */
struct x86_pio {
	uint16_t port;
	uint8_t size;      /* 1, 2, 4 */
	bool in;           /* IN/INS */
	bool string;       /* INS/OUTS */
	bool rep;          /* REP prefix */
	uint8_t addr_size; /* string: 2, 4, 8 */
	uint8_t seg;       /* OUTS source segment (enum x86_seg); DS if none */
	uint64_t next_rip; /* rip after the instruction */
};

/* The instruction in progress of one vCPU. Zero-initialised = none. */
struct x86_emul {
	uint8_t kind;  /* enum x86_emul_kind */
	uint8_t phase; /* MMIO: which access of the instruction */
	bool have_value;
	bool fault_pending; /* answer with `fault` instead of finishing */
	uint64_t rip;       /* the instruction's rip */
	uint64_t next_rip;
	uint64_t value; /* the read's data */
	uint64_t gpa;   /* MMIO: the faulting operand's address */
	uint64_t wdata; /* the data of a second (write) access */
	uint64_t flags; /* rflags an ALU result leaves */
	uint32_t npf_flags;
	struct x86_mem_insn insn;
	struct x86_pio pio;
	struct x86_fault fault;
};

/*
 * A nested page fault at guest-physical `gpa`, `write` or read, not an
 * instruction fetch and not on the guest's own page tables (the backend
 * reports those as NestedPageFault itself). Decode the instruction at rip
 * and fill `exit`: MmioRead / MmioWrite, or NestedPageFault when declined.
 * X86_EMUL_FAULT: the RAM side of a MOVS faults in the guest's paging.
 *
 * MmioRead's `reg`: the destination GPR (0..15) of a MOV/MOVZX/MOVSX/
 * MOVSXD/LODS load, with reg_width = the operand size and the extension;
 * AXVCPU_X86_REG_READ_DATA (reg_width = width, zero-extended) when the
 * data goes through an operation first (ALU, CMP, TEST, BT, XCHG, MOVS) or
 * into AH/CH/DH/BH.
 */
enum x86_emul_status x86_emul_mmio_start(struct x86_emul *e,
					 const struct x86_guest *g,
					 uint64_t gpa, bool write,
					 struct axvcpu_exit *exit);

/*
 * Port I/O: fill IoRead / IoWrite (count = the elements of a REP string
 * access left, else 1) or, for a REP with rCX 0, finish at once
 * (X86_EMUL_CONTINUE). X86_EMUL_FAULT: the memory side of INS/OUTS faults.
 */
enum x86_emul_status x86_emul_pio_start(struct x86_emul *e,
					const struct x86_guest *g,
					const struct x86_pio *p,
					struct axvcpu_exit *exit);

/* An instruction finished by moving rip to `next_rip` at resume (kind
 * X86_EMUL_SKIP or X86_EMUL_RDMSR). */
void x86_emul_insn_start(struct x86_emul *e, const struct x86_regs *r,
			 enum x86_emul_kind kind, uint64_t next_rip);

/* Record a NestedPageFault exit (for reflect). */
void x86_emul_npf_start(struct x86_emul *e, const struct x86_regs *r);

/* The value of the pending read (raw data, or as the exit's reg_width and
 * extension for a load to a GPR). */
void x86_emul_complete(struct x86_emul *e, uint64_t value);

/* Whether a read's value is expected (set_gpr of READ_DATA is allowed). */
bool x86_emul_read_pending(const struct x86_emul *e);

/*
 * Finish the instruction in progress, or hand out its second access
 * (X86_EMUL_EXIT); X86_EMUL_FAULT: inject e->fault. Call before every
 * entry (a no-op without one in progress).
 */
enum x86_emul_status x86_emul_resume(struct x86_emul *e,
				     const struct x86_guest *g,
				     struct axvcpu_exit *exit);

/*
 * Answer the instruction with exception `vector` (error code `error` if
 * the vector has one) instead of finishing it: rip stays on it. Returns
 * AXVCPU_EBADSTATE if none is in progress or rip moved since its exit.
 */
int x86_emul_fail(struct x86_emul *e, const struct x86_regs *r, uint8_t vector,
		  uint32_t error);

/* Drop the instruction in progress (set_entry, power_on, reset). */
void x86_emul_cancel(struct x86_emul *e);

/*
 * The first bytes of the instruction at rip (up to 15; fewer when the next
 * page is not RAM). Returns how many were read, 0 if none.
 */
unsigned x86_emul_fetch(const struct x86_guest *g, uint8_t *bytes);

/*
 * Length of the instruction at `bytes` if it is `opcode` (1-3 bytes) after
 * any legacy prefixes and a REX prefix in 64-bit mode, else 0: the next
 * rip of an intercepted CPUID, RDMSR, WRMSR, HLT, VMMCALL... when the
 * hardware does not say (no nrip-save).
 */
unsigned x86_emul_insn_len(enum x86_cpu_mode mode, const uint8_t *bytes,
			   unsigned avail, const uint8_t *opcode,
			   unsigned oplen);

#endif /* AXVCPU_X86_EMUL_H */
