/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kvm-specific API: VM and memory argument checks, read-only memory,
 * setup refusals (ept_root, system area), registers through sync regs, and
 * MSR exits (unknown MSRs, filtered MSRs, completion, #GP on request).
 */
#include "harness.h"

#define MSR_UNKNOWN 0x4b564dffu /* not a KVM paravirt MSR */
#define MSR_SYSENTER_CS 0x174u

/*
 * rdmsr unknown (echo edx:eax), wrmsr unknown, wrmsr/rdmsr of a filtered
 * known MSR, then an rdmsr the host fails with #GP (IDT empty: shutdown).
 * Only 32-bit registers: the same text runs in every mode. At +0x80 the
 * real-mode #GP handler (IVT[13]).
 */
#define MSR_GUEST                                                              \
	"mov $0x4b564dff, %ecx; rdmsr; out %eax, $0x70; mov %edx, %eax\n"      \
	"out %eax, $0x71\n"                                                    \
	"mov $0xaabbccdd, %edx; mov $0x11223344, %eax; wrmsr\n"                \
	"mov $0x174, %ecx; mov $0x10, %eax; xor %edx, %edx; wrmsr\n"           \
	"rdmsr; out %eax, $0x72\n"                                             \
	"mov $0x4b564dff, %ecx; rdmsr\n"                                       \
	"out %al, $0x73; hlt\n"                                                \
	".org 0x80\n mov $0xd, %al; out %al, $0x74; hlt\n"
KT_GUEST(msr16, 16, MSR_GUEST);
KT_GUEST(msr32, 32, MSR_GUEST);
KT_GUEST(msr64, 64, MSR_GUEST);

/* 8- and 2-byte MMIO reads in long mode, echoed in two halves / whole. */
KT_GUEST(wide64, 64,
	 "mov (0xa0020), %rax; out %eax, $0x90; shr $32, %rax\n"
	 "out %eax, $0x91\n"
	 "movzwl (0xa0030), %eax; out %eax, $0x92; hlt\n");

/* A 4-byte write and an 8-byte read that cross an MMIO page boundary. */
KT_GUEST(split64, 64,
	 "movl $0x11223344, (0xa0fff)\n"
	 "mov (0xa0ffd), %rax; out %eax, $0x90; shr $32, %rax\n"
	 "out %eax, $0x91; hlt\n");

/* Reads ROM, writes it (an MMIO write), reads it again. */
KT_GUEST(rom64, 64,
	 "mov (0x100000), %eax; out %eax, $0x80\n"
	 "movl $0x12345678, (0x100000)\n"
	 "mov (0x100000), %eax; out %eax, $0x81; hlt\n");

static void vm_checks(void)
{
	struct axvcpu_kvm_vm *vm = NULL;
	struct axvcpu_kvm_vm_config c;
	memset(&c, 0, sizeof(c));
	tap_is(axvcpu_kvm_vm_create(NULL, &vm), AXVCPU_EINVAL, "NULL config");
	c.flags = AXVCPU_KVM_VM_PIT;
	tap_is(axvcpu_kvm_vm_create(&c, &vm), AXVCPU_EINVAL,
	       "PIT without irqchip");
	c.flags = 1u << 31;
	tap_is(axvcpu_kvm_vm_create(&c, &vm), AXVCPU_EINVAL, "unknown flag");
	c.flags = 0;
	c.trap_msr_count = 1;
	tap_is(axvcpu_kvm_vm_create(&c, &vm), AXVCPU_EINVAL,
	       "trap_msrs without USER_MSRS");
	c.trap_msr_count = 0;
	c.flags = AXVCPU_KVM_VM_IRQCHIP | AXVCPU_KVM_VM_PIT;
	tap_is(axvcpu_kvm_vm_create(&c, &vm), 0, "VM with irqchip and PIT");
	void *p = NULL;
	tap_is(axvcpu_kvm_vm_alloc_memory(vm, 0x1000, 0x3000, 0, &p), 0,
	       "alloc 12 KiB at 0x1000");
	tap_is(axvcpu_kvm_vm_alloc_memory(vm, 0x2000, 0x1000, 0, NULL),
	       AXVCPU_EINVAL, "overlapping slot refused");
	tap_is(axvcpu_kvm_vm_alloc_memory(vm, 0x10800, 0x1000, 0, NULL),
	       AXVCPU_EINVAL, "unaligned gpa refused");
	tap_ok(axvcpu_kvm_vm_gpa_to_hva(vm, 0x1ff0, 0x20) == (char *)p + 0xff0,
	       "gpa_to_hva inside a slot");
	tap_ok(axvcpu_kvm_vm_gpa_to_hva(vm, 0x3ff0, 0x20) == NULL,
	       "gpa_to_hva past the slot end");
	tap_is(axvcpu_kvm_vm_unmap_memory(vm, 0x5000), AXVCPU_ENOTFOUND,
	       "unmap of nothing");
	tap_is(axvcpu_kvm_vm_unmap_memory(vm, 0x1000), 0, "unmap");
	tap_ok(axvcpu_kvm_vm_gpa_to_hva(vm, 0x1000, 1) == NULL,
	       "unmapped range has no hva");
	tap_ok(axvcpu_kvm_vm_fd(vm) >= 0, "VM fd");
	tap_is(axvcpu_kvm_vm_destroy(vm), 0, "destroy VM");
	tap_is(axvcpu_kvm_vm_irq_line(NULL, 0, true), AXVCPU_EINVAL,
	       "irq_line on NULL");
}

static void setup_checks(void)
{
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for setup checks"))
		return;
	struct axvcpu_kvm_create_config cc = { .vm = t.vm };
	struct axvcpu_create_params p = {
		.favor_phys_cpu = -1,
		.arch_config = &cc,
		.arch_config_size = sizeof(cc),
	};
	struct axvcpu *v = NULL;
	struct axvcpu_create_params bad = p;
	bad.arch_config = NULL;
	bad.arch_config_size = 0;
	tap_is(axvcpu_create(&axvcpu_backend_kvm, &bad, &v), AXVCPU_EINVAL,
	       "create needs a kvm config");
	if (!tap_ok(axvcpu_create(&axvcpu_backend_kvm, &p, &v) == 0,
		    "create a kvm vCPU"))
		goto out;
	struct axvcpu_kvm_setup_config sc = { .mode = AXVCPU_KVM_MODE_LONG64 };
	tap_is(axvcpu_setup(v, KT_CODE, 0x1000, &sc, sizeof(sc)), AXVCPU_EINVAL,
	       "ept_root must be 0 (KVM owns stage 2)");
	sc.sys_area_gpa = 0x200000; /* not RAM */
	tap_is(axvcpu_setup(v, KT_CODE, 0, &sc, sizeof(sc)), AXVCPU_EINVAL,
	       "system area outside RAM refused");
	sc.sys_area_gpa = 0;
	sc.mode = AXVCPU_KVM_MODE_REAL16;
	tap_is(axvcpu_setup(v, 0x100000000ull, 0, &sc, sizeof(sc)),
	       AXVCPU_EINVAL, "real16 entry past 4 GiB refused");
	sc.mode = AXVCPU_KVM_MODE_PROT32;
	sc.sys_area_gpa = 0x100000000ull; /* RAM, but out of a GDTR's reach */
	if (tap_ok(axvcpu_kvm_vm_alloc_memory(t.vm, sc.sys_area_gpa, 0x8000, 0,
					      NULL) == 0,
		   "RAM at 4 GiB"))
		tap_is(axvcpu_setup(v, KT_CODE, 0, &sc, sizeof(sc)),
		       AXVCPU_EINVAL, "prot32 system area past 4 GiB refused");
	sc.sys_area_gpa = 0;
	sc.mode = 7;
	tap_is(axvcpu_setup(v, KT_CODE, 0, &sc, sizeof(sc)), AXVCPU_EINVAL,
	       "unknown mode refused");
	tap_is(axvcpu_state(v), AXVCPU_STATE_CREATED, "still Created");
	sc.mode = AXVCPU_KVM_MODE_LONG64;
	sc.sys_area_gpa = 0x20000;
	sc.stack = 0x7000;
	tap_is(axvcpu_setup(v, KT_CODE, 0, &sc, sizeof(sc)), 0,
	       "setup with a system area at 0x20000");
	uint64_t pml4 = 0, rsp = 0, val = 0;
	memcpy(&pml4, t.ram + 0x21000, 8);
	tap_is(pml4, 0x22003, "PML4[0] -> PDPT, present+writable");
	axvcpu_get_gpr(v, AXVCPU_KVM_REG_RSP, &rsp);
	tap_is(rsp, 0x7000, "initial stack pointer");
	for (unsigned r = 0; r < AXVCPU_KVM_REG_READ_DATA; r++)
		axvcpu_set_gpr(v, r, 0x1000 + r);
	int same = 0;
	for (unsigned r = 0; r < AXVCPU_KVM_REG_READ_DATA; r++)
		same += axvcpu_get_gpr(v, r, &val) == 0 && val == 0x1000 + r;
	tap_is(same, AXVCPU_KVM_REG_READ_DATA, "set_gpr/get_gpr of all 18");
	tap_is(axvcpu_set_gpr(v, AXVCPU_KVM_REG_READ_DATA, 0), AXVCPU_EINVAL,
	       "read-data register without a pending read");
	tap_is(axvcpu_set_gpr(v, AXVCPU_KVM_REG_COUNT, 0), AXVCPU_EINVAL,
	       "register 19 is out of range");
	tap_ok(axvcpu_kvm_vcpu_fd(v) >= 0, "vCPU fd");
	tap_is(axvcpu_kvm_sysreg_fault(v), AXVCPU_EINVAL,
	       "sysreg_fault without an MSR exit");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

static void msr_exits(uint32_t mode, const unsigned char *gs,
		      const unsigned char *ge)
{
	const char *m = kt_mode_name(mode);
	struct kt_vm t;
	struct axvcpu_exit x;
	struct axvcpu_kvm_vm_config c;
	memset(&c, 0, sizeof(c));
	c.flags = AXVCPU_KVM_VM_USER_MSRS;
	c.trap_msrs[0] = MSR_SYSENTER_CS;
	c.trap_msr_count = 1;
	int err = kt_vm_create_cfg(&t, &c);
	if (err == AXVCPU_EUNSUPPORTED) {
		tap_skip("host lacks user-space MSR exits");
		return;
	}
	if (!tap_ok(err == 0, "VM with user-space MSR exits"))
		return;
	kt_load(&t, KT_CODE, gs, ge);
	const uint16_t ivt13[2] = { 0x80, KT_CODE >> 4 };
	memcpy(t.ram + 13 * 4, ivt13, sizeof(ivt13));
	tap_diag("MSR exits in %s", m);
	struct axvcpu *v = kt_vcpu_new(&t, 0, mode);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "%s: MSR guest ready", m))
		goto out;
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_SYSREG_READ, "rdmsr unknown")) {
		tap_is(x.sysreg_read.addr, MSR_UNKNOWN, "rdmsr index");
		tap_is(axvcpu_complete_sysreg_read(v, 0x1122334455667788ull), 0,
		       "complete_sysreg_read");
	}
	kt_expect_out(v, 0x70, 4, 0x55667788, "rdmsr eax");
	kt_expect_out(v, 0x71, 4, 0x11223344, "rdmsr edx");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_SYSREG_WRITE, "wrmsr unknown"))
		tap_ok(x.sysreg_write.addr == MSR_UNKNOWN &&
			   x.sysreg_write.value == 0xaabbccdd11223344ull,
		       "wrmsr index and edx:eax");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_SYSREG_WRITE, "wrmsr filtered"))
		tap_ok(x.sysreg_write.addr == MSR_SYSENTER_CS &&
			   x.sysreg_write.value == 0x10,
		       "filtered MSR write decoded");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_SYSREG_READ, "rdmsr filtered"))
		axvcpu_complete_sysreg_read(v, 0x42);
	kt_expect_out(v, 0x72, 4, 0x42, "filtered MSR read completed");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_SYSREG_READ, "rdmsr to fail"))
		tap_is(axvcpu_kvm_sysreg_fault(v), 0, "sysreg_fault");
	/* #GP: real mode's handler reports it; without an IDT, shutdown. */
	if (mode == AXVCPU_KVM_MODE_REAL16)
		kt_expect_out(v, 0x74, 1, 0xd, "#GP delivered to the handler");
	else
		kt_expect_reason(v, &x, AXVCPU_EXIT_SYSTEM_DOWN,
				 "#GP delivered (no IDT: shutdown)");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

static void wide_mmio(void)
{
	struct kt_vm t;
	struct axvcpu_exit x;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for wide MMIO"))
		return;
	kt_load(&t, KT_CODE, wide64_start, wide64_end);
	struct axvcpu *v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_LONG64);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "wide MMIO guest ready"))
		goto out;
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_MMIO_READ, "8-byte read")) {
		tap_ok(x.mmio_read.addr == KT_MMIO + 0x20 &&
			   x.mmio_read.width == 8,
		       "width 8 at 0xa0020");
		axvcpu_complete_mmio_read(v, 0x1122334455667788ull);
	}
	kt_expect_out(v, 0x90, 4, 0x55667788, "low half");
	kt_expect_out(v, 0x91, 4, 0x11223344, "high half");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_MMIO_READ, "2-byte read")) {
		tap_ok(x.mmio_read.width == 2, "width 2");
		uint64_t data = 0;
		axvcpu_complete_mmio_read(v, 0xffffabcd); /* truncated */
		tap_ok(axvcpu_get_gpr(v, AXVCPU_KVM_REG_READ_DATA, &data) ==
			       0 &&
			   data == 0xabcd,
		       "read data truncated to the width");
	}
	kt_expect_out(v, 0x92, 4, 0xabcd, "movzwl result");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

/*
 * Collect the MMIO exits of one guest access over [addr, addr+len): each a
 * legal width, in order and contiguous. Writes: the bytes are checked
 * against `bytes`; reads: each piece is completed with them.
 */
static bool split_access(struct axvcpu *v, bool write, uint64_t addr,
			 unsigned len, const uint8_t *bytes, unsigned *pieces)
{
	struct axvcpu_exit x;
	unsigned done = 0;
	*pieces = 0;
	while (done < len) {
		if (kt_run(v, &x) != 0)
			return false;
		enum axvcpu_exit_reason want =
		    write ? AXVCPU_EXIT_MMIO_WRITE : AXVCPU_EXIT_MMIO_READ;
		uint64_t a = write ? x.mmio_write.addr : x.mmio_read.addr;
		unsigned w = write ? x.mmio_write.width : x.mmio_read.width;
		if (x.reason != want || a != addr + done ||
		    (w != 1 && w != 2 && w != 4 && w != 8) || done + w > len) {
			kt_diag_exit(&x);
			return false;
		}
		uint64_t data = 0;
		memcpy(&data, bytes + done, w);
		if (write && x.mmio_write.data != data)
			return false;
		if (!write && axvcpu_complete_mmio_read(v, data) != 0)
			return false;
		done += w;
		++*pieces;
	}
	return true;
}

/* A guest's page-crossing MMIO access: KVM hands over fragments of odd
 * lengths (1 + 3 bytes, 3 + 5 bytes), reported as legal pieces. */
static void split_mmio(void)
{
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for split MMIO"))
		return;
	kt_load(&t, KT_CODE, split64_start, split64_end);
	struct axvcpu *v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_LONG64);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "split MMIO guest ready"))
		goto out;
	const uint8_t wbytes[4] = { 0x44, 0x33, 0x22, 0x11 };
	const uint8_t rbytes[8] = { 0x10, 0x11, 0x12, 0x13,
				    0x14, 0x15, 0x16, 0x17 };
	unsigned n = 0;
	tap_ok(split_access(v, true, 0xa0fff, 4, wbytes, &n),
	       "page-crossing 4-byte write: %u pieces of legal widths", n);
	tap_ok(split_access(v, false, 0xa0ffd, 8, rbytes, &n),
	       "page-crossing 8-byte read: %u pieces of legal widths", n);
	kt_expect_out(v, 0x90, 4, 0x13121110, "read pieces assembled (low)");
	kt_expect_out(v, 0x91, 4, 0x17161514, "read pieces assembled (high)");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

static void readonly_memory(void)
{
	struct kt_vm t;
	struct axvcpu_exit x;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for ROM"))
		return;
	static _Alignas(4096) unsigned char rom[4096];
	memcpy(rom, "\x11\x22\x33\x44", 4);
	int err = axvcpu_kvm_vm_map_memory(t.vm, 0x100000, rom, sizeof(rom),
					   AXVCPU_KVM_MEM_READONLY);
	if (err == AXVCPU_EUNSUPPORTED) {
		tap_skip("host lacks read-only memslots");
		kt_vm_destroy(&t);
		return;
	}
	tap_is(err, 0, "map caller's page read-only at 1 MiB");
	kt_load(&t, KT_CODE, rom64_start, rom64_end);
	struct axvcpu *v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_LONG64);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "ROM guest ready"))
		goto out;
	kt_expect_out(v, 0x80, 4, 0x44332211, "ROM read from memory");
	if (kt_expect_reason(v, &x, AXVCPU_EXIT_MMIO_WRITE, "ROM write"))
		tap_ok(x.mmio_write.addr == 0x100000 &&
			   x.mmio_write.data == 0x12345678,
		       "ROM write decoded as MmioWrite");
	kt_expect_out(v, 0x81, 4, 0x44332211, "ROM unchanged");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

/* A fence request is taken by the next entry (KVM needs no work for it). */
static void fence_request(void)
{
	struct kt_vm t;
	if (!tap_ok(kt_vm_create(&t, 0) == 0, "VM for fences"))
		return;
	kt_load(&t, KT_CODE, rom64_start, rom64_end);
	struct axvcpu *v = kt_vcpu_new(&t, 0, AXVCPU_KVM_MODE_LONG64);
	if (!tap_ok(v && axvcpu_bind(v) == 0, "fence guest ready"))
		goto out;
	tap_is(axvcpu_request_fence(v, AXVCPU_FENCE_TLB), 0, "fence asked");
	tap_ok(axvcpu_fence_pending(v), "fence pending before the run");
	struct axvcpu_exit x;
	tap_is(kt_run(v, &x), 0, "run");
	tap_ok(!axvcpu_fence_pending(v), "fence taken by the entry");
out:
	kt_vcpu_free(v);
	kt_vm_destroy(&t);
}

int main(void)
{
	if (!kt_init(60))
		return 0;
	vm_checks();
	setup_checks();
	msr_exits(AXVCPU_KVM_MODE_REAL16, msr16_start, msr16_end);
	msr_exits(AXVCPU_KVM_MODE_PROT32, msr32_start, msr32_end);
	msr_exits(AXVCPU_KVM_MODE_LONG64, msr64_start, msr64_end);
	wide_mmio();
	split_mmio();
	readonly_memory();
	fence_request();
	tap_is(axvcpu_hosted_frames_in_use(), 1, "no frame leaked");
	return tap_done(0);
}
