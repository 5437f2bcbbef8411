/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared helpers of the kvm tests (header-only, so that the TAP counter
 * of tap.h is the test program's own): a VM with RAM at 0, guests copied in
 * from the test binary, vCPUs created and set up in one call, exit checks.
 */
#ifndef AXVCPU_TESTS_KVM_HARNESS_H
#define AXVCPU_TESTS_KVM_HARNESS_H

#include "tests/lib/tap.h"

#include <axvcpu/axvcpu.h>
#include <axvcpu/hosted.h>
#include <axvcpu/kvm.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Guest memory layout used by every kvm test. */
#define KT_RAM_SIZE 0x80000u /* RAM at [0, 512 KiB) */
#define KT_DATA 0x9000u      /* data the host prepares / reads back */
#define KT_STACK 0xf000u     /* initial stack pointer */
#define KT_CODE 0x10000u     /* guests are loaded and entered here */
#define KT_MMIO 0xa0000u     /* unmapped: MMIO exits */

/*
 * Define guest code `name` (name_start..name_end) in assembly for `bits`
 * (16, 32, 64); it is position dependent only through absolute addresses.
 */
#define KT_GUEST(name, bits, body)                                             \
	__asm__(".pushsection .rodata." #name ",\"a\"\n"                       \
		".globl " #name "_start\n" #name "_start:\n"                   \
		".code" #bits "\n" body "\n"                                   \
		".code64\n"                                                    \
		".globl " #name "_end\n" #name "_end:\n"                       \
		".popsection\n");                                              \
	extern const unsigned char name##_start[], name##_end[]

static inline int kt_thread_enable(void);

struct kt_vm {
	struct axvcpu_kvm_vm *vm;
	unsigned char *ram;
};

static inline bool kt_init(unsigned timeout_s)
{
	const char *why = NULL;
	if (!axvcpu_kvm_available(&why)) {
		tap_skip_all(why);
		return false;
	}
	alarm(timeout_s); /* a hung guest kills the test: prove sees it */
	if (axvcpu_hal_register(axvcpu_hosted_hal()) != 0 ||
	    kt_thread_enable() != 0) {
		tap_skip_all("cannot enable the kvm backend");
		return false;
	}
	return true;
}

static inline int kt_thread_enable(void)
{
	int err = axvcpu_percpu_init(&axvcpu_backend_kvm);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	return err;
}

static inline int kt_vm_create_cfg(struct kt_vm *t,
				   const struct axvcpu_kvm_vm_config *c)
{
	memset(t, 0, sizeof(*t));
	int err = axvcpu_kvm_vm_create(c, &t->vm);
	if (err)
		return err;
	void *ram = NULL;
	err = axvcpu_kvm_vm_alloc_memory(t->vm, 0, KT_RAM_SIZE, 0, &ram);
	if (err) {
		axvcpu_kvm_vm_destroy(t->vm);
		return err;
	}
	t->ram = ram;
	return 0;
}

static inline int kt_vm_create(struct kt_vm *t, uint32_t flags)
{
	struct axvcpu_kvm_vm_config c;
	memset(&c, 0, sizeof(c));
	c.flags = flags;
	return kt_vm_create_cfg(t, &c);
}

static inline void kt_vm_destroy(struct kt_vm *t)
{
	if (t->vm)
		axvcpu_kvm_vm_destroy(t->vm);
	t->vm = NULL;
}

static inline void kt_load(struct kt_vm *t, uint64_t gpa,
			   const unsigned char *start, const unsigned char *end)
{
	memcpy(t->ram + gpa, start, (size_t)(end - start));
}

static inline struct axvcpu *kt_vcpu_new(struct kt_vm *t, uint32_t id,
					 uint32_t mode)
{
	struct axvcpu_kvm_create_config cc = { .vm = t->vm };
	struct axvcpu_create_params p = {
		.vm_id = 1,
		.vcpu_id = id,
		.favor_phys_cpu = -1,
		.arch_config = &cc,
		.arch_config_size = sizeof(cc),
	};
	struct axvcpu *v = NULL;
	if (axvcpu_create(&axvcpu_backend_kvm, &p, &v) != 0)
		return NULL;
	struct axvcpu_kvm_setup_config sc = { .mode = mode, .stack = KT_STACK };
	if (axvcpu_setup(v, KT_CODE, 0, &sc, sizeof(sc)) != 0) {
		axvcpu_destroy(v);
		return NULL;
	}
	return v;
}

static inline void kt_vcpu_free(struct axvcpu *v)
{
	if (!v)
		return;
	enum axvcpu_state s = axvcpu_state(v);
	if (s == AXVCPU_STATE_READY || s == AXVCPU_STATE_BLOCKED)
		axvcpu_unbind(v);
	axvcpu_destroy(v);
}

static inline const char *kt_mode_name(uint32_t mode)
{
	switch (mode) {
	case AXVCPU_KVM_MODE_REAL16:
		return "real16";
	case AXVCPU_KVM_MODE_PROT32:
		return "prot32";
	case AXVCPU_KVM_MODE_LONG64:
		return "long64";
	default:
		return "?";
	}
}

static inline int kt_run(struct axvcpu *v, struct axvcpu_exit *e)
{
	int err = axvcpu_run(v, e);
	if (err)
		tap_diag("axvcpu_run: %s", axvcpu_error_name(err));
	return err;
}

static inline void kt_diag_exit(const struct axvcpu_exit *e)
{
	char line[160];
	axvcpu_exit_format(e, line, sizeof(line));
	tap_diag("exit: %s", line);
}

static inline bool kt_expect_out(struct axvcpu *v, uint16_t port, uint8_t width,
				 uint64_t data, const char *what)
{
	struct axvcpu_exit e;
	int err = kt_run(v, &e);
	bool ok = !err && e.reason == AXVCPU_EXIT_IO_WRITE &&
		  e.io_write.port == port && e.io_write.width == width &&
		  e.io_write.data == data;
	if (!tap_ok(ok, "%s: IoWrite port=%#x width=%u data=%#llx", what, port,
		    width, (unsigned long long)data))
		kt_diag_exit(&e);
	return ok;
}

static inline bool kt_expect_reason(struct axvcpu *v, struct axvcpu_exit *e,
				    enum axvcpu_exit_reason reason,
				    const char *what)
{
	int err = kt_run(v, e);
	bool ok = !err && e->reason == reason;
	if (!tap_ok(ok, "%s: %s", what, axvcpu_exit_name(reason)))
		kt_diag_exit(e);
	return ok;
}

static inline uint64_t kt_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#endif /* AXVCPU_TESTS_KVM_HARNESS_H */
