/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The conformance suite on the kvm backend: the x86-64 guest runtime's
 * image (rt/kvm) in a KVM VM of two vCPUs on the VM object, each on its
 * own thread, with the checker (scenarios.c) as the exit hook. TAP on
 * stdout. The host glue of a backend is this much: its struct
 * conf_backend, the VM, and one thread (or CPU) per vCPU.
 */
#include "tests/conformance/rt/kvm/conf_abi.h"
#include "tests/conformance/scenarios.h"
#include "tools/common/vm_host_posix.h"
#include "vmm/loader.h"

#include <axvcpu/hosted.h>
#include <axvcpu/kvm.h>
#include <axvcpu/stage2.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A guest that hangs must not hang `make test`. */
#define CONF_KVM_TIMEOUT_S 60

extern const unsigned char conf_kvm_guest[], conf_kvm_guest_end[];

static void kvm_read_dest(unsigned width, bool sign, struct conf_read_dest *d)
{
	(void)sign;
	/* KVM writes (and extends) the destination itself. */
	d->reg = AXVCPU_KVM_REG_READ_DATA;
	d->reg_width = (uint8_t)width;
	d->sign_ext = false;
}

static void kvm_print(const char *text)
{
	fputs(text, stdout);
	fflush(stdout);
}

static struct conf_backend kvm_backend = {
	.name = "kvm",
	.caps = CONF_CAP_MMIO | CONF_CAP_PIO | CONF_CAP_SYSREG |
		CONF_CAP_RESET | CONF_CAP_CRASH | CONF_CAP_SECOND,
	.lacks = {
		[CONF_BIT_TIMER] = "kvm: no guest timer without the in-kernel irqchip (no "
		      "Halt deadline); with it KVM halts inside KVM_RUN",
		[CONF_BIT_CONSOLE] = "kvm: no hypervisor console calls (guests use port "
		      "devices)",
		[CONF_BIT_CPU_UP] = "kvm: KVM starts application processors itself "
		      "(INIT/SIPI): no CpuUp, CpuDown or CpuStatus exits",
		[CONF_BIT_SEND_IPI] = "kvm: IPIs are the in-kernel local APIC's: no SendIPI "
		      "exits",
		[CONF_BIT_REMOTE_FENCE] = "kvm: KVM keeps guest TLBs coherent: no RemoteFence exits",
		[CONF_BIT_SYSTEM_EVENTS] = "kvm: x86 resets through port devices and powers off "
		      "only by a triple fault: no requests a guest survives",
		[CONF_BIT_NPF] = "kvm: KVM owns stage 2 (memory slots): no "
		      "NestedPageFault exits",
		[CONF_BIT_REFLECT] = "kvm: KVM owns the access: reflect_fault is "
		       "AXVCPU_EUNSUPPORTED",
		[CONF_BIT_HOST_PREEMPT] = "kvm: the host kernel preempts inside KVM_RUN: no exit "
		       "reaches the VM layer (kick_remote and fault_loop end "
		       "loops with a kick)",
	},
	.mmio_base = CONF_RT_MMIO_BASE,
	.far = CONF_RT_FAR,
	.pio_base = CONF_RT_PIO_BASE,
	.sysreg = CONF_RT_SYSREG,
	.irq_vector = CONF_RT_IRQ_VECTOR,
	.pc_reg = AXVCPU_KVM_REG_RIP,
	.marker_reg = CONF_KVM_REG_MARKER,
	.sysreg_reg = AXVCPU_KVM_REG_READ_DATA,
	.read_dest = kvm_read_dest,
	.return_value_after_write = 0,
	.crash_reason = AXVCPU_KVM_SYSTEM_TRIPLE_FAULT,
	.ticks_per_ms = 1000000,
	.print = kvm_print,
};

static void host_out(void *ctx, const uint8_t *buf, size_t len)
{
	(void)ctx;
	printf("# guest console: %.*s\n", (int)len, (const char *)buf);
}

static void host_log(void *ctx, const char *line)
{
	(void)ctx;
	printf("# vm: %s\n", line);
	fflush(stdout);
}

struct vcpu_thread {
	struct vmm_vm *vm;
	unsigned id;
	pthread_t thread;
	bool started;
};

static void *vcpu_main(void *arg)
{
	struct vcpu_thread *t = arg;
	int err = axvcpu_percpu_init(&axvcpu_backend_kvm);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err) {
		vmm_vm_stop(t->vm, VMM_VM_HOST_ERROR, err,
			    "a vCPU thread cannot enable the kvm backend");
		return NULL;
	}
	vmm_vm_run_vcpu(t->vm, t->id);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return NULL;
}

/* Ends the VM if the guest is still running after the timeout. */
static void *watchdog_main(void *arg)
{
	struct vmm_vm *vm = arg;
	uint64_t end = vm_host_posix_now() + CONF_KVM_TIMEOUT_S * 1000000000ull;
	while (vmm_vm_end(vm) == VMM_VM_RUNNING) {
		if (vm_host_posix_now() >= end) {
			vmm_vm_stop(
			    vm, VMM_VM_HOST_STOP, 1,
			    "watchdog: the suite did not finish in time");
			break;
		}
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static struct axvcpu *vcpu_new(struct axvcpu_kvm_vm *kvm, unsigned id,
			       uint64_t entry)
{
	struct axvcpu_kvm_create_config cc = { .vm = kvm };
	struct axvcpu_create_params p = {
		.vm_id = 1,
		.vcpu_id = id,
		.favor_phys_cpu = -1,
		.arch_config = &cc,
		.arch_config_size = sizeof(cc),
	};
	struct axvcpu_kvm_setup_config sc = {
		.mode = AXVCPU_KVM_MODE_LONG64,
		.stack = CONF_KVM_SETUP_SP,
	};
	struct axvcpu *v = NULL;
	if (axvcpu_create(&axvcpu_backend_kvm, &p, &v))
		return NULL;
	if (axvcpu_setup(v, entry, 0, &sc, sizeof(sc))) {
		axvcpu_destroy(v);
		return NULL;
	}
	return v;
}

static int bail(const char *what, int err)
{
	printf("1..1\nnot ok 1 - kvm: %s: %s\n", what, axvcpu_strerror(err));
	return 1;
}

int main(void)
{
	static struct vmm_vm vm;
	static struct vm_host_posix posix;
	static struct conf conf;
	const char *why = NULL;
	if (!axvcpu_kvm_available(&why)) {
		printf("1..0 # SKIP %s\n", why ? why : "no /dev/kvm");
		return 0;
	}
	int err = axvcpu_hal_register(axvcpu_hosted_hal());
	if (err)
		return bail("hosted HAL", err);

	/* MSRs KVM does not know exit to the VM layer, where the host can. */
	struct axvcpu_kvm_vm *kvm = NULL;
	struct axvcpu_kvm_vm_config kc = { .flags = AXVCPU_KVM_VM_USER_MSRS };
	err = axvcpu_kvm_vm_create(&kc, &kvm);
	if (err == AXVCPU_EUNSUPPORTED) {
		kc.flags = 0;
		kvm_backend.caps &= ~CONF_CAP_SYSREG;
		kvm_backend.lacks[CONF_BIT_SYSREG] =
		    "this host's KVM has no user-space MSR "
		    "exits";
		err = axvcpu_kvm_vm_create(&kc, &kvm);
	}
	if (err)
		return bail("KVM VM", err);
	struct vmm_vm_config cfg = { .vm_id = 1 };
	struct vmm_vm_host host = { .console_out = host_out, .log = host_log };
	if ((err = vm_host_posix_init(&posix, NULL, &host)) ||
	    (err = vmm_vm_init(&vm, &cfg, &host)))
		return bail("VM", err);
	/* Guest memory the one way of every backend: the VM's map, with the
	 * library's stage 2 (memory slots here) following it. */
	struct axvcpu_stage2 *s2 = NULL;
	struct axvcpu_stage2_config s2c = { .backend_vm = kvm };
	static uint8_t ram[CONF_KVM_RAM_SIZE] __attribute__((aligned(4096)));
	if ((err = axvcpu_stage2_create(&axvcpu_backend_kvm, &s2c, &s2)) ||
	    (err = vmm_mem_attach_stage2(&vm.mem, s2)) ||
	    (err =
		 vmm_mem_add(&vm.mem, 0, CONF_KVM_RAM_SIZE, ram, VMM_MEM_RAM)))
		return bail("guest memory", err);
	struct vmm_load_info info;
	err = vmm_load_elf(&vm.mem, conf_kvm_guest,
			   (size_t)(conf_kvm_guest_end - conf_kvm_guest),
			   VMM_ELF_EM_X86_64, &info);
	if (err)
		return bail(info.error ? info.error : "guest image", err);
	/* vCPU 1 stays parked: its thread runs the checker's remote work. */
	for (unsigned i = 0; i < 2; i++) {
		struct axvcpu *v = vcpu_new(kvm, i, info.entry);
		if (!v)
			return bail("vCPU", AXVCPU_EHW);
		if ((err = vmm_vm_add_vcpu(&vm, v)))
			return bail("vmm_vm_add_vcpu", err);
	}
	conf_install(&conf, &vm, &kvm_backend);

	struct vcpu_thread threads[2];
	pthread_t watchdog;
	bool watching = !pthread_create(&watchdog, NULL, watchdog_main, &vm);
	for (unsigned i = 0; i < 2; i++) {
		threads[i] = (struct vcpu_thread){ .vm = &vm, .id = i };
		threads[i].started = !pthread_create(&threads[i].thread, NULL,
						     vcpu_main, &threads[i]);
		if (!threads[i].started)
			vmm_vm_stop(&vm, VMM_VM_HOST_ERROR, 1,
				    "cannot start a vCPU thread");
	}
	for (unsigned i = 0; i < 2; i++)
		if (threads[i].started)
			pthread_join(threads[i].thread, NULL);
	if (watching)
		pthread_join(watchdog, NULL);
	bool ok = conf_end(&conf);
	vmm_vm_fini(&vm);
	axvcpu_stage2_destroy(s2);
	axvcpu_kvm_vm_destroy(kvm);
	vm_host_posix_fini(&posix);
	return ok ? 0 : 1;
}
