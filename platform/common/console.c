/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Lines on the host console: formatted by the VM layer's vmm_vfmt(),
 * printed under one lock so that the CPUs' lines do not interleave.
 */
#include "platform/common/console.h"
#include "platform/common/lock.h"
#include "vmm/fmt.h"

static struct hv_lock console_lock;

void hv_puts(const char *s)
{
	hv_lock(&console_lock);
	for (; *s; s++) {
		if (*s == '\n')
			hv_console_raw('\r');
		hv_console_raw(*s);
	}
	hv_unlock(&console_lock);
}

void hv_vprintf(const char *fmt, va_list ap)
{
	/* Every message fits: the longest, a VM-layer log line, is 192. */
	char buf[256];
	vmm_vfmt(buf, sizeof(buf), fmt, ap);
	hv_puts(buf);
}

void hv_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	hv_vprintf(fmt, ap);
	va_end(ap);
}
