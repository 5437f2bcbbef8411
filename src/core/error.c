/* SPDX-License-Identifier: Apache-2.0 */
/* Error names and descriptions, for messages and traces. */
#include <axvcpu/error.h>

struct error_text {
	int code;
	const char *name;
	const char *text;
};

static const struct error_text error_texts[] = {
	{ AXVCPU_OK, "AXVCPU_OK", "success" },
	{ AXVCPU_EINVAL, "AXVCPU_EINVAL",
	  "invalid argument (NULL, out of range, or wrong config size)" },
	{ AXVCPU_EBADSTATE, "AXVCPU_EBADSTATE",
	  "not allowed in the current state (or no HAL registered, or no "
	  "enabled per-CPU state on this CPU)" },
	{ AXVCPU_ENOMEM, "AXVCPU_ENOMEM",
	  "out of memory (the HAL gave no frame, the host no memory) or, on "
	  "kvm, of memory slots" },
	{ AXVCPU_EUNSUPPORTED, "AXVCPU_EUNSUPPORTED",
	  "not supported by this backend or hardware" },
	{ AXVCPU_EBUSY, "AXVCPU_EBUSY",
	  "another call on this object is in progress; retry" },
	{ AXVCPU_ENOTFOUND, "AXVCPU_ENOTFOUND",
	  "not found (e.g. no memory-access exit to answer)" },
	{ AXVCPU_EWRONGCPU, "AXVCPU_EWRONGCPU",
	  "wrong physical CPU: not the bound one, or not in phys_cpu_set" },
	{ AXVCPU_EHW, "AXVCPU_EHW",
	  "the hardware or host refused the operation" },
};

static const struct error_text *error_text_find(int err)
{
	for (unsigned i = 0; i < sizeof(error_texts) / sizeof(error_texts[0]);
	     i++)
		if (error_texts[i].code == err)
			return &error_texts[i];
	return 0;
}

const char *axvcpu_strerror(int err)
{
	const struct error_text *t = error_text_find(err);
	return t ? t->text : "unknown error";
}

const char *axvcpu_error_name(int err)
{
	const struct error_text *t = error_text_find(err);
	return t ? t->name : "?";
}
