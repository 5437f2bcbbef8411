/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The protocol between test guests and the checking program: vendor
 * hypercalls (SBI extension AXVCPU_RISCV64_SBI_EXT_HYPERCALL, a6 = nr).
 *
 * TP_EXPECT (a0 reason, a1 addr, a2 width, a3 x, a4 flag, a5 name):
 *   the next exit must be `reason`; meaning of the fields per reason:
 *   MmioRead addr/width/x=reg/flag=sign_ext; MmioWrite addr/width/x=data;
 *   NestedPageFault addr/x=access flags; Hypercall x=nr, addr=args[0];
 *   Halt x=deadline; ExternalInterrupt x=vector; CpuUp addr=entry,
 *   x=target, width=arg; SendIPI x=target_cpu, addr=target_cpu_aux;
 *   ConsoleWrite x=byte (or addr=gpa, width=len for DBCN writes);
 *   SystemReset/SystemDown x=reason; Cancelled (nothing to compare);
 *   RemoteFence x=target_cpu, addr=target_cpu_aux, width=kinds,
 *   flag=send_to_all (start/size/asid are checked against a2/a3/a4).
 *   After an expected NestedPageFault, ExternalInterrupt or Cancelled the
 *   guest resumes at the address in s11.
 *   Flag bits for any reason: TP_REFLECT on an expected MmioRead,
 *   MmioWrite or NestedPageFault: the checker answers it with
 *   axvcpu_reflect_fault() (the guest's handler gets the access fault)
 *   instead of completing it or resuming at s11; TP_LET_NPF on an
 *   expected ExternalInterrupt: NestedPageFaults before it are the VM
 *   layer's (vm.c reflects them into the guest), and the host
 *   timer is armed a whole slice ahead. TP_REFLECT |
 *   TP_CANCEL: reflect, then axvcpu_set_entry() to the pc the exit left,
 *   which must cancel the fault (the guest goes on past the access).
 * TP_CHECK, TP_INJECT, TP_DONE, TP_KICK, TP_RUN_OTHER, TP_PRINT: see
 * tests/lib/hv_proto.h (a0..a5 the arguments).
 */
#ifndef HV_TESTPROTO_H
#define HV_TESTPROTO_H

#include "tests/lib/hv_proto.h"

#define TP_REFLECT (1ul << 8)
#define TP_LET_NPF (1ul << 9)
#define TP_CANCEL (1ul << 10)
#define TP_NOTE 5
/* TP_COUNT (a0 exit reason, or TP_COUNT_SOFT_IPI): how many such exits
 * the caller's vCPU had so far (hypercall value). TP_COUNT_SOFT_IPI
 * counts ExternalInterrupt exits with vector 1 (host software IPIs). */
#define TP_COUNT 8
#define TP_COUNT_SOFT_IPI 255
/* TP_COUNT of every exit, this hypercall's own included. */
#define TP_COUNT_ALL 254
/* TP_UNMAP / TP_MAP (a0 page): the VM layer unmaps that page of guest RAM
 * from stage 2 at run time / maps it back to its RAM. */
#define TP_UNMAP 10
#define TP_MAP 11
/* TP_WAKE_IN (a0 ticks): that much later, route an external interrupt
 * into vCPU 0 (vmm_vm_inject, as a device line would): wakes a VM
 * suspended to RAM. */
#define TP_WAKE_IN 12
/* Benchmark (prog_bench.c): a no-op hypercall; a result (a0 kind, a1
 * ticks, a2 instructions, a3 round trips); run the floor (a0 pc, a1 n). */
#define TP_BENCH_NOP 16
#define TP_BENCH_RESULT 17
#define TP_BENCH_FLOOR 18
#define TP_BENCH_DONE 19

/* Emulated test device region: unmapped, every access is an exit. */
#define TP_MMIO 0x40000000ull
/* Reads at TP_MMIO + TP_POS_OFF answer TP_VALUE_POS, others TP_VALUE. */
#define TP_VALUE 0x0123456789abcdefull
#define TP_VALUE_POS 0x7edcba9876543210ull
/* The vendor extension id (AXVCPU_RISCV64_SBI_EXT_HYPERCALL). */
#define TP_EXT 0x09415856ul

#endif /* HV_TESTPROTO_H */
