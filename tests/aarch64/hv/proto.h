/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The protocol between the aarch64 test guests and the checking program:
 * vendor hypercalls (HVC with x0 = TP_FID(nr), arguments x1..x6, which
 * the backend turns into Hypercall exits with args[0..5] = x1..x6).
 *
 * TP_EXPECT (a0 reason, a1 addr, a2 width, a3 x, a4 flag, a5 name):
 *   the next exit must be `reason`; fields per reason:
 *   MmioRead addr/width/x=reg/flag=sign_ext (bit 0) and reg_width 4 (bit
 *   1 set: a W register); MmioWrite addr/width/x=data; NestedPageFault
 *   addr/x=access flags; Hypercall x=nr, addr=args[0]; Halt x=deadline
 *   (flag 1: suspend); ExternalInterrupt x=vector; CpuUp addr=entry,
 *   x=target, width=arg; SendIPI x=target_cpu, addr=target_cpu_aux,
 *   width=vector, flag bit 0 send_to_self, bit 1 send_to_all;
 *   SysRegRead addr/x=reg; SysRegWrite addr/x=value;
 *   SystemReset/SystemDown/CpuDown/CpuStatus x=the member (reason,
 *   state, target); SystemSuspend x=type, addr=entry, width=arg;
 *   Cancelled: nothing to compare.
 *   After an expected NestedPageFault, ExternalInterrupt or Cancelled the
 *   guest resumes at the address in x28.
 *   TP_REFLECT on an MmioRead, MmioWrite or NestedPageFault: answered with
 *   axvcpu_reflect_fault() (the guest's handler gets the abort).
 * TP_CHECK, TP_INJECT (a0 INTID), TP_DONE, TP_KICK, TP_RUN_OTHER,
 * TP_PRINT: see tests/lib/hv_proto.h (a0..a5 the arguments).
 */
#ifndef HV_TESTPROTO_H
#define HV_TESTPROTO_H

#include "tests/lib/hv_proto.h"

#define TP_FID(nr) (0xc6000000ul | (nr))

#define TP_REFLECT (1ul << 8)
#define TP_NOTE 5
/* TP_COUNT (a0 exit reason): how many such exits the caller had. */
#define TP_COUNT 8
/* TP_UNMAP / TP_MAP (a0 page): the checker takes that page of guest RAM
 * out of stage 2 while the vCPU is live, and puts it back. */
#define TP_UNMAP 10
#define TP_MAP 11
/* Benchmark (prog_bench.c): a no-op hypercall; a result (a0 kind, a1
 * ticks, a2 instructions, a3 round trips); run the floor (a0 pc, a1 n). */
#define TP_BENCH_NOP 16
#define TP_BENCH_RESULT 17
#define TP_BENCH_FLOOR 18
#define TP_BENCH_DONE 19
/* Benchmark: the start of a timed batch. */
#define TP_BENCH_START 20

/* Emulated test device region: unmapped, every access is an exit. */
#define TP_MMIO 0x10000000ull
/* Reads at TP_MMIO + TP_POS_OFF answer TP_VALUE_POS, others TP_VALUE. */
#define TP_VALUE 0x0123456789abcdefull
#define TP_VALUE_POS 0x7edcba9876543210ull
/* SysRegRead answers. */
#define TP_SYSREG_VALUE 0x5eed0000cafe0000ull

#endif /* HV_TESTPROTO_H */
