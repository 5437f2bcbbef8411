/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host physical memory plan (qemu -m 512M: RAM 0x80000000-0xa0000000):
 * OpenSBI below 0x80200000, the hypervisor image, then frames up to
 * HV_POOL_END, guest RAM backing from HV_GUEST_RAM_HPA. OpenSBI puts the
 * host DTB near the top of RAM, above all of this.
 */
#ifndef HV_POOL_H
#define HV_POOL_H

#define HV_POOL_END 0x88000000ull
#define HV_GUEST_RAM_HPA 0x90000000ull
#define HV_GUEST_RAM_GPA 0x80000000ull
#define HV_GUEST_RAM_SIZE (128ull << 20)

#endif /* HV_POOL_H */
