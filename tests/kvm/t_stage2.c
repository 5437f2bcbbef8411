/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The stage-2 API on the kvm backend (memory slots), with a real guest:
 * it reads RAM and a read-only page mapped through the API, its write to
 * the read-only page exits as an MMIO write, and after the host unmaps a
 * page (a whole slot, and one out of the middle of the RAM slot) the same
 * access exits as MMIO while the pieces around it stay RAM; mapped back,
 * the page shows its data again. Also the API's kvm-specific answers:
 * READ required, one address space per VM, slots of the older calls left
 * alone, running out of slots, lookup, destroy.
 */
#include "harness.h"

#include <axvcpu/stage2.h>
#include <sys/mman.h>

#define RO_GPA 0x100000u
#define DATA_GPA 0x101000u
#define CUT_GPA 0x20000u /* a page out of the middle of the RAM slot */
#define PATTERN_RO 0x1122334455667788ull
#define PATTERN_DATA 0xcafef00du
#define PATTERN_CUT_LO 0x0badc0deu
#define PATTERN_CUT_HI 0x5eed5eedu
#define PATTERN_CUT 0x77665544u
#define MMIO_ANSWER 0xabcd1234u

/* The exits, in order: see main(). */
KT_GUEST(gs2, 64,
	 "mov (0x100000), %rax; out %eax, $0x10; shr $32, %rax\n"
	 "out %eax, $0x11\n"
	 "movl $0x99aabbcc, (0x100000)\n"
	 "mov (0x101000), %eax; out %eax, $0x12\n"
	 "xor %eax, %eax; out %al, $0x13\n"
	 "mov (0x101000), %eax; out %eax, $0x14\n"
	 "mov (0x20000), %eax; out %eax, $0x15\n"
	 "mov (0x1f000), %eax; out %eax, $0x16\n"
	 "mov (0x21000), %eax; out %eax, $0x17\n"
	 "xor %eax, %eax; out %al, $0x18\n"
	 "mov (0x101000), %eax; out %eax, $0x19\n"
	 "mov (0x20000), %eax; out %eax, $0x1a\n"
	 "1: hlt; jmp 1b\n");

static void *page_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static axvcpu_hpa_t hpa_of(const void *p)
{
	return axvcpu_hal_get()->virt_to_phys(p);
}

static struct axvcpu *vcpu_new(struct axvcpu_kvm_vm *vm, axvcpu_hpa_t root)
{
	struct axvcpu_kvm_create_config cc = { .vm = vm };
	struct axvcpu_create_params p = {
		.vm_id = 1,
		.favor_phys_cpu = -1,
		.arch_config = &cc,
		.arch_config_size = sizeof(cc),
	};
	struct axvcpu *v = NULL;
	if (axvcpu_create(&axvcpu_backend_kvm, &p, &v))
		return NULL;
	struct axvcpu_kvm_setup_config sc = { .mode = AXVCPU_KVM_MODE_LONG64,
					      .stack = KT_STACK };
	if (axvcpu_setup(v, KT_CODE, root, &sc, sizeof(sc))) {
		axvcpu_destroy(v);
		return NULL;
	}
	return v;
}

static bool out_is(struct axvcpu *v, uint16_t port, uint64_t data,
		   const char *what)
{
	return kt_expect_out(v, port, port == 0x13 || port == 0x18 ? 1 : 4,
			     data, what);
}

static void test_api(struct axvcpu_kvm_vm *vm, struct axvcpu_stage2 *s2,
		     uint8_t *spare)
{
	struct axvcpu_stage2_config cfg = { .backend_vm = vm };
	struct axvcpu_stage2 *other = NULL;
	tap_is(axvcpu_stage2_create(&axvcpu_backend_kvm, &cfg, &other),
	       AXVCPU_EINVAL, "a second address space for the VM: refused");
	cfg.backend_vm = NULL;
	tap_is(axvcpu_stage2_create(&axvcpu_backend_kvm, &cfg, &other),
	       AXVCPU_EINVAL, "an address space without a VM: refused");
	tap_is(axvcpu_stage2_map(s2, 0x300000, hpa_of(spare), 4096,
				 AXVCPU_STAGE2_WRITE),
	       AXVCPU_EINVAL, "map without READ: refused");
	tap_is(axvcpu_stage2_map(s2, 0x1000, hpa_of(spare), 4096,
				 AXVCPU_STAGE2_READ),
	       AXVCPU_EINVAL, "map over RAM: refused");
	tap_is(axvcpu_kvm_vm_alloc_memory(vm, 0x400000, 0x2000, 0, NULL), 0,
	       "a slot made the older way");
	tap_is(axvcpu_stage2_unmap(s2, 0x400000, 0x1000), AXVCPU_EINVAL,
	       "unmap of an older slot through stage 2: refused");
	uint32_t perm = 0;
	tap_ok(axvcpu_stage2_lookup(s2, 0x401000, NULL, &perm, NULL) == 0 &&
		   perm == (AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE |
			    AXVCPU_STAGE2_EXEC),
	       "... but lookup sees it");
	tap_is(axvcpu_kvm_vm_unmap_memory(vm, 0x400000), 0,
	       "... and the older call removes it");
	tap_is(axvcpu_kvm_vm_destroy(vm), AXVCPU_EBUSY,
	       "VM destroy while its address space lives: EBUSY");
	tap_ok(axvcpu_stage2_root(s2) == 0 && axvcpu_stage2_levels(s2) == 0 &&
		   axvcpu_stage2_size(s2) >= (1ull << 32),
	       "root 0, levels 0, a guest-physical size of %#llx",
	       (unsigned long long)axvcpu_stage2_size(s2));
}

/* Fill every slot, then a cut that needs one more: ENOMEM, unchanged. */
static void test_slots_full(struct axvcpu_stage2 *s2, uint8_t *spare)
{
	unsigned made = 0;
	int err = 0;
	while (!err) {
		err = axvcpu_stage2_map(s2, 0x10000000ull + made * 0x10000ull,
					hpa_of(spare), 0x3000,
					AXVCPU_STAGE2_READ);
		made += !err;
	}
	tap_is(err, AXVCPU_ENOMEM,
	       "map until the slots run out: ENOMEM "
	       "(after %u more)",
	       made);
	tap_is(axvcpu_stage2_unmap(s2, 0x10001000, 0x1000), AXVCPU_ENOMEM,
	       "a cut that needs a slot more: ENOMEM");
	axvcpu_hpa_t h = 0;
	tap_ok(axvcpu_stage2_lookup(s2, 0x10001000, &h, NULL, NULL) == 0 &&
		   h == hpa_of(spare) + 0x1000,
	       "... the slot is still whole");
	tap_is(axvcpu_stage2_unmap(s2, 0x10000000, made * 0x10000ull), 0,
	       "unmap them all at once");
	tap_is(axvcpu_stage2_lookup(s2, 0x10000000, NULL, NULL, NULL),
	       AXVCPU_ENOTFOUND, "... gone");
}

int main(void)
{
	if (!kt_init(60))
		return 0;
	struct axvcpu_kvm_vm_config c;
	memset(&c, 0, sizeof(c));
	struct axvcpu_kvm_vm *vm = NULL;
	uint8_t *ram = page_alloc(KT_RAM_SIZE), *ro = page_alloc(4096);
	uint8_t *data = page_alloc(4096), *spare = page_alloc(0x3000);
	if (!ram || !ro || !data || !spare ||
	    axvcpu_kvm_vm_create(&c, &vm) != 0) {
		tap_ok(0, "create the VM and its memory");
		return tap_done(0);
	}
	struct axvcpu_stage2_config cfg = { .backend_vm = vm };
	struct axvcpu_stage2 *s2 = NULL;
	tap_is(axvcpu_stage2_create(&axvcpu_backend_kvm, &cfg, &s2), 0,
	       "stage-2 address space over the VM's slots");
	const uint32_t rwx =
	    AXVCPU_STAGE2_READ | AXVCPU_STAGE2_WRITE | AXVCPU_STAGE2_EXEC;
	const uint32_t rx = AXVCPU_STAGE2_READ | AXVCPU_STAGE2_EXEC;
	tap_is(axvcpu_stage2_map(s2, 0, hpa_of(ram), KT_RAM_SIZE, rwx), 0,
	       "map RAM");
	tap_is(axvcpu_stage2_map(s2, RO_GPA, hpa_of(ro), 4096, rx), 0,
	       "map a read-only page");
	tap_is(axvcpu_stage2_map(s2, DATA_GPA, hpa_of(data), 4096, rwx), 0,
	       "map a data page");
	memcpy(ram + KT_CODE, gs2_start, (size_t)(gs2_end - gs2_start));
	memcpy(ro, &(uint64_t){ PATTERN_RO }, 8);
	memcpy(data, &(uint32_t){ PATTERN_DATA }, 4);
	memcpy(ram + CUT_GPA - 0x1000, &(uint32_t){ PATTERN_CUT_LO }, 4);
	memcpy(ram + CUT_GPA + 0x1000, &(uint32_t){ PATTERN_CUT_HI }, 4);
	memcpy(ram + CUT_GPA, &(uint32_t){ PATTERN_CUT }, 4);

	axvcpu_hpa_t h = 0;
	uint32_t perm = 0;
	uint64_t leaf = 0;
	tap_ok(axvcpu_stage2_lookup(s2, RO_GPA + 8, &h, &perm, &leaf) == 0 &&
		   h == hpa_of(ro) + 8 && perm == rx && leaf == 4096,
	       "lookup of the read-only page");
	test_api(vm, s2, spare);

	struct axvcpu *v = vcpu_new(vm, axvcpu_stage2_root(s2));
	tap_ok(v && axvcpu_bind(v) == 0,
	       "a vCPU set up with the address space's root (0)");
	if (!v)
		return tap_done(0);
	out_is(v, 0x10, PATTERN_RO & 0xffffffff, "read-only page read, low");
	out_is(v, 0x11, PATTERN_RO >> 32, "read-only page read, high");
	struct axvcpu_exit e;
	if (kt_expect_reason(v, &e, AXVCPU_EXIT_MMIO_WRITE,
			     "write to the read-only page"))
		tap_ok(e.mmio_write.addr == RO_GPA && e.mmio_write.width == 4 &&
			   e.mmio_write.data == 0x99aabbcc,
		       "... MmioWrite addr=%#x width=4 data=0x99aabbcc",
		       RO_GPA);
	tap_is(*(uint64_t *)ro, PATTERN_RO, "... the page kept its value");
	out_is(v, 0x12, PATTERN_DATA, "data page read");
	out_is(v, 0x13, 0, "guest waits: unmap now");

	tap_is(axvcpu_stage2_unmap(s2, DATA_GPA, 4096), 0,
	       "unmap the data page");
	tap_is(axvcpu_stage2_unmap(s2, CUT_GPA, 4096), 0,
	       "unmap a page out of the middle of RAM");
	tap_is(axvcpu_stage2_lookup(s2, CUT_GPA, NULL, NULL, NULL),
	       AXVCPU_ENOTFOUND, "... lookup: gone");
	tap_ok(axvcpu_stage2_lookup(s2, CUT_GPA + 0x1000, &h, NULL, NULL) ==
		       0 &&
		   h == hpa_of(ram) + CUT_GPA + 0x1000,
	       "... the pieces around it still map RAM");
	if (kt_expect_reason(v, &e, AXVCPU_EXIT_MMIO_READ,
			     "data page read after unmap")) {
		tap_ok(e.mmio_read.addr == DATA_GPA && e.mmio_read.width == 4,
		       "... MmioRead addr=%#x width=4", DATA_GPA);
		axvcpu_complete_mmio_read(v, MMIO_ANSWER);
	}
	out_is(v, 0x14, MMIO_ANSWER, "... the guest got the MMIO answer");
	if (kt_expect_reason(v, &e, AXVCPU_EXIT_MMIO_READ,
			     "read of the page cut out of RAM")) {
		tap_ok(e.mmio_read.addr == CUT_GPA, "... MmioRead addr=%#x",
		       CUT_GPA);
		axvcpu_complete_mmio_read(v, MMIO_ANSWER + 1);
	}
	out_is(v, 0x15, MMIO_ANSWER + 1, "... answered");
	out_is(v, 0x16, PATTERN_CUT_LO, "RAM below the cut reads its data");
	out_is(v, 0x17, PATTERN_CUT_HI, "RAM above the cut reads its data");
	out_is(v, 0x18, 0, "guest waits: map back now");
	tap_is(axvcpu_stage2_map(s2, DATA_GPA, hpa_of(data), 4096, rwx), 0,
	       "map the data page back");
	tap_is(axvcpu_stage2_map(s2, CUT_GPA, hpa_of(ram) + CUT_GPA, 4096, rwx),
	       0, "map the cut page back");
	out_is(v, 0x19, PATTERN_DATA, "data page read again: its data");
	out_is(v, 0x1a, PATTERN_CUT, "the cut page reads its data again");

	test_slots_full(s2, spare);

	kt_vcpu_free(v);
	tap_is(axvcpu_stage2_destroy(s2), 0, "destroy the address space");
	tap_ok(axvcpu_kvm_vm_gpa_to_hva(vm, 0, 1) == NULL,
	       "... its slots are gone");
	tap_is(axvcpu_kvm_vm_destroy(vm), 0, "then the VM");
	return tap_done(0);
}
