/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which x86 backend the PC hypervisor is built for: AMD SVM (the default,
 * under QEMU) or Intel VMX (-DHV_ARCH_VMX, under bochs). Both take the
 * same create and setup configs (apic_id/ncpus; mode/sys_area/stack).
 */
#ifndef HV_PC_ARCH_H
#define HV_PC_ARCH_H

#ifdef HV_ARCH_VMX
#include <axvcpu/vmx.h>
#define HV_ARCH_BACKEND axvcpu_backend_vmx
#define HV_ARCH_NAME "VMX"
#define HV_ARCH_ID "vmx"
#define HV_ARCH_NEEDS                                                          \
	"VMX with EPT needed: bochs cpu model corei7_sandy_bridge_2600k"
typedef struct axvcpu_vmx_create_config hv_arch_create_config;
typedef struct axvcpu_vmx_setup_config hv_arch_setup_config;
#else
#include <axvcpu/svm.h>
#define HV_ARCH_BACKEND axvcpu_backend_svm
#define HV_ARCH_NAME "SVM"
#define HV_ARCH_ID "svm"
#define HV_ARCH_NEEDS "SVM with NPT needed: -cpu qemu64,+svm,+npt"
typedef struct axvcpu_svm_create_config hv_arch_create_config;
typedef struct axvcpu_svm_setup_config hv_arch_setup_config;
#endif

#endif /* HV_PC_ARCH_H */
