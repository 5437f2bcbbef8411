/* SPDX-License-Identifier: Apache-2.0 */
/* Event injection rules shared by the x86 backends. */
#include "x86_event.h"

bool x86_event_vector_valid(uint64_t vector)
{
	return vector < 256;
}

bool x86_event_has_error(uint8_t vector)
{
	switch (vector) {
	case AXVCPU_X86_EXC_DF:
	case AXVCPU_X86_EXC_TS:
	case AXVCPU_X86_EXC_NP:
	case AXVCPU_X86_EXC_SS:
	case AXVCPU_X86_EXC_GP:
	case AXVCPU_X86_EXC_PF:
	case AXVCPU_X86_EXC_AC:
	case 21: /* #CP */
	case 29: /* #VC */
	case 30: /* #SX */
		return true;
	default:
		return false;
	}
}

/* Exception classes of SDM table 6-4. */
enum exc_class { EXC_BENIGN, EXC_CONTRIBUTORY, EXC_PAGE_FAULT, EXC_DOUBLE };

static enum exc_class event_class(uint8_t v)
{
	switch (v) {
	case AXVCPU_X86_EXC_DE:
	case AXVCPU_X86_EXC_TS:
	case AXVCPU_X86_EXC_NP:
	case AXVCPU_X86_EXC_SS:
	case AXVCPU_X86_EXC_GP:
		return EXC_CONTRIBUTORY;
	case AXVCPU_X86_EXC_PF:
		return EXC_PAGE_FAULT;
	case AXVCPU_X86_EXC_DF:
		return EXC_DOUBLE;
	default:
		return EXC_BENIGN;
	}
}

enum x86_event_combine x86_event_combine(uint8_t first, uint8_t second)
{
	enum exc_class a = event_class(first), b = event_class(second);
	if (a == EXC_DOUBLE && b != EXC_BENIGN)
		return X86_COMBINE_SHUTDOWN;
	if (a == EXC_CONTRIBUTORY && b == EXC_CONTRIBUTORY)
		return X86_COMBINE_DOUBLE;
	if (a == EXC_PAGE_FAULT && b != EXC_BENIGN)
		return X86_COMBINE_DOUBLE;
	return X86_COMBINE_SECOND;
}

int x86_event_next_irq(const struct axvcpu *vcpu)
{
	for (int w = 3; w >= 0; w--) {
		uint64_t bits = axvcpu_irq_pending_word(vcpu, (unsigned)w);
		if (w == 0)
			bits &= ~(1ull << X86_VECTOR_NMI);
		if (bits)
			return w * 64 + 63 - __builtin_clzll(bits);
	}
	return -1;
}

bool x86_event_nmi_pending(const struct axvcpu *vcpu)
{
	return axvcpu_irq_pending_word(vcpu, 0) & (1ull << X86_VECTOR_NMI);
}
