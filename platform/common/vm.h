/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file platform/common/vm.h
 * What every board's vm.c does alike around the shared VM object
 * (vmm/vm.h): the host services on the host console, a UART model's
 * byte output, creating a vCPU pinned to its CPU, and the end of a run
 * (exit count, the closing line, the machine's exit status).
 */
#ifndef HV_COMMON_VM_H
#define HV_COMMON_VM_H

#include "vmm/vm.h"
#include <axvcpu/axvcpu.h>
#include <stddef.h>
#include <stdint.h>

/** struct vmm_vm_host console_out: each byte through hv_putc(). */
void hv_vm_console_out(void *ctx, const uint8_t *buf, size_t len);

/** struct vmm_vm_host console_in: hv_getc(), a byte or -1. */
int hv_vm_console_in(void *ctx);

/** struct vmm_vm_host log: "\nhv: <line>\n" on the host console. */
void hv_vm_log(void *ctx, const char *line);

/** A UART model's transmit callback (16550, PL011): hv_putc(). */
void hv_vm_uart_tx(void *ctx, uint8_t c);

/** push_input of a 16550 model (struct vmm_vm_dev_opts). */
int hv_vm_uart16550_push(void *dev, uint8_t c);

/**
 * Create vCPU `id` of VM 1 for `backend`, pinned to physical CPU `id`
 * (vCPU N runs on CPU N), with the backend's create config `arch_cfg`
 * (`size` bytes, may be 0/NULL). Returns 0 or an AXVCPU_E* error.
 */
int hv_vcpu_create(const struct axvcpu_backend *backend, unsigned id,
		   const void *arch_cfg, size_t size, struct axvcpu **out);

/** Exits of every vCPU of `vm` so far (its counters). */
uint64_t hv_vm_exits(const struct vmm_vm *vm);

/**
 * The machine's exit status for each way a VM ends: 0 powered off (or
 * stopped by the host), 2 reset with nobody to restart it, 3 the guest
 * broke, 1 a host error.
 */
int hv_vm_end_status(enum vmm_vm_end end);

/** The closing line: "\nhv: <why> (<how it ended>) after N exits\n". */
void hv_vm_print_end(const struct vmm_vm *vm, enum vmm_vm_end end);

#endif /* HV_COMMON_VM_H */
