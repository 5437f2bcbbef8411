/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MSR/MRS traps (EC 0x18). The ID registers (HCR_EL2.TID3) are answered
 * here with the features the guest does not get masked out; writes of
 * the SGI registers become SendIPI exits; every other trapped register is
 * a SysRegRead/SysRegWrite exit for the VM layer.
 */
#include "a64_internal.h"
#include "a64_sysreg.h"

#define ID_CASE(crm, op2)                                                      \
	case (crm)*8 + (op2):                                                  \
		return SYSREG_R(S3_0_C0_C##crm##_##op2)
#define ID_ROW(crm)                                                            \
	ID_CASE(crm, 0);                                                       \
	ID_CASE(crm, 1);                                                       \
	ID_CASE(crm, 2);                                                       \
	ID_CASE(crm, 3);                                                       \
	ID_CASE(crm, 4);                                                       \
	ID_CASE(crm, 5);                                                       \
	ID_CASE(crm, 6);                                                       \
	ID_CASE(crm, 7)

/* The hardware's ID register op0=3, op1=0, CRn=0, CRm, op2 (CRm 1..7). */
static uint64_t a64_id_hw(unsigned crm, unsigned op2)
{
	switch (crm * 8 + op2) {
		ID_ROW(1);
		ID_ROW(2);
		ID_ROW(3);
		ID_ROW(4);
		ID_ROW(5);
		ID_ROW(6);
		ID_ROW(7);
	default:
		return 0;
	}
}

static uint64_t field_clear(uint64_t v, unsigned lsb)
{
	return v & ~(0xfull << lsb);
}

/* What the guest reads: the hardware's value without hidden features. */
static uint64_t a64_id_guest(unsigned crm, unsigned op2)
{
	uint64_t v = a64_id_hw(crm, op2);
	switch (crm * 8 + op2) {
	case 4 * 8 + 0: /* ID_AA64PFR0_EL1: SVE, MPAM, AMU */
		v = field_clear(v, 32);
		v = field_clear(v, 40);
		return field_clear(v, 44);
	case 4 * 8 + 1: /* ID_AA64PFR1_EL1: MTE, MPAM_frac, SME, NMI */
		v = field_clear(v, 8);
		v = field_clear(v, 16);
		v = field_clear(v, 24);
		return field_clear(v, 36);
	case 4 * 8 + 4: /* ID_AA64ZFR0_EL1 */
	case 4 * 8 + 5: /* ID_AA64SMFR0_EL1 */
		return 0;
	case 5 * 8 + 0: /* ID_AA64DFR0_EL1: trace, PMU, SPE, trace filter */
		v = field_clear(v, 4);
		v = field_clear(v, 8);
		v = field_clear(v, 32);
		return field_clear(v, 40);
	default:
		return v;
	}
}

/* ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 written: SendIPI. */
static bool a64_sysreg_sgi(struct a64_vcpu *v, uint64_t val,
			   struct axvcpu_exit *exit)
{
	uint64_t targets = val & 0xffff, aff1 = (val >> 16) & 0xff;
	uint64_t intid = (val >> 24) & 0xf, rs = (val >> 44) & 0xf;
	bool irm = (val >> 40) & 1;
	uint64_t self = (v->vmpidr & 0xff) + 16 * ((v->vmpidr >> 8) & 0xff);
	exit->reason = AXVCPU_EXIT_SEND_IPI;
	exit->send_ipi.vector = intid;
	if (irm) {
		exit->send_ipi.send_to_all = true;
		return true;
	}
	/*
	 * vCPU ids are Aff0 + 16 Aff1 with Aff0 < 16: a range selector or
	 * a higher affinity other than 0 names no vCPU of this numbering.
	 */
	if (rs || (val & 0x00ff00ff00000000ull) || !targets) {
		exit->reason = AXVCPU_EXIT_NOTHING;
		return false;
	}
	uint64_t base = aff1 * 16;
	exit->send_ipi.target_cpu = base;
	exit->send_ipi.target_cpu_aux = targets;
	exit->send_ipi.send_to_self =
	    self >= base && self - base < 16 && (targets >> (self - base) & 1);
	return true;
}

bool a64_sysreg_handle(struct a64_vcpu *v, struct axvcpu_exit *exit)
{
	uint64_t iss = ESR_ISS(v->ctx.esr);
	unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7;
	unsigned op1 = (iss >> 14) & 7, crn = (iss >> 10) & 0xf;
	unsigned rt = (iss >> 5) & 0x1f, crm = (iss >> 1) & 0xf;
	bool read = iss & 1;
	uint64_t addr = AXVCPU_AARCH64_SYSREG(op0, op1, crn, crm, op2);
	v->ctx.pc += 4;
	if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7) {
		if (!read) {
			v->ctx.pc -= 4;
			a64_exit_undef(v);
			return false;
		}
		a64_xreg_set(v, rt, a64_id_guest(crm, op2));
		return false;
	}
	if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 >= 5) {
		if (read) { /* write-only registers */
			v->ctx.pc -= 4;
			a64_exit_undef(v);
			return false;
		}
		return a64_sysreg_sgi(v, a64_xreg(v, rt), exit);
	}
	if (read) {
		exit->reason = AXVCPU_EXIT_SYSREG_READ;
		exit->sysreg_read.addr = addr;
		exit->sysreg_read.reg = rt;
	} else {
		exit->reason = AXVCPU_EXIT_SYSREG_WRITE;
		exit->sysreg_write.addr = addr;
		exit->sysreg_write.value = a64_xreg(v, rt);
	}
	return true;
}
