/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The protocol between the PC test guests and the checking program:
 * hypercalls (VMMCALL, nr = rax, args = rdi rsi rdx r10 r8 r9).
 *
 * TP_EXPECT (reason, addr, width, x, flags, name): the next exit must be
 *   `reason`; per reason: MmioRead addr/width/x=reg (flags: TP_SEXT, and
 *   the register width in bits 15:12); MmioWrite addr/width/x=data;
 *   IoRead addr=port/width/x=count; IoWrite addr=port/width/x=data
 *   (count in flag bits 31:16, 0 = 1); SysRegRead addr=msr; SysRegWrite
 *   addr=msr/x=value; Hypercall x=nr/addr=args[0]; NestedPageFault
 *   addr/x=access flags; ExternalInterrupt x=vector (counted only with
 *   rip = r14: the guest's loop; earlier ones are ticks); SystemDown
 *   x=reason;
 *   Halt, Cancelled: nothing to compare.
 *   Answers: MmioRead -> TP_VALUE (TP_VALUE_POS at +0x100), IoRead ->
 *   TP_IOVALUE, SysRegRead -> TP_VALUE, a Hypercall -> args[0] + 1, Halt
 *   -> woken; after a NestedPageFault, ExternalInterrupt or Cancelled the
 *   guest resumes at r15. TP_REFLECT: axvcpu_reflect_fault() instead;
 *   TP_FAULT on a SysReg exit: axvcpu_set_return_error() (#GP).
 * TP_QUIET (on): exits nobody announced are the VM layer's, unchecked
 *   (the hostile guests), instead of failures.
 * TP_CHECK, TP_INJECT, TP_DONE, TP_KICK, TP_RUN_OTHER, TP_PRINT: see
 * tests/lib/hv_proto.h.
 */
#ifndef PC_TESTPROTO_H
#define PC_TESTPROTO_H

#include "tests/lib/hv_proto.h"

#define TP_QUIET 8

/* TP_EXPECT flags. */
#define TP_SEXT 0x1
#define TP_REFLECT 0x100
#define TP_FAULT 0x200
#define TP_REGW(bytes) ((bytes) << 12)
#define TP_COUNT(n) ((n) << 16)

/* Emulated test device region: unmapped, every access is an exit. */
#define TP_MMIO 0x40000000
/* What the checker completes reads with (the IN value fits 32 bits). */
#define TP_IOVALUE 0x89abcdef
/* A port no device claims. */
#define TP_PORT 0x510
#ifndef __ASSEMBLER__
#define TP_VALUE 0x0123456789abcdefull
#define TP_VALUE_POS 0xfedcba9876543210ull
#endif

#endif /* PC_TESTPROTO_H */
