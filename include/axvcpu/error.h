/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file axvcpu/error.h
 * Error codes returned by every axvcpu call.
 *
 * Every call returns 0 on success or one of the negative codes below. A call
 * that fails leaves the vCPU as it was, except where its documentation says
 * otherwise (backend failures during run, see axvcpu_run()).
 */
#ifndef AXVCPU_ERROR_H
#define AXVCPU_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/** Negative error codes; 0 (AXVCPU_OK) means success. */
enum axvcpu_error {
	/** Success. */
	AXVCPU_OK = 0,
	/** An argument is invalid: NULL, out of range, wrong config size. */
	AXVCPU_EINVAL = -1,
	/**
	 * The call is not allowed in the vCPU's (or HAL's, or this CPU's
	 * per-CPU) current state.
	 */
	AXVCPU_EBADSTATE = -2,
	/** The HAL could not provide memory (alloc_frame returned nothing),
	 * or the host could not (kvm: mmap, calloc), or a fixed table is
	 * full (kvm: every memory slot used). */
	AXVCPU_ENOMEM = -3,
	/** The backend or the hardware does not support this operation. */
	AXVCPU_EUNSUPPORTED = -4,
	/** Another call on the same object is in progress; retry. */
	AXVCPU_EBUSY = -5,
	/**
	 * The thing asked for does not exist (axvcpu_reflect_fault: no
	 * memory-access exit to answer; kvm: no memory slot at that address).
	 * A completion with no read pending is AXVCPU_EINVAL, not this.
	 */
	AXVCPU_ENOTFOUND = -6,
	/**
	 * The call was made on the wrong physical CPU: run/unbind not on the
	 * one the vCPU is bound to (kvm: not from the thread that bound it),
	 * or bind on one outside the vCPU's phys_cpu_set.
	 */
	AXVCPU_EWRONGCPU = -7,
	/** The hardware or host refused an operation (VMX/KVM failure...). */
	AXVCPU_EHW = -8,
};

/**
 * A short, static, human-readable description of an error code.
 * Never returns NULL; unknown codes give "unknown error".
 */
const char *axvcpu_strerror(int err);

/** The symbolic name of an error code ("AXVCPU_EBADSTATE"), or "?" for
 * an unknown code. Never returns NULL. */
const char *axvcpu_error_name(int err);

#ifdef __cplusplus
}
#endif

#endif /* AXVCPU_ERROR_H */
