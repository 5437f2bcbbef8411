/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VMCB (AMD APM vol. 2, appendix B "Layout of VMCB"): the control
 * area at 0x000 and the state save area at 0x400, as a C structure whose
 * offsets are checked at compile time, with the intercept bits, exit codes
 * and field encodings the backend uses.
 */
#ifndef AXVCPU_SVM_VMCB_H
#define AXVCPU_SVM_VMCB_H

#include <stddef.h>
#include <stdint.h>

/* A segment in the save area: attributes packed as in a descriptor's
 * bits 55:52 and 47:40 (type 3:0, S 4, DPL 6:5, P 7, AVL 8, L 9, D/B 10,
 * G 11). */
struct vmcb_seg {
	uint16_t sel;
	uint16_t attr;
	uint32_t limit;
	uint64_t base;
};

struct vmcb {
	/* ---- control area ---- */
	uint32_t icpt_cr;  /* 0x000: CR reads 15:0, writes 31:16 */
	uint32_t icpt_dr;  /* 0x004 */
	uint32_t icpt_exc; /* 0x008: one bit per vector */
	uint32_t icpt1;    /* 0x00c: SVM_I1_* */
	uint32_t icpt2;    /* 0x010: SVM_I2_* */
	uint32_t icpt3;    /* 0x014 */
	uint8_t rsvd0[0x03c - 0x018];
	uint16_t pause_thresh; /* 0x03c */
	uint16_t pause_count;  /* 0x03e */
	uint64_t iopm_pa;      /* 0x040 */
	uint64_t msrpm_pa;     /* 0x048 */
	uint64_t tsc_offset;   /* 0x050 */
	uint32_t asid;         /* 0x058 */
	uint8_t tlb_ctl;       /* 0x05c */
	uint8_t rsvd1[3];
	uint32_t int_ctl;       /* 0x060: V_TPR 7:0, V_IRQ 8, V_INTR_PRIO 19:16,
				   V_IGN_TPR 20, V_INTR_MASKING 24 */
	uint32_t int_vector;    /* 0x064 */
	uint64_t int_state;     /* 0x068: interrupt shadow bit 0 */
	uint64_t exit_code;     /* 0x070 */
	uint64_t exit_info1;    /* 0x078 */
	uint64_t exit_info2;    /* 0x080 */
	uint64_t exit_int_info; /* 0x088 */
	uint64_t np_ctl;        /* 0x090: nested paging enable bit 0 */
	uint64_t avic_bar;      /* 0x098 */
	uint64_t ghcb_pa;       /* 0x0a0 */
	uint64_t event_inj;     /* 0x0a8 */
	uint64_t ncr3;          /* 0x0b0 */
	uint64_t lbr_ctl;       /* 0x0b8 */
	uint32_t clean;         /* 0x0c0 */
	uint32_t rsvd2;
	uint64_t next_rip; /* 0x0c8 */
	uint8_t insn_len;  /* 0x0d0 */
	uint8_t insn_bytes[15];
	uint8_t rsvd3[0x400 - 0x0e0];
	/* ---- state save area ---- */
	struct vmcb_seg es, cs, ss, ds, fs, gs; /* 0x400 .. 0x45f */
	struct vmcb_seg gdtr, ldtr, idtr, tr;   /* 0x460 .. 0x49f */
	uint8_t rsvd4[0x4cb - 0x4a0];
	uint8_t cpl; /* 0x4cb */
	uint32_t rsvd5;
	uint64_t efer; /* 0x4d0 */
	uint8_t rsvd6[0x548 - 0x4d8];
	uint64_t cr4;    /* 0x548 */
	uint64_t cr3;    /* 0x550 */
	uint64_t cr0;    /* 0x558 */
	uint64_t dr7;    /* 0x560 */
	uint64_t dr6;    /* 0x568 */
	uint64_t rflags; /* 0x570 */
	uint64_t rip;    /* 0x578 */
	uint8_t rsvd7[0x5d8 - 0x580];
	uint64_t rsp; /* 0x5d8 */
	uint8_t rsvd8[0x5f8 - 0x5e0];
	uint64_t rax;            /* 0x5f8 */
	uint64_t star;           /* 0x600 */
	uint64_t lstar;          /* 0x608 */
	uint64_t cstar;          /* 0x610 */
	uint64_t sfmask;         /* 0x618 */
	uint64_t kernel_gs_base; /* 0x620 */
	uint64_t sysenter_cs;    /* 0x628 */
	uint64_t sysenter_esp;   /* 0x630 */
	uint64_t sysenter_eip;   /* 0x638 */
	uint64_t cr2;            /* 0x640 */
	uint8_t rsvd9[0x668 - 0x648];
	uint64_t g_pat;  /* 0x668 */
	uint64_t dbgctl; /* 0x670 */
	uint8_t rsvd10[0x1000 - 0x678];
};

_Static_assert(offsetof(struct vmcb, iopm_pa) == 0x040, "VMCB iopm");
_Static_assert(offsetof(struct vmcb, int_ctl) == 0x060, "VMCB int_ctl");
_Static_assert(offsetof(struct vmcb, exit_code) == 0x070, "VMCB exit");
_Static_assert(offsetof(struct vmcb, event_inj) == 0x0a8, "VMCB evinj");
_Static_assert(offsetof(struct vmcb, next_rip) == 0x0c8, "VMCB nrip");
_Static_assert(offsetof(struct vmcb, es) == 0x400, "VMCB save area");
_Static_assert(offsetof(struct vmcb, tr) == 0x490, "VMCB tr");
_Static_assert(offsetof(struct vmcb, cpl) == 0x4cb, "VMCB cpl");
_Static_assert(offsetof(struct vmcb, efer) == 0x4d0, "VMCB efer");
_Static_assert(offsetof(struct vmcb, cr4) == 0x548, "VMCB cr4");
_Static_assert(offsetof(struct vmcb, rip) == 0x578, "VMCB rip");
_Static_assert(offsetof(struct vmcb, rsp) == 0x5d8, "VMCB rsp");
_Static_assert(offsetof(struct vmcb, rax) == 0x5f8, "VMCB rax");
_Static_assert(offsetof(struct vmcb, cr2) == 0x640, "VMCB cr2");
_Static_assert(offsetof(struct vmcb, g_pat) == 0x668, "VMCB g_pat");
_Static_assert(sizeof(struct vmcb) == 0x1000, "VMCB is one page");

/* icpt1 (vector 3). */
#define SVM_I1_INTR (1u << 0)
#define SVM_I1_NMI (1u << 1)
#define SVM_I1_SMI (1u << 2)
#define SVM_I1_INIT (1u << 3)
#define SVM_I1_VINTR (1u << 4)
#define SVM_I1_RDPMC (1u << 15)
#define SVM_I1_CPUID (1u << 18)
#define SVM_I1_IRET (1u << 20)
#define SVM_I1_RSM (1u << 19)
#define SVM_I1_INVD (1u << 22)
#define SVM_I1_HLT (1u << 24)
#define SVM_I1_INVLPGA (1u << 26)
#define SVM_I1_IOIO (1u << 27)
#define SVM_I1_MSR (1u << 28)
#define SVM_I1_TASK_SWITCH (1u << 29)
#define SVM_I1_FERR_FREEZE (1u << 30)
#define SVM_I1_SHUTDOWN (1u << 31)
/* icpt2 (vector 4). */
#define SVM_I2_VMRUN (1u << 0)
#define SVM_I2_VMMCALL (1u << 1)
#define SVM_I2_VMLOAD (1u << 2)
#define SVM_I2_VMSAVE (1u << 3)
#define SVM_I2_STGI (1u << 4)
#define SVM_I2_CLGI (1u << 5)
#define SVM_I2_SKINIT (1u << 6)
#define SVM_I2_RDTSCP (1u << 7)
#define SVM_I2_ICEBP (1u << 8)
#define SVM_I2_MONITOR (1u << 10)
#define SVM_I2_MWAIT (1u << 11)
#define SVM_I2_MWAIT_COND (1u << 12)
#define SVM_I2_XSETBV (1u << 13)
#define SVM_I2_RDPRU (1u << 14)

/* int_ctl. */
#define SVM_V_IRQ (1u << 8)
#define SVM_V_IGN_TPR (1u << 20)
#define SVM_V_INTR_MASKING (1u << 24)
/* int_state. */
#define SVM_INT_SHADOW 1ull

/* tlb_ctl. */
#define SVM_TLB_NONE 0
#define SVM_TLB_ALL 1
#define SVM_TLB_ASID 3

/* Exit codes. */
#define SVM_EXIT_CR0_WRITE 0x010
#define SVM_EXIT_EXC_BASE 0x040
#define SVM_EXIT_INTR 0x060
#define SVM_EXIT_NMI 0x061
#define SVM_EXIT_SMI 0x062
#define SVM_EXIT_INIT 0x063
#define SVM_EXIT_VINTR 0x064
#define SVM_EXIT_RDPMC 0x06f
#define SVM_EXIT_CPUID 0x072
#define SVM_EXIT_RSM 0x073
#define SVM_EXIT_IRET 0x074
#define SVM_EXIT_INVD 0x076
#define SVM_EXIT_PAUSE 0x077
#define SVM_EXIT_HLT 0x078
#define SVM_EXIT_INVLPGA 0x07a
#define SVM_EXIT_IOIO 0x07b
#define SVM_EXIT_MSR 0x07c
#define SVM_EXIT_TASK_SWITCH 0x07d
#define SVM_EXIT_FERR_FREEZE 0x07e
#define SVM_EXIT_SHUTDOWN 0x07f
#define SVM_EXIT_VMRUN 0x080
#define SVM_EXIT_VMMCALL 0x081
#define SVM_EXIT_VMLOAD 0x082
#define SVM_EXIT_VMSAVE 0x083
#define SVM_EXIT_STGI 0x084
#define SVM_EXIT_CLGI 0x085
#define SVM_EXIT_SKINIT 0x086
#define SVM_EXIT_RDTSCP 0x087
#define SVM_EXIT_ICEBP 0x088
#define SVM_EXIT_MONITOR 0x08a
#define SVM_EXIT_MWAIT 0x08b
#define SVM_EXIT_MWAIT_COND 0x08c
#define SVM_EXIT_XSETBV 0x08d
#define SVM_EXIT_RDPRU 0x08e
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID 0xffffffffffffffffull

/* IOIO exit_info1. */
#define SVM_IO_IN (1u << 0)
#define SVM_IO_STR (1u << 2)
#define SVM_IO_REP (1u << 3)
#define SVM_IO_SZ_SHIFT 4  /* bits 6:4: 1, 2, 4 bytes */
#define SVM_IO_ASZ_SHIFT 7 /* bits 9:7: 16, 32, 64-bit addresses */
#define SVM_IO_SEG_SHIFT 10
#define SVM_IO_PORT_SHIFT 16

/* NPF exit_info1 (the page-fault error code and where it happened). */
#define SVM_NPF_P (1ull << 0)
#define SVM_NPF_W (1ull << 1)
#define SVM_NPF_ID (1ull << 4)
#define SVM_NPF_GPA (1ull << 32)  /* on the final guest-physical access */
#define SVM_NPF_WALK (1ull << 33) /* on the guest's page-table walk */

/* CPUID 0x8000000a EDX features. */
#define SVM_FEAT_NPT (1u << 0)
#define SVM_FEAT_NRIPS (1u << 3)
#define SVM_FEAT_FLUSH_ASID (1u << 6)
#define SVM_FEAT_DECODE (1u << 7)

/* MSRs of SVM itself. */
#define SVM_MSR_VM_CR 0xc0010114u
#define SVM_MSR_HSAVE_PA 0xc0010117u
#define SVM_VM_CR_SVMDIS (1ull << 4)

#endif /* AXVCPU_SVM_VMCB_H */
