/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A whole hosted hypervisor in one file: a 64-bit guest on /dev/kvm that
 * prints through a port, reads and writes an MMIO register, and halts.
 * Every step is the public API, the same on the bare-metal backends:
 * HAL, per-CPU enable, create, setup, bind, run, complete, unbind.
 *
 *   cc -Iinclude examples/kvm_hello.c build/lib/libaxvcpu.a -lpthread
 *   ./a.out [--trace]
 *
 * Exit status: 0 when the guest's MMIO write carries 42, 77 without KVM.
 */
#include <axvcpu/axvcpu.h>
#include <axvcpu/hosted.h>
#include <axvcpu/kvm.h>
#include <stdio.h>
#include <string.h>

#define GUEST_RAM_SIZE (2u << 20)
#define GUEST_ENTRY 0x100000u
#define GUEST_STACK 0x80000u
#define DEVICE_REG 0x10000000u /* outside RAM: every access exits */

/*
 * The guest: print a line on COM1, read DEVICE_REG, write it back plus
 * one, halt. Position-independent, copied to GUEST_ENTRY.
 */
__asm__(".pushsection .rodata\n"
	".globl hello_guest, hello_guest_end\n"
	"hello_guest:\n"
	"	mov $0x3f8, %dx\n"
	"	lea 3f(%rip), %rsi\n"
	"1:	lodsb\n"
	"	test %al, %al\n"
	"	jz 2f\n"
	"	out %al, %dx\n"
	"	jmp 1b\n"
	"2:	mov 0x10000000, %eax\n"
	"	add $1, %eax\n"
	"	mov %eax, 0x10000008\n"
	"	hlt\n"
	"3:	.asciz \"Hello from a guest on axvcpu (kvm backend)\\n\"\n"
	"hello_guest_end:\n"
	".popsection\n");
extern const unsigned char hello_guest[], hello_guest_end[];

/* Run until the guest halts; returns the value it wrote, or -1. */
static long long guest_loop(struct axvcpu *vcpu, bool trace)
{
	long long written = -1;
	struct axvcpu_exit exit;
	for (;;) {
		int err = axvcpu_run(vcpu, &exit);
		if (err) {
			fprintf(stderr, "run: %s\n", axvcpu_strerror(err));
			return -1;
		}
		if (trace) {
			char line[160];
			axvcpu_exit_format(&exit, line, sizeof(line));
			fprintf(stderr, "exit: %s\n", line);
		}
		switch (exit.reason) {
		case AXVCPU_EXIT_IO_WRITE:
			if (exit.io_write.port == 0x3f8)
				putchar((int)exit.io_write.data);
			break;
		case AXVCPU_EXIT_MMIO_READ:
			/* Width and register are the library's business. */
			axvcpu_complete_mmio_read(vcpu, 41);
			break;
		case AXVCPU_EXIT_MMIO_WRITE:
			written = (long long)exit.mmio_write.data;
			printf("guest wrote %lld to 0x%llx\n", written,
			       (unsigned long long)exit.mmio_write.addr);
			break;
		case AXVCPU_EXIT_HALT:
			return written;
		case AXVCPU_EXIT_NOTHING:
			break;
		default: {
			char line[160];
			axvcpu_exit_format(&exit, line, sizeof(line));
			fprintf(stderr, "unexpected exit: %s\n", line);
			return -1;
		}
		}
	}
}

/* VM, memory and a set-up vCPU; returns 0 or an AXVCPU_E* code. */
static int guest_create(struct axvcpu_kvm_vm **vm, struct axvcpu **vcpu)
{
	struct axvcpu_kvm_vm_config vm_cfg = { 0 };
	int err = axvcpu_kvm_vm_create(&vm_cfg, vm);
	if (err)
		return err;
	void *ram;
	err = axvcpu_kvm_vm_alloc_memory(*vm, 0, GUEST_RAM_SIZE, 0, &ram);
	if (err)
		return err;
	memcpy((unsigned char *)ram + GUEST_ENTRY, hello_guest,
	       (size_t)(hello_guest_end - hello_guest));

	struct axvcpu_kvm_create_config create_cfg = { .vm = *vm };
	struct axvcpu_create_params params = {
		.vm_id = 1,
		.vcpu_id = 0,
		.favor_phys_cpu = -1,
		.arch_config = &create_cfg,
		.arch_config_size = sizeof(create_cfg),
	};
	err = axvcpu_create(&axvcpu_backend_kvm, &params, vcpu);
	if (err)
		return err;
	struct axvcpu_kvm_setup_config setup_cfg = {
		.mode = AXVCPU_KVM_MODE_LONG64,
		.stack = GUEST_STACK,
	};
	/* KVM owns stage 2: the memslots are the guest's physical map. */
	return axvcpu_setup(*vcpu, GUEST_ENTRY, 0, &setup_cfg,
			    sizeof(setup_cfg));
}

int main(int argc, char **argv)
{
	bool trace = argc > 1 && strcmp(argv[1], "--trace") == 0;
	const char *why;
	if (!axvcpu_kvm_available(&why)) {
		printf("no KVM here: %s\n", why);
		return 77;
	}
	/* Once per program, then once per thread that runs vCPUs. */
	int err = axvcpu_hal_register(axvcpu_hosted_hal());
	if (!err)
		err = axvcpu_percpu_init(&axvcpu_backend_kvm);
	if (!err)
		err = axvcpu_percpu_hardware_enable();
	if (err) {
		fprintf(stderr, "per-CPU setup: %s\n", axvcpu_strerror(err));
		return 1;
	}

	struct axvcpu_kvm_vm *vm = 0;
	struct axvcpu *vcpu = 0;
	long long written = -1;
	err = guest_create(&vm, &vcpu);
	if (!err)
		err = axvcpu_bind(vcpu);
	if (!err) {
		written = guest_loop(vcpu, trace);
		err = axvcpu_unbind(vcpu);
	}
	if (err)
		fprintf(stderr, "axvcpu: %s (%s)\n", axvcpu_strerror(err),
			axvcpu_error_name(err));
	if (vcpu)
		axvcpu_destroy(vcpu);
	if (vm)
		axvcpu_kvm_vm_destroy(vm);
	axvcpu_percpu_hardware_disable();
	axvcpu_percpu_fini();
	return !err && written == 42 ? 0 : 1;
}
