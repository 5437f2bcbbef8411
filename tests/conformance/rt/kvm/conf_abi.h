/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kvm runtime's constants, shared by the guest (rt.c, crt0.S) and the
 * host glue (t_kvm.c). The guest is x86-64 long-mode code at CPL0, set up
 * by the kvm backend's LONG64 mode (the first 4 GiB identity-mapped),
 * with RAM in [0, CONF_KVM_RAM_SIZE) and nothing else mapped.
 */
#ifndef CONF_ABI_KVM_H
#define CONF_ABI_KVM_H

/* The runtime's name in its messages (tests/conformance/rt/x86). */
#define CONF_RT_NAME "kvm"

/* Guest RAM, where the guest is linked, and its setup stack. */
#define CONF_KVM_RAM_SIZE 0x400000ull
#define CONF_KVM_LOAD 0x100000ull
#define CONF_KVM_SETUP_SP 0x80000ull

/* The MMIO test region: no memory slot (1 GiB). */
#define CONF_RT_MMIO_BASE 0x40000000ull
/* Far from RAM and every device (below the 4 GiB the tables map). */
#define CONF_RT_FAR 0xe0000000ull
/* Ports of the port-I/O scenarios (nothing claims them). */
#define CONF_RT_PIO_BASE 0x510u
/* An MSR KVM does not know: with user-space MSR exits, a SysReg exit. */
#define CONF_RT_SYSREG 0x4b564dffu
/* The vector the checker injects (an IDT gate of the runtime). */
#define CONF_RT_IRQ_VECTOR 0x40u
/* After axvcpu_reset(): the setup's stack, every GPR 0. */
#define CONF_RT_RESET_SP CONF_KVM_SETUP_SP
#define CONF_RT_RESET_ARG0 0u
/* The fault loop is the guest's own #UD handler returning to the ud2:
 * a kick ends it, after at least this many faults. */
#define CONF_RT_FAULT_LOOP_MIN 2u
/* No guest timer (the halt_timer scenario does not apply). */
#define CONF_RT_TICKS_PER_MS 1u

/* Turns of a bounded wait for something the host does at once (an
 * interrupt delivered at the next entry): ~0.1 s at this host's emulated CPL0
 * (~1 us a turn). */
#define CONF_RT_SPIN_LIMIT 100000u

/* set_gpr index of the marker register: rbx. */
#define CONF_KVM_REG_MARKER 3

#endif /* CONF_ABI_KVM_H */
