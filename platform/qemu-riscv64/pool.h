/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Host physical memory plan (qemu -m 512M: RAM 0x80000000-0xa0000000):
 * OpenSBI below 0x80200000, the hypervisor image with its built-in guest
 * images, then frames up to HV_POOL_END (at least HV_POOL_MIN of them:
 * hv.ld refuses bigger images), guest RAM backing from HV_GUEST_RAM_HPA
 * (the image's RAM size: 128 MiB fits -m 512M, 256 MiB needs -m 1G).
 * QEMU puts the host DTB near the top of RAM, above all of this: a host
 * DTB inside the guest RAM backing means -m is too small.
 */
#ifndef HV_POOL_H
#define HV_POOL_H

#define HV_POOL_END 0x88000000ull
#define HV_GUEST_RAM_HPA 0x90000000ull
#define HV_GUEST_RAM_GPA 0x80000000ull
/* Frames the hypervisor needs at least (stage 2, vCPUs, devices). */
#define HV_POOL_MIN (4ull << 20)

#endif /* HV_POOL_H */
