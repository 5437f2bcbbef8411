/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One-line exit traces without libc: a tiny bounded writer that counts the
 * full length like snprintf, so callers can detect truncation.
 */
#include <axvcpu/axvcpu.h>

struct line {
	char *buf;
	size_t size;
	size_t len;
};

static void line_char(struct line *l, char c)
{
	if (l->len + 1 < l->size)
		l->buf[l->len] = c;
	l->len++;
}

static void line_str(struct line *l, const char *s)
{
	while (*s)
		line_char(l, *s++);
}

static void line_hex(struct line *l, uint64_t v)
{
	char digits[16];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	line_str(l, "0x");
	while (n)
		line_char(l, digits[--n]);
}

static void line_dec(struct line *l, uint64_t v)
{
	char digits[20];
	int n = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		line_char(l, digits[--n]);
}

/* " name=value", value in hex or decimal. */
static void line_field(struct line *l, const char *name, uint64_t v, bool hex)
{
	line_char(l, ' ');
	line_str(l, name);
	line_char(l, '=');
	if (hex)
		line_hex(l, v);
	else
		line_dec(l, v);
}

static void format_fields(struct line *l, const struct axvcpu_exit *e)
{
	switch (e->reason) {
	case AXVCPU_EXIT_HYPERCALL:
		line_field(l, "nr", e->hypercall.nr, true);
		line_str(l, " args=[");
		for (int i = 0; i < 6; i++) {
			if (i)
				line_char(l, ',');
			line_hex(l, e->hypercall.args[i]);
		}
		line_char(l, ']');
		break;
	case AXVCPU_EXIT_MMIO_READ:
		line_field(l, "addr", e->mmio_read.addr, true);
		line_field(l, "width", e->mmio_read.width, false);
		line_field(l, "reg", e->mmio_read.reg, false);
		line_field(l, "reg_width", e->mmio_read.reg_width, false);
		line_str(l, e->mmio_read.sign_ext ? " sext" : " zext");
		break;
	case AXVCPU_EXIT_MMIO_WRITE:
		line_field(l, "addr", e->mmio_write.addr, true);
		line_field(l, "width", e->mmio_write.width, false);
		line_field(l, "data", e->mmio_write.data, true);
		break;
	case AXVCPU_EXIT_SYSREG_READ:
		line_field(l, "addr", e->sysreg_read.addr, true);
		line_field(l, "reg", e->sysreg_read.reg, false);
		break;
	case AXVCPU_EXIT_SYSREG_WRITE:
		line_field(l, "addr", e->sysreg_write.addr, true);
		line_field(l, "value", e->sysreg_write.value, true);
		break;
	case AXVCPU_EXIT_IO_READ:
		line_field(l, "port", e->io_read.port, true);
		line_field(l, "width", e->io_read.width, false);
		if (e->io_read.count > 1)
			line_field(l, "count", e->io_read.count, false);
		break;
	case AXVCPU_EXIT_IO_WRITE:
		line_field(l, "port", e->io_write.port, true);
		line_field(l, "width", e->io_write.width, false);
		line_field(l, "data", e->io_write.data, true);
		if (e->io_write.count > 1)
			line_field(l, "count", e->io_write.count, false);
		break;
	case AXVCPU_EXIT_EXTERNAL_INTERRUPT:
		line_field(l, "vector", e->external_interrupt.vector, true);
		break;
	case AXVCPU_EXIT_NESTED_PAGE_FAULT:
		line_field(l, "addr", e->nested_page_fault.addr, true);
		line_str(l, " access=");
		line_str(
		    l, (e->nested_page_fault.access_flags & AXVCPU_ACCESS_READ)
			   ? "r"
			   : "-");
		line_str(
		    l, (e->nested_page_fault.access_flags & AXVCPU_ACCESS_WRITE)
			   ? "w"
			   : "-");
		line_str(l, (e->nested_page_fault.access_flags &
			     AXVCPU_ACCESS_EXECUTE)
				? "x"
				: "-");
		if (e->nested_page_fault.access_flags & AXVCPU_ACCESS_ATOMIC)
			line_str(l, " atomic");
		if (e->nested_page_fault.access_flags & AXVCPU_ACCESS_FP)
			line_str(l, " fp");
		if (e->nested_page_fault.access_flags & AXVCPU_ACCESS_UNDECODED)
			line_str(l, " undecoded");
		break;
	case AXVCPU_EXIT_HALT:
		if (e->halt.deadline != UINT64_MAX)
			line_field(l, "deadline", e->halt.deadline, false);
		if (e->halt.suspend)
			line_str(l, " suspend");
		break;
	case AXVCPU_EXIT_CPU_UP:
		line_field(l, "target_cpu", e->cpu_up.target_cpu, false);
		line_field(l, "entry", e->cpu_up.entry_point, true);
		line_field(l, "arg", e->cpu_up.arg, true);
		break;
	case AXVCPU_EXIT_CPU_DOWN:
		line_field(l, "state", e->cpu_down.state, true);
		break;
	case AXVCPU_EXIT_SYSTEM_DOWN:
	case AXVCPU_EXIT_SYSTEM_RESET:
		line_field(l, "reason", e->system.reason, true);
		break;
	case AXVCPU_EXIT_FAIL_ENTRY:
		line_field(l, "hardware_entry_failure_reason",
			   e->fail_entry.hardware_entry_failure_reason, true);
		break;
	case AXVCPU_EXIT_SEND_IPI:
		line_field(l, "target_cpu", e->send_ipi.target_cpu, false);
		line_field(l, "target_cpu_aux", e->send_ipi.target_cpu_aux,
			   true);
		if (e->send_ipi.send_to_all)
			line_str(l, " all");
		if (e->send_ipi.send_to_self)
			line_str(l, " self");
		line_field(l, "vector", e->send_ipi.vector, true);
		break;
	case AXVCPU_EXIT_CONSOLE_WRITE:
		if (e->console_write.len == 0) {
			line_field(l, "byte", e->console_write.byte, true);
		} else {
			line_field(l, "gpa", e->console_write.gpa, true);
			line_field(l, "len", e->console_write.len, false);
		}
		break;
	case AXVCPU_EXIT_CONSOLE_READ:
		if (e->console_read.len) {
			line_field(l, "gpa", e->console_read.gpa, true);
			line_field(l, "len", e->console_read.len, false);
		}
		break;
	case AXVCPU_EXIT_REMOTE_FENCE:
		line_field(l, "target_cpu", e->remote_fence.target_cpu, false);
		line_field(l, "target_cpu_aux", e->remote_fence.target_cpu_aux,
			   true);
		if (e->remote_fence.send_to_all)
			line_str(l, " all");
		if (e->remote_fence.kinds & AXVCPU_FENCE_ICACHE)
			line_str(l, " icache");
		if (e->remote_fence.kinds & AXVCPU_FENCE_TLB)
			line_str(l, " tlb");
		if (e->remote_fence.kinds & AXVCPU_FENCE_STAGE2)
			line_str(l, " stage2");
		line_field(l, "start", e->remote_fence.start, true);
		line_field(l, "size", e->remote_fence.size, true);
		line_field(l, "asid", e->remote_fence.asid, true);
		break;
	case AXVCPU_EXIT_CPU_STATUS:
		line_field(l, "target_cpu", e->cpu_status.target_cpu, false);
		break;
	case AXVCPU_EXIT_SYSTEM_SUSPEND:
		line_field(l, "type", e->system_suspend.type, true);
		line_field(l, "entry", e->system_suspend.entry_point, true);
		line_field(l, "arg", e->system_suspend.arg, true);
		break;
	case AXVCPU_EXIT_INTERNAL_ERROR:
		line_field(l, "code", e->internal_error.code, true);
		line_field(l, "data0", e->internal_error.data[0], true);
		line_field(l, "data1", e->internal_error.data[1], true);
		break;
	default:
		break;
	}
}

int axvcpu_exit_format(const struct axvcpu_exit *exit, char *buf, size_t size)
{
	if (!exit || (!buf && size))
		return AXVCPU_EINVAL;
	struct line l = { buf, size, 0 };
	line_str(&l, axvcpu_exit_name(exit->reason));
	if ((unsigned)exit->reason < AXVCPU_EXIT_REASON_COUNT)
		format_fields(&l, exit);
	else
		line_field(&l, "reason", (uint64_t)exit->reason, false);
	if (size)
		buf[l.len < size ? l.len : size - 1] = '\0';
	return l.len > 0x7fffffff ? 0x7fffffff : (int)l.len;
}
