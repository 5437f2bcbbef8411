/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The part of the test-guest protocol every architecture shares: the
 * vendor hypercalls tests/lib/hv_check.c answers the same way on each,
 * and the test device's read values (tests/<arch>/hv/proto.h adds its
 * own calls, flags and the hypercall convention). Assembler-safe.
 *
 * TP_EXPECT (reason, addr, width, x, flags, name): the next exit of the
 *   caller must be `reason` with those fields (per architecture).
 * TP_CHECK (got, want, name): ok if equal.
 * TP_INJECT (vector): axvcpu_inject_interrupt on the caller.
 * TP_DONE: print the plan and stop the machine.
 * TP_KICK (vCPU id): axvcpu_kick that vCPU.
 * TP_RUN_OTHER (entry): run a second vCPU on the caller's CPU until its
 *   first hypercall, then resume the caller.
 * TP_PRINT (value, name): print "# name: value" (a measurement).
 */
#ifndef TESTS_HV_PROTO_H
#define TESTS_HV_PROTO_H

#define TP_EXPECT 1
#define TP_CHECK 2
#define TP_INJECT 3
#define TP_DONE 4
#define TP_KICK 6
#define TP_RUN_OTHER 7
#define TP_PRINT 9

/* Reads of the test device at + TP_POS_OFF answer the architecture's
 * TP_VALUE_POS, others TP_VALUE. */
#define TP_POS_OFF 0x100

#endif /* TESTS_HV_PROTO_H */
