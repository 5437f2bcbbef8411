/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kvm backend cost against the floor measured beside it, in one run:
 * port-I/O and MMIO exit round trips through axvcpu_run (+ completion)
 * versus a raw KVM_RUN loop on the same vCPU, and cold start (VM + vCPU
 * -> first exit) versus the raw ioctl sequence. Medians over repeats; the
 * ratio is what to compare across machines.
 */
#include <axvcpu/axvcpu.h>
#include <axvcpu/hosted.h>
#include <axvcpu/kvm.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define REPEATS 7
#define EXITS 2000
#define COLD_REPEATS 31
#define RAM 0x20000u
#define CODE 0x10000u

/* Real-mode loops, one exit per iteration (CS base 0x10000). */
#define BENCH_GUEST(name, body)                                                \
	__asm__(".pushsection .rodata." #name ",\"a\"\n" #name "_start:\n"     \
		".code16\n" body "\n.code64\n" #name "_end:\n.popsection\n");  \
	extern const unsigned char name##_start[], name##_end[]

BENCH_GUEST(b_out, "1: out %al, $0x10; jmp 1b");
BENCH_GUEST(b_in, "1: in $0x10, %al; jmp 1b");
BENCH_GUEST(b_mw, "mov $0xa000, %bx; mov %bx, %es\n"
		  "1: mov %eax, %es:(0); jmp 1b");
BENCH_GUEST(b_mr, "mov $0xa000, %bx; mov %bx, %es\n"
		  "1: mov %es:(0), %eax; jmp 1b");

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

enum kind { K_OUT, K_IN, K_MMIO_W, K_MMIO_R };

struct rig {
	struct axvcpu_kvm_vm *vm;
	struct axvcpu *v;
	struct kvm_run *run; /* a second mapping, for the raw loop */
	size_t run_size;
	int fd;
};

static int rig_make(struct rig *r, const unsigned char *s,
		    const unsigned char *e)
{
	struct axvcpu_kvm_vm_config c;
	memset(&c, 0, sizeof(c));
	void *ram = NULL;
	if (axvcpu_kvm_vm_create(&c, &r->vm) ||
	    axvcpu_kvm_vm_alloc_memory(r->vm, 0, RAM, 0, &ram))
		return -1;
	memcpy((char *)ram + CODE, s, (size_t)(e - s));
	struct axvcpu_kvm_create_config cc = { .vm = r->vm };
	struct axvcpu_create_params p = { .favor_phys_cpu = -1,
					  .arch_config = &cc,
					  .arch_config_size = sizeof(cc) };
	if (axvcpu_create(&axvcpu_backend_kvm, &p, &r->v) ||
	    axvcpu_setup(r->v, CODE, 0, NULL, 0) || axvcpu_bind(r->v))
		return -1;
	r->fd = axvcpu_kvm_vcpu_fd(r->v);
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	r->run_size = (size_t)ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	close(kvm);
	r->run = mmap(NULL, r->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      r->fd, 0);
	return r->run == MAP_FAILED ? -1 : 0;
}

static void rig_free(struct rig *r)
{
	munmap(r->run, r->run_size);
	axvcpu_unbind(r->v);
	axvcpu_destroy(r->v);
	axvcpu_kvm_vm_destroy(r->vm);
}

/* Microseconds per exit through the library; -1 on a wrong exit. */
static double lib_loop(struct rig *r, enum kind k)
{
	struct axvcpu_exit x;
	double t0 = now_us();
	for (int i = 0; i < EXITS; i++) {
		if (axvcpu_run(r->v, &x))
			return -1;
		switch (k) {
		case K_IN:
			axvcpu_complete_io_read(r->v, (uint64_t)i);
			break;
		case K_MMIO_R:
			axvcpu_complete_mmio_read(r->v, (uint64_t)i);
			break;
		default:
			break;
		}
	}
	return (now_us() - t0) / EXITS;
}

/* The floor: KVM_RUN and the least a VMM must do per exit. */
static double raw_loop(struct rig *r, enum kind k)
{
	struct kvm_run *run = r->run;
	run->kvm_valid_regs = 0; /* the floor copies no registers out */
	double t0 = now_us();
	for (int i = 0; i < EXITS; i++) {
		if (ioctl(r->fd, KVM_RUN, 0) < 0)
			return -1;
		if (k == K_IN && run->exit_reason == KVM_EXIT_IO)
			*((uint8_t *)run + run->io.data_offset) = (uint8_t)i;
		else if (k == K_MMIO_R && run->exit_reason == KVM_EXIT_MMIO)
			memcpy(run->mmio.data, &i, 4);
	}
	return (now_us() - t0) / EXITS;
}

static void bench_exits(const char *name, enum kind k, const unsigned char *s,
			const unsigned char *e)
{
	struct rig r;
	if (rig_make(&r, s, e)) {
		printf("kvm %-10s setup failed\n", name);
		return;
	}
	double lib[REPEATS], raw[REPEATS], ratio[REPEATS];
	lib_loop(&r, k); /* warm up, and settle any pending completion */
	for (int i = 0; i < REPEATS; i++) {
		lib[i] = lib_loop(&r, k);
		raw[i] = raw_loop(&r, k);
		/* The library's run completes what raw left pending. */
		ratio[i] = lib[i] / raw[i];
	}
	printf("kvm %-10s axvcpu %7.2f us  raw KVM_RUN %7.2f us  ratio %.3f"
	       "  (median of %d x %d exits)\n",
	       name, median(lib, REPEATS), median(raw, REPEATS),
	       median(ratio, REPEATS), REPEATS, EXITS);
	rig_free(&r);
}

/* Cold start through the library: VM + RAM + vCPU -> first exit. */
static double cold_lib(void)
{
	struct rig r;
	struct axvcpu_exit x;
	double t0 = now_us();
	struct axvcpu_kvm_vm_config c;
	memset(&c, 0, sizeof(c));
	void *ram = NULL;
	if (axvcpu_kvm_vm_create(&c, &r.vm) ||
	    axvcpu_kvm_vm_alloc_memory(r.vm, 0, RAM, 0, &ram))
		return -1;
	memcpy((char *)ram + CODE, b_out_start,
	       (size_t)(b_out_end - b_out_start));
	struct axvcpu_kvm_create_config cc = { .vm = r.vm };
	struct axvcpu_create_params p = { .favor_phys_cpu = -1,
					  .arch_config = &cc,
					  .arch_config_size = sizeof(cc) };
	if (axvcpu_create(&axvcpu_backend_kvm, &p, &r.v) ||
	    axvcpu_setup(r.v, CODE, 0, NULL, 0) || axvcpu_bind(r.v) ||
	    axvcpu_run(r.v, &x) || x.reason != AXVCPU_EXIT_IO_WRITE)
		return -1;
	double us = now_us() - t0;
	axvcpu_unbind(r.v);
	axvcpu_destroy(r.v);
	axvcpu_kvm_vm_destroy(r.vm);
	return us;
}

/*
 * The host's CPUID, fetched once like the library does (not timed): the
 * raw sequence can set it too, as every VMM whose guests use CPUID must.
 */
static struct kvm_cpuid2 *host_cpuid(void)
{
	static struct kvm_cpuid2 *c;
	if (c)
		return c;
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	c = calloc(1, sizeof(*c) + 512 * sizeof(c->entries[0]));
	if (kvm < 0 || !c)
		exit(1);
	c->nent = 512;
	if (ioctl(kvm, KVM_GET_SUPPORTED_CPUID, c) < 0)
		exit(1);
	close(kvm);
	return c;
}

/*
 * The same with bare ioctls: the least KVM needs for a real-mode guest,
 * and (`cpuid`) with KVM_SET_CPUID2 as the library does: that one ioctl
 * costs ~60-80 us here whatever the table holds (the kernel's work after
 * a CPUID change), most of the library's difference from the bare path.
 */
static double cold_raw(bool cpuid)
{
	double t0 = now_us();
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	void *ram = mmap(NULL, RAM, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy((char *)ram + CODE, b_out_start,
	       (size_t)(b_out_end - b_out_start));
	struct kvm_userspace_memory_region mr = {
		.slot = 0,
		.memory_size = RAM,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr);
	int fd = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (cpuid)
		ioctl(fd, KVM_SET_CPUID2, host_cpuid());
	size_t size = (size_t)ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	struct kvm_run *run =
	    mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct kvm_sregs sr;
	ioctl(fd, KVM_GET_SREGS, &sr);
	sr.cs.base = CODE;
	sr.cs.selector = CODE >> 4;
	ioctl(fd, KVM_SET_SREGS, &sr);
	struct kvm_regs regs = { .rip = 0, .rflags = 2 };
	ioctl(fd, KVM_SET_REGS, &regs);
	int rc = ioctl(fd, KVM_RUN, 0);
	double us = now_us() - t0;
	bool ok = rc == 0 && run->exit_reason == KVM_EXIT_IO;
	munmap(run, size);
	close(fd);
	close(vm);
	close(kvm);
	munmap(ram, RAM);
	return ok ? us : -1;
}

int main(void)
{
	const char *why = NULL;
	if (!axvcpu_kvm_available(&why)) {
		printf("kvm bench skipped: %s\n", why);
		return 0;
	}
	if (axvcpu_hal_register(axvcpu_hosted_hal()) ||
	    axvcpu_percpu_init(&axvcpu_backend_kvm) ||
	    axvcpu_percpu_hardware_enable()) {
		printf("kvm bench: cannot enable the backend\n");
		return 1;
	}
	bench_exits("pio-out", K_OUT, b_out_start, b_out_end);
	bench_exits("pio-in", K_IN, b_in_start, b_in_end);
	bench_exits("mmio-write", K_MMIO_W, b_mw_start, b_mw_end);
	bench_exits("mmio-read", K_MMIO_R, b_mr_start, b_mr_end);
	double lib[COLD_REPEATS], raw[COLD_REPEATS], ratio[COLD_REPEATS];
	double rawc[COLD_REPEATS], ratioc[COLD_REPEATS];
	host_cpuid();
	for (int i = 0; i < COLD_REPEATS; i++) {
		lib[i] = cold_lib();
		raw[i] = cold_raw(false);
		rawc[i] = cold_raw(true);
		ratio[i] = lib[i] / raw[i];
		ratioc[i] = lib[i] / rawc[i];
	}
	printf(
	    "kvm cold-start axvcpu %7.1f us  raw ioctls  %7.1f us  ratio %.3f"
	    "  (median of %d; VM + vCPU -> first exit)\n",
	    median(lib, COLD_REPEATS), median(raw, COLD_REPEATS),
	    median(ratio, COLD_REPEATS), COLD_REPEATS);
	printf("kvm cold-start axvcpu %7.1f us  raw + CPUID %7.1f us  ratio "
	       "%.3f  (the same raw ioctls with KVM_SET_CPUID2)\n",
	       median(lib, COLD_REPEATS), median(rawc, COLD_REPEATS),
	       median(ratioc, COLD_REPEATS));
	return 0;
}
