/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The protocol of the random hostile guest (tests/aarch64/guest/hostile.c)
 * with its checking program (tests/aarch64/hv/prog_hostile.c): vendor
 * hypercalls (HVC, x0 = HS_FID(nr)), every one carrying HS_MAGIC in x1 so
 * that a random HVC that happens to pick one of these numbers is told
 * apart (it gets NOT_SUPPORTED like any other unknown call).
 *
 * HS_HELLO (x2 = the CPU number the guest thinks it is): answered x0 = 0,
 *   x1 = the seed of this vCPU's instruction stream (a new one for every
 *   start: boot, CPU_ON, reset, rescue), x2 = the heartbeat period in
 *   blocks, x3 = flags (HS_F_*).
 * HS_BEAT (x2 = blocks run since HS_HELLO): a heartbeat; the checker
 *   counts them and ends the run (TAP, power-off) at its target.
 * HS_BLOCK (x2 = block number): with HS_F_TRACE, before every block (to
 *   find the block that broke the host).
 */
#ifndef HV_HOSTILE_H
#define HV_HOSTILE_H

#define HS_FID(nr) (0xc6000000ul | (nr))
#define HS_MAGIC 0x4057117e5eedull
#define HS_HELLO 0x7f01
#define HS_BEAT 0x7f02
#define HS_BLOCK 0x7f03

#define HS_F_TRACE 1ull

/* Where the host finds its run's parameters (QEMU's generic loader:
 * -device loader,addr=HS_PARAM_HPA,data=SEED,data-len=8 and +8 the block
 * target, +16 flags); zero means the defaults. Host RAM above the
 * guest's RAM backing, which nothing else uses. */
#define HS_PARAM_HPA 0x7ffff000ull

#endif /* HV_HOSTILE_H */
