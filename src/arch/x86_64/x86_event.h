/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Event injection rules both x86 backends follow: which vector goes in
 * next, when the guest can take an interrupt, which exceptions carry an
 * error code, how a fault during the delivery of another combines (double
 * fault, shutdown), and the event word whose layout SVM's EVENTINJ /
 * EXITINTINFO and VMX's entry / IDT-vectoring information share (vector
 * 7:0, type 10:8, error code valid 11, valid 31). Freestanding.
 */
#ifndef AXVCPU_X86_EVENT_H
#define AXVCPU_X86_EVENT_H

#include <axvcpu/backend.h>
#include <axvcpu/x86.h>

/* Event types (bits 10:8 of the event word). */
enum x86_event_type {
	X86_EVENT_INTR = 0,      /* external interrupt */
	X86_EVENT_NMI = 2,       /* non-maskable interrupt */
	X86_EVENT_EXCEPTION = 3, /* hardware exception */
	X86_EVENT_SOFT_INT = 4,  /* INTn */
};

#define X86_EVENT_VALID (1u << 31)
#define X86_EVENT_ERR_VALID (1u << 11)

/* The event word for `vector` of `type`, with an error code or not. */
static inline uint32_t x86_event_word(uint8_t vector, enum x86_event_type type,
				      bool has_error)
{
	return vector | (uint32_t)type << 8 |
	       (has_error ? X86_EVENT_ERR_VALID : 0) | X86_EVENT_VALID;
}

static inline uint8_t x86_event_vector(uint32_t word)
{
	return word & 0xff;
}

static inline enum x86_event_type x86_event_type_of(uint32_t word)
{
	return (enum x86_event_type)((word >> 8) & 7);
}

/* The vector of axvcpu_inject_interrupt() that means an NMI. */
#define X86_VECTOR_NMI 2u

/*
 * Vectors axvcpu_inject_interrupt() takes on the bare-metal x86 backends:
 * 0..255, delivered as external interrupts (a real-mode BIOS takes its
 * IRQs at vectors 8-15), but 2, which is an NMI.
 */
bool x86_event_vector_valid(uint64_t vector);

/* Whether exception `vector` pushes an error code. */
bool x86_event_has_error(uint8_t vector);

/* What delivering a second exception during the delivery of a first
 * becomes (SDM vol. 3 table 6-5). */
enum x86_event_combine {
	/* Deliver the second one. */
	X86_COMBINE_SECOND,
	/* A double fault (#DF, error code 0). */
	X86_COMBINE_DOUBLE,
	/* A fault during #DF: the CPU shuts down (triple fault). */
	X86_COMBINE_SHUTDOWN,
};

/* The rule for exception `second` raised while delivering `first`. */
enum x86_event_combine x86_event_combine(uint8_t first, uint8_t second);

/*
 * Whether the guest can take a maskable interrupt now: RFLAGS.IF set and
 * no interrupt shadow (STI / MOV SS), and nothing else being injected.
 */
static inline bool x86_event_irq_window(uint64_t rflags, bool shadow)
{
	return (rflags & (1ull << 9)) && !shadow;
}

/*
 * The external-interrupt vector to deliver next among those queued for
 * `vcpu` (x86 priority: the highest first), or -1 if none. Vector 2 (NMI)
 * is not included (x86_event_nmi_pending()).
 */
int x86_event_next_irq(const struct axvcpu *vcpu);

/* Whether an NMI is queued for `vcpu`. */
bool x86_event_nmi_pending(const struct axvcpu *vcpu);

#endif /* AXVCPU_X86_EVENT_H */
