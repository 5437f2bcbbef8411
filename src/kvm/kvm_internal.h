/* SPDX-License-Identifier: Apache-2.0 */
/*
 * State shared by the kvm backend's files: the VM object and the per-vCPU
 * arch area. Not installed.
 */
#ifndef AXVCPU_KVM_INTERNAL_H
#define AXVCPU_KVM_INTERNAL_H

#include <axvcpu/backend.h>
#include <axvcpu/kvm.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/types.h>

/* A guest memory slot; slot number = index in the VM's table. */
struct kvm_mem_slot {
	bool used;
	bool owned; /* allocated by axvcpu_kvm_vm_alloc_memory */
	uint32_t flags;
	/* Made through stage2.h: its AXVCPU_STAGE2_* bits (0: by the
	 * axvcpu_kvm_vm_*_memory calls). */
	uint32_t s2_perm;
	axvcpu_gpa_t gpa;
	void *host;
	size_t size;
};

struct axvcpu_kvm_vm {
	int kvm_fd;
	int vm_fd;
	size_t run_size;
	uint32_t flags;
	uint16_t hypercall_port;
	bool irqchip;      /* asked for (made by kvm_vm_devices_make) */
	bool devices_made; /* irqchip and PIT made (or failed: devices_err) */
	int devices_err;
	bool readonly_mem;
	bool signal_msi;
	pthread_mutex_t lock; /* slots, stage2 */
	bool stage2;          /* a stage-2 address space is this VM's */
	struct kvm_mem_slot slots[AXVCPU_KVM_MEM_SLOTS_MAX];
	_Atomic int vcpus;
	const struct kvm_cpuid2 *cpuid; /* host-supported, shared by all VMs */
};

/* The backend's part of a vCPU (axvcpu_arch()). */
struct kvm_vcpu_arch {
	struct axvcpu_kvm_vm *vm;
	int fd;
	struct kvm_run *run;
	uint64_t host_cpu_mask;
	/* Thread that bound the vCPU (kick target), 0 when unbound. */
	_Atomic pid_t tid;
	/*
	 * The same thread, for the run/unbind check: the core only compares
	 * CPU ids, and hosted threads may share one (axvcpu_hosted_cpu_set).
	 */
	pthread_t owner;
	uint64_t pinned;
	uint32_t mode;
	axvcpu_gpa_t sys_area;
	/* A port-I/O exit being handed out one element at a time. */
	bool io_active;
	uint32_t io_next;
	uint32_t io_read_index;
	/*
	 * An MMIO access of 3, 5, 6 or 7 bytes (KVM splits an access at a
	 * page boundary into such fragments) is handed out as 1/2/4-byte
	 * pieces, one per exit: the API has no other widths. mmio_next is
	 * the offset of the next piece, mmio_off/mmio_width the one last
	 * reported (mmio_width 0: no valid MMIO exit).
	 */
	bool mmio_active;
	uint8_t mmio_next;
	uint8_t mmio_off;
	uint8_t mmio_width;
	/* KVM exit reason of the last exit reported, for completions. */
	uint32_t last_exit;
	/* Parked in the kernel (INIT_RECEIVED) until the guest starts it. */
	bool parked;
	/* What setup was given: what reset goes back to. */
	axvcpu_gpa_t boot_entry;
	struct axvcpu_kvm_setup_config boot_cfg;
	/* A vector whose MSI failed in another thread (-1: none), its errno. */
	_Atomic int64_t irq_failed;
	_Atomic int irq_errno;
};

_Static_assert(sizeof(struct kvm_vcpu_arch) <= AXVCPU_ARCH_SIZE_MAX,
	       "kvm arch state must fit in the vCPU frame");

static inline struct kvm_vcpu_arch *kvm_arch(struct axvcpu *vcpu)
{
	return axvcpu_arch(vcpu);
}

/* Register classes exchanged through kvm_run on every exit. */
#define KVM_SYNC_MASK (KVM_SYNC_X86_REGS | KVM_SYNC_X86_SREGS)

/* memory.c: unmap and free a slot the VM allocated. */
void kvm_mem_release(struct kvm_mem_slot *slot);
/*
 * Add a slot (`s2_perm`: made through stage2.h, else 0): checks, then
 * KVM_SET_USER_MEMORY_REGION. Takes vm->lock.
 */
int kvm_mem_add(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa, void *host,
		size_t size, uint32_t flags, bool owned, uint32_t s2_perm);
/* Tell KVM about slot `slot` as `s` (size 0 deletes). vm->lock held. */
int kvm_mem_region_set(struct axvcpu_kvm_vm *vm, unsigned slot,
		       const struct kvm_mem_slot *s, uint64_t size);
/* Host address of [gpa, gpa+len) inside one slot (writable: not ROM). */
void *kvm_mem_lookup(struct axvcpu_kvm_vm *vm, axvcpu_gpa_t gpa, size_t len,
		     bool writable);

/* vm.c */
/* Make the in-kernel irqchip and PIT asked for, once (vm->lock). */
int kvm_vm_devices_make(struct axvcpu_kvm_vm *vm);
int kvm_vm_cpuid_for(struct axvcpu_kvm_vm *vm, uint32_t apic_id,
		     struct kvm_cpuid2 **out);

/* mode.c: put the vCPU in `mode` at `entry` (sync-regs copy, dirty). */
int kvm_mode_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   const struct axvcpu_kvm_setup_config *cfg);
int kvm_mode_set_entry(struct axvcpu *vcpu, axvcpu_gpa_t entry);

/* regs.c */
int kvm_regs_set(struct axvcpu *vcpu, unsigned reg, uint64_t val);
int kvm_regs_get(struct axvcpu *vcpu, unsigned reg, uint64_t *val);
int kvm_regs_set_return_value(struct axvcpu *vcpu, uint64_t val);

/* exit.c: decode run->exit_reason; false = handled, enter again. */
bool kvm_exit_decode(struct axvcpu *vcpu, struct axvcpu_exit *exit);
/* Report the next element of a port-I/O exit in progress. */
void kvm_exit_io_next(struct axvcpu *vcpu, struct axvcpu_exit *exit);
/* Report the next piece of an MMIO access in progress. */
void kvm_exit_mmio_next(struct axvcpu *vcpu, struct axvcpu_exit *exit);
int kvm_exit_complete_read(struct axvcpu *vcpu,
			   const struct axvcpu_read_completion *c);
void kvm_exit_internal(struct axvcpu_exit *exit, uint64_t code, uint64_t d0,
		       uint64_t d1);

/* irq.c */
int kvm_irq_prepare(struct axvcpu *vcpu, struct axvcpu_exit *exit);
void kvm_irq_send_pending(struct axvcpu *vcpu);

/* kick.c */
int kvm_kick_install(void);
void kvm_kick(struct axvcpu *vcpu);

/* run.c */
int kvm_run_vcpu(struct axvcpu *vcpu, void *percpu, struct axvcpu_exit *exit);

/* vcpu.c */
bool kvm_vcpu_on_owner(const struct kvm_vcpu_arch *a);
int kvm_vcpu_create(struct axvcpu *vcpu, const void *config);
void kvm_vcpu_destroy(struct axvcpu *vcpu);
int kvm_vcpu_setup(struct axvcpu *vcpu, axvcpu_gpa_t entry,
		   axvcpu_hpa_t ept_root, const void *config);
int kvm_vcpu_bind(struct axvcpu *vcpu, void *percpu);
int kvm_vcpu_unbind(struct axvcpu *vcpu, void *percpu);

/* power.c */
int kvm_power_off(struct axvcpu *vcpu);
int kvm_power_on(struct axvcpu *vcpu, axvcpu_gpa_t entry, uint64_t arg);
int kvm_power_reset(struct axvcpu *vcpu);
int kvm_power_set_return_error(struct axvcpu *vcpu, int err);
void kvm_power_check_started(struct axvcpu *vcpu);

/* stage2.c: the backend's stage 2 (memory slots). */
extern const struct axvcpu_stage2_ops kvm_stage2_ops;

/* percpu.c */
int kvm_percpu_enable(void *percpu);
int kvm_percpu_disable(void *percpu);
unsigned kvm_percpu_levels(void *percpu);

#endif /* AXVCPU_KVM_INTERNAL_H */
