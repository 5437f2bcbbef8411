/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host physical memory plan (qemu -m 1G: RAM 0x40000000-0x80000000): the
 * hypervisor image (with its guest images) from 0x40080000, frames from its
 * end up to HV_POOL_END, the guest's flash backing, then guest RAM backing.
 */
#ifndef HV_POOL_H
#define HV_POOL_H

#define HV_POOL_END 0x48000000ull
#define HV_GUEST_ROM_HPA 0x48000000ull
#define HV_GUEST_ROM_GPA 0x0ull
#define HV_GUEST_ROM_SIZE (128ull << 20)
#define HV_GUEST_RAM_HPA 0x50000000ull
#define HV_GUEST_RAM_GPA 0x40000000ull
#define HV_GUEST_RAM_SIZE (512ull << 20)

#endif /* HV_POOL_H */
