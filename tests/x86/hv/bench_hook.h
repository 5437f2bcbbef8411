/* SPDX-License-Identifier: Apache-2.0 */
/* The x86 benchmark programs: what the vendor's file gives bench_hook.c. */
#ifndef TESTS_X86_HV_BENCH_HOOK_H
#define TESTS_X86_HV_BENCH_HOOK_H

#include "platform/pc/vm.h"

/* The bench guest's real-mode floor loop lives at this guest address. */
#define FLOOR_CODE_GPA 0x7000ull

/* Run the floor loop (the guest's hypercall instruction and a jump back)
 * `n` times on a vendor context written by hand; its TSC cycles. */
uint64_t bench_floor_cycles(struct hv_vm *hv, uint64_t n);

#endif
