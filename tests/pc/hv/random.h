/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The protocol of the random x86 guest (tests/pc/guest/random.c) with its
 * checking program (tests/pc/hv/prog_random.c): hypercalls (VMMCALL,
 * rax = nr, rdi = RX_MAGIC, rsi = the argument) that a random VMMCALL
 * cannot fake by chance.
 *
 * RX_HELLO: answered rax = 0, rsi = the seed of this start's stream, rdx
 *   = flags (RX_F_*).
 * RX_BEAT (rsi = blocks run since RX_HELLO): a heartbeat.
 * RX_BLOCK (rsi = block number): with RX_F_TRACE, before every block.
 * The run's parameters come on the hypervisor's command line:
 * seed=N blocks=N flags=N.
 */
#ifndef HV_PC_RANDOM_H
#define HV_PC_RANDOM_H

#define RX_MAGIC 0x4057117e5eedull
#define RX_HELLO 0x5eed0001ull
#define RX_BEAT 0x5eed0002ull
#define RX_BLOCK 0x5eed0003ull

#define RX_F_TRACE 1ull

#endif /* HV_PC_RANDOM_H */
