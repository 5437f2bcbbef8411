/* SPDX-License-Identifier: Apache-2.0 */
/*
 * World switch between the HS-mode host and a VS-mode guest.
 *
 * rv_switch_run(ctx) is called through rv_switch_enter() (rv_ctx.h), whose
 * asm statement tells the compiler that every register but sp, gp and tp
 * is clobbered: the caller keeps only what it has live across the run, so
 * a loop that answers exits without returning (SBI calls the backend
 * serves) saves no host registers per entry. It saves ra and sp in ctx
 * (gp and tp, the hart's own, bind put there), points
 * stvec at rv_switch_exit (the host's kept in ctx) and sscratch at ctx,
 * writes hstatus and sstatus
 * from ctx (vcpu.c keeps them right for the guest: SPV, SPVP, SPP, FS), and
 * srets into the guest with every guest register loaded. The next trap to
 * HS-mode (any exception the hart does not delegate, or any host
 * interrupt) lands in rv_switch_exit, which saves every guest register,
 * sepc, hstatus and sstatus as the trap left them (the next entry
 * writes them back unless vcpu.c changes them), puts the host's stvec
 * back and returns from rv_switch_run as from a normal call, with ctx in
 * a0 and scause in a1.
 *
 * Not saved here, so the exit costs less: stval, htval and htinst (exit.c
 * reads them from the CSRs before anything can trap again), and the
 * host's hstatus, sstatus and sscratch, which hold no host state: the
 * host runs with interrupts off, never srets but into a guest, and sets
 * hstatus itself around its own HLV/HLVX accesses; sscratch belongs to the
 * backend while a vCPU is bound.
 */
#include "rv_ctx.h"

#define GPR(n) (RV_CTX_GPR + 8 * (n))
#define HOST(n) (RV_CTX_HOST + 8 * (n))

	.section .text.axvcpu_rv_switch, "ax"
	.globl rv_switch_run
	.type rv_switch_run, @function
	.balign 4
rv_switch_run:
	/* gp and tp (HOST(2), HOST(3)) are the hart's, fixed: bind noted
	 * them (vcpu.c), and rv_switch_exit loads them back. */
	sd ra, HOST(0)(a0)
	sd sp, HOST(1)(a0)

	ld t1, RV_CTX_HSTATUS(a0)
	csrw 0x600, t1			/* hstatus */
	ld t1, RV_CTX_SSTATUS(a0)
	csrw sstatus, t1
	la t1, rv_switch_exit
	csrrw t1, stvec, t1
	sd t1, RV_CTX_HOST_STVEC(a0)
	csrw sscratch, a0
	ld t0, RV_CTX_PC(a0)
	csrw sepc, t0

	ld ra, GPR(1)(a0)
	ld sp, GPR(2)(a0)
	ld gp, GPR(3)(a0)
	ld tp, GPR(4)(a0)
	ld t0, GPR(5)(a0)
	ld t1, GPR(6)(a0)
	ld t2, GPR(7)(a0)
	ld s0, GPR(8)(a0)
	ld s1, GPR(9)(a0)
	ld a1, GPR(11)(a0)
	ld a2, GPR(12)(a0)
	ld a3, GPR(13)(a0)
	ld a4, GPR(14)(a0)
	ld a5, GPR(15)(a0)
	ld a6, GPR(16)(a0)
	ld a7, GPR(17)(a0)
	ld s2, GPR(18)(a0)
	ld s3, GPR(19)(a0)
	ld s4, GPR(20)(a0)
	ld s5, GPR(21)(a0)
	ld s6, GPR(22)(a0)
	ld s7, GPR(23)(a0)
	ld s8, GPR(24)(a0)
	ld s9, GPR(25)(a0)
	ld s10, GPR(26)(a0)
	ld s11, GPR(27)(a0)
	ld t3, GPR(28)(a0)
	ld t4, GPR(29)(a0)
	ld t5, GPR(30)(a0)
	ld t6, GPR(31)(a0)
	ld a0, GPR(10)(a0)
	sret

	/* stvec needs 4-byte alignment (direct mode). */
	.balign 4
rv_switch_exit:
	csrrw a0, sscratch, a0		/* a0 = ctx, sscratch = guest a0 */
	sd ra, GPR(1)(a0)
	sd sp, GPR(2)(a0)
	sd gp, GPR(3)(a0)
	sd tp, GPR(4)(a0)
	sd t0, GPR(5)(a0)
	sd t1, GPR(6)(a0)
	sd t2, GPR(7)(a0)
	sd s0, GPR(8)(a0)
	sd s1, GPR(9)(a0)
	sd a1, GPR(11)(a0)
	sd a2, GPR(12)(a0)
	sd a3, GPR(13)(a0)
	sd a4, GPR(14)(a0)
	sd a5, GPR(15)(a0)
	sd a6, GPR(16)(a0)
	sd a7, GPR(17)(a0)
	sd s2, GPR(18)(a0)
	sd s3, GPR(19)(a0)
	sd s4, GPR(20)(a0)
	sd s5, GPR(21)(a0)
	sd s6, GPR(22)(a0)
	sd s7, GPR(23)(a0)
	sd s8, GPR(24)(a0)
	sd s9, GPR(25)(a0)
	sd s10, GPR(26)(a0)
	sd s11, GPR(27)(a0)
	sd t3, GPR(28)(a0)
	sd t4, GPR(29)(a0)
	sd t5, GPR(30)(a0)
	sd t6, GPR(31)(a0)
	csrr t0, sscratch
	sd t0, GPR(10)(a0)

	csrr t0, sepc
	sd t0, RV_CTX_PC(a0)
	csrr a1, scause			/* returned in a1 only */
	csrr t0, 0x600			/* hstatus */
	sd t0, RV_CTX_HSTATUS(a0)
	csrr t0, sstatus
	sd t0, RV_CTX_SSTATUS(a0)
	ld t0, RV_CTX_HOST_STVEC(a0)
	csrw stvec, t0

	ld ra, HOST(0)(a0)
	ld sp, HOST(1)(a0)
	ld gp, HOST(2)(a0)
	ld tp, HOST(3)(a0)
	ret
	.size rv_switch_run, . - rv_switch_run

/*
 * int rv_guest_fetch16(gva, hstatus, *out): HLVX.HU with a private trap
 * handler, so that a guest pc the guest itself unmapped cannot crash the
 * host. Runs with interrupts off (host SIE is 0), so only the HLVX traps.
 */
	.globl rv_guest_fetch16
	.type rv_guest_fetch16, @function
	.balign 4
rv_guest_fetch16:
	csrrw a1, 0x600, a1		/* hstatus: guest SPVP for the access */
	la t0, 1f
	csrrw t1, stvec, t0
	li t2, -1
	.insn r 0x73, 4, 0x32, t2, a0, x3	/* hlvx.hu t2, (a0) */
	sh t2, 0(a2)
	li a0, 0
	j 2f
	.balign 4
1:	li a0, -1
2:	csrw stvec, t1
	csrw 0x600, a1
	ret
	.size rv_guest_fetch16, . - rv_guest_fetch16

/*
 * unsigned rv_guest_fetch(gva, hstatus, *out): the instruction at gva with
 * HLVX.HU, the second halfword only for a 32-bit one; 2 or 4, or 0 if a
 * fetch faulted. Interrupts are off (host SIE is 0): only HLVX can trap.
 */
	.globl rv_guest_fetch
	.type rv_guest_fetch, @function
	.balign 4
rv_guest_fetch:
	csrrw a1, 0x600, a1		/* hstatus: guest SPVP for the access */
	la t0, 3f
	csrrw t1, stvec, t0
	.insn r 0x73, 4, 0x32, t2, a0, x3	/* hlvx.hu t2, (a0) */
	andi t0, t2, 3
	li a3, 3
	li a4, 2
	bne t0, a3, 1f
	addi a0, a0, 2
	.insn r 0x73, 4, 0x32, t0, a0, x3	/* hlvx.hu t0, (a0) */
	slli t0, t0, 16
	or t2, t2, t0
	li a4, 4
1:	sw t2, 0(a2)
	mv a0, a4
	j 4f
	.balign 4
3:	li a0, 0
4:	csrw stvec, t1
	csrw 0x600, a1
	ret
	.size rv_guest_fetch, . - rv_guest_fetch

/* int rv_h_present(void): 1 if hstatus reads without trapping. */
	.globl rv_h_present
	.type rv_h_present, @function
	.balign 4
rv_h_present:
	la t0, 1f
	csrrw t1, stvec, t0
	li a0, 1
	csrr t2, 0x600
	j 2f
	.balign 4
1:	li a0, 0
2:	csrw stvec, t1
	ret
	.size rv_h_present, . - rv_h_present

/* int rv_sstc_present(void): 1 if vstimecmp reads without trapping. */
	.globl rv_sstc_present
	.type rv_sstc_present, @function
	.balign 4
rv_sstc_present:
	la t0, 1f
	csrrw t1, stvec, t0
	li a0, 1
	csrr t2, 0x24d
	j 2f
	.balign 4
1:	li a0, 0
2:	csrw stvec, t1
	ret
	.size rv_sstc_present, . - rv_sstc_present

/* int64_t rv_hvictl_probe(value): write hvictl (Ssaia), read it back;
 * -1 if the CSR traps. */
	.globl rv_hvictl_probe
	.type rv_hvictl_probe, @function
	.balign 4
rv_hvictl_probe:
	la t0, 1f
	csrrw t1, stvec, t0
	csrw 0x609, a0
	csrr a0, 0x609
	j 2f
	.balign 4
1:	li a0, -1
2:	csrw stvec, t1
	ret
	.size rv_hvictl_probe, . - rv_hvictl_probe

/*
 * int rv_guest_load8(gva, hstatus, *out) / rv_guest_store8(gva, hstatus,
 * val): one byte through the guest's own translation (HLV.BU / HSV.B),
 * with a private trap handler like rv_guest_fetch16's.
 */
	.globl rv_guest_load8
	.type rv_guest_load8, @function
	.balign 4
rv_guest_load8:
	csrrw a1, 0x600, a1
	la t0, 1f
	csrrw t1, stvec, t0
	.insn r 0x73, 4, 0x30, t2, a0, x1	/* hlv.bu t2, (a0) */
	sb t2, 0(a2)
	li a0, 0
	j 2f
	.balign 4
1:	li a0, -1
2:	csrw stvec, t1
	csrw 0x600, a1
	ret
	.size rv_guest_load8, . - rv_guest_load8

	.globl rv_guest_store8
	.type rv_guest_store8, @function
	.balign 4
rv_guest_store8:
	csrrw a1, 0x600, a1
	la t0, 1f
	csrrw t1, stvec, t0
	.insn r 0x73, 4, 0x31, x0, a0, a2	/* hsv.b a2, (a0) */
	li a0, 0
	j 2f
	.balign 4
1:	li a0, -1
2:	csrw stvec, t1
	csrw 0x600, a1
	ret
	.size rv_guest_store8, . - rv_guest_store8
