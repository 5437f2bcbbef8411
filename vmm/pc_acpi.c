/* SPDX-License-Identifier: Apache-2.0 */
/* ACPI tables for a PC guest, and its fixed PM registers. */
#include "vmm/pc_acpi.h"
#include "vmm/libc.h"

#define OEM_ID "AXVCPU"
#define OEM_TABLE "AXVCPUPC"

struct acpi_buf {
	uint8_t b[1024 + 8 * 256];
	unsigned len;
};

static void put(struct acpi_buf *t, unsigned off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		t->b[off + i] = (uint8_t)(v >> (8 * i));
}

static void put_str(struct acpi_buf *t, unsigned off, const char *s, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		t->b[off + i] = *s ? (uint8_t)*s++ : ' ';
}

static uint8_t checksum(const uint8_t *p, unsigned n)
{
	uint8_t sum = 0;
	for (unsigned i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)(0 - sum);
}

/* Start a table with the standard 36-byte header at t->len. */
static unsigned header(struct acpi_buf *t, const char *sig, uint8_t rev)
{
	unsigned at = t->len;
	memset(t->b + at, 0, 36);
	put_str(t, at, sig, 4);
	put(t, at + 8, rev, 1);
	put_str(t, at + 10, OEM_ID, 6);
	put_str(t, at + 16, OEM_TABLE, 8);
	put(t, at + 24, 1, 4);          /* OEM revision */
	put_str(t, at + 28, "AXVC", 4); /* creator */
	put(t, at + 32, 1, 4);
	t->len += 36;
	return at;
}

/* Close the table at `at`: length and checksum. */
static void finish(struct acpi_buf *t, unsigned at)
{
	put(t, at + 4, t->len - at, 4);
	t->b[at + 9] = 0;
	t->b[at + 9] = checksum(t->b + at, t->len - at);
	t->len = (t->len + 15) & ~15u;
}

int pc_acpi_build(struct vmm_mem *mem, uint64_t rsdp_gpa, uint64_t tables_gpa,
		  const struct pc_acpi_config *cfg)
{
	static struct acpi_buf t;
	if (!mem || !cfg || !cfg->ncpus || cfg->ncpus > 255 || (rsdp_gpa & 15))
		return AXVCPU_EINVAL;
	memset(&t, 0, sizeof(t));
	uint64_t g = tables_gpa;

	/* FACS: 64 bytes, no header checksum. */
	unsigned facs = t.len;
	put_str(&t, facs, "FACS", 4);
	put(&t, facs + 4, 64, 4);
	t.len += 64;

	/* DSDT: Name (_S5, Package () { 5, 5, 0, 0 }) */
	unsigned dsdt = header(&t, "DSDT", 1);
	static const uint8_t s5[] = { 0x08, '_',
				      'S',  '5',
				      '_',  0x12,
				      0x08, 0x04,
				      0x0a, PC_ACPI_SLP_TYP_S5,
				      0x0a, PC_ACPI_SLP_TYP_S5,
				      0x00, 0x00 };
	memcpy(t.b + t.len, s5, sizeof(s5));
	t.len += sizeof(s5);
	finish(&t, dsdt);

	/* FADT, revision 1 (116 bytes). */
	unsigned fadt = header(&t, "FACP", 1);
	t.len = fadt + 116;
	put(&t, fadt + 36, g + facs, 4);
	put(&t, fadt + 40, g + dsdt, 4);
	put(&t, fadt + 45, 1, 1); /* INT_MODEL: APIC */
	put(&t, fadt + 46, cfg->sci_irq, 2);
	put(&t, fadt + 48, 0, 4); /* SMI_CMD: none, always in ACPI mode */
	put(&t, fadt + 56, cfg->pm_base, 4);     /* PM1a_EVT_BLK */
	put(&t, fadt + 64, cfg->pm_base + 4, 4); /* PM1a_CNT_BLK */
	put(&t, fadt + 76, cfg->pm_base + 8, 4); /* PM_TMR_BLK */
	put(&t, fadt + 88, 4, 1);                /* PM1_EVT_LEN */
	put(&t, fadt + 89, 2, 1);                /* PM1_CNT_LEN */
	put(&t, fadt + 91, 4, 1);                /* PM_TMR_LEN */
	put(&t, fadt + 96, 101, 2);              /* P_LVL2_LAT: no C2 */
	put(&t, fadt + 98, 1001, 2);             /* P_LVL3_LAT: no C3 */
	/* WBINVD, C1 on every CPU, no fixed power/sleep buttons, 32-bit
	 * PM timer. */
	put(&t, fadt + 112,
	    (1u << 0) | (1u << 2) | (1u << 4) | (1u << 5) | (1u << 8), 4);
	finish(&t, fadt);

	/* MADT. */
	unsigned madt = header(&t, "APIC", 1);
	put(&t, t.len, cfg->lapic_base, 4);
	put(&t, t.len + 4, 1, 4); /* PCAT_COMPAT: 8259s present */
	t.len += 8;
	for (unsigned i = 0; i < cfg->ncpus; i++) {
		unsigned e = t.len;
		put(&t, e, 0, 1); /* processor local APIC */
		put(&t, e + 1, 8, 1);
		put(&t, e + 2, i, 1);
		put(&t, e + 3, i, 1);
		put(&t, e + 4, 1, 4); /* enabled */
		t.len += 8;
	}
	unsigned e = t.len;
	put(&t, e, 1, 1); /* I/O APIC */
	put(&t, e + 1, 12, 1);
	put(&t, e + 2, cfg->ncpus, 1); /* its id, after the CPUs' */
	put(&t, e + 4, cfg->ioapic_base, 4);
	put(&t, e + 8, 0, 4);
	t.len += 12;
	static const uint8_t overrides[2][3] = { { 0, 2, 0x00 }, /* PIT */
						 { 0, 0, 0x0d } };
	for (unsigned i = 0; i < 2; i++) {
		e = t.len;
		unsigned src = i ? cfg->sci_irq : overrides[i][0];
		put(&t, e, 2, 1); /* interrupt source override */
		put(&t, e + 1, 10, 1);
		put(&t, e + 2, 0, 1); /* ISA */
		put(&t, e + 3, src, 1);
		put(&t, e + 4, i ? cfg->sci_irq : overrides[i][1], 4);
		put(&t, e + 8, overrides[i][2], 2);
		t.len += 10;
	}
	e = t.len;
	put(&t, e, 4, 1); /* local APIC NMI: LINT1 of every CPU */
	put(&t, e + 1, 6, 1);
	put(&t, e + 2, 0xff, 1);
	put(&t, e + 3, 0, 2);
	put(&t, e + 5, 1, 1);
	t.len += 6;
	finish(&t, madt);

	/* RSDT. */
	unsigned rsdt = header(&t, "RSDT", 1);
	put(&t, t.len, g + fadt, 4);
	put(&t, t.len + 4, g + madt, 4);
	t.len += 8;
	finish(&t, rsdt);

	int err = vmm_mem_write(mem, tables_gpa, t.b, t.len);
	if (err)
		return err;

	/* RSDP, ACPI 1.0 form (20 bytes). */
	uint8_t rsdp[20];
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, OEM_ID, 6);
	uint32_t rsdt_gpa = (uint32_t)(g + rsdt);
	memcpy(rsdp + 16, &rsdt_gpa, 4);
	rsdp[8] = checksum(rsdp, 20);
	return vmm_mem_write(mem, rsdp_gpa, rsdp, sizeof(rsdp));
}

/* ---- PM registers ---------------------------------------------------- */

#define PM1_CNT_SCI_EN 0x0001u
#define PM1_CNT_SLP_EN 0x2000u

static int pm_read(void *dev, uint64_t off, unsigned width, uint64_t *val)
{
	struct pc_acpi_pm *p = dev;
	uint64_t v = 0;
	if (off >= 12) {
		v = 0; /* past the timer: reserved */
	} else if (off >= 8) {
		uint64_t ns = p->now(p->ctx);
		uint64_t ticks =
		    ns / 1000000000ull * PC_ACPI_PM_TIMER_HZ +
		    ns % 1000000000ull * PC_ACPI_PM_TIMER_HZ / 1000000000ull;
		v = (uint64_t)(uint32_t)ticks >> (8 * (off - 8));
	} else {
		uint8_t regs[8] = { (uint8_t)p->sts,
				    (uint8_t)(p->sts >> 8),
				    (uint8_t)p->en,
				    (uint8_t)(p->en >> 8),
				    (uint8_t)p->cnt,
				    (uint8_t)(p->cnt >> 8),
				    0,
				    0 };
		for (unsigned i = 0; i < width && off + i < 8; i++)
			v |= (uint64_t)regs[off + i] << (8 * i);
	}
	*val = width >= 8 ? v : v & ((1ull << (8 * width)) - 1);
	return 0;
}

static int pm_write(void *dev, uint64_t off, unsigned width, uint64_t val)
{
	struct pc_acpi_pm *p = dev;
	for (unsigned i = 0; i < width; i++) {
		uint64_t o = off + i;
		uint8_t b = (uint8_t)(val >> (8 * i));
		if (o < 2) /* status: write 1 to clear */
			p->sts &= (uint16_t) ~(b << (8 * o));
		else if (o < 4)
			p->en = (uint16_t)((p->en & ~(0xff << (8 * (o - 2)))) |
					   b << (8 * (o - 2)));
		else if (o < 6)
			p->cnt =
			    (uint16_t)((p->cnt & ~(0xff << (8 * (o - 4)))) |
				       b << (8 * (o - 4)));
	}
	if (off < 6 && off + width > 4 && (p->cnt & PM1_CNT_SLP_EN)) {
		p->cnt &= (uint16_t)~PM1_CNT_SLP_EN;
		if (p->sleep)
			p->sleep(p->ctx, (p->cnt >> 10) & 7);
	}
	p->cnt |= PM1_CNT_SCI_EN;
	return 0;
}

const struct vmm_device_ops pc_acpi_pm_ops = { pm_read, pm_write };

void pc_acpi_pm_reset(void *pm)
{
	struct pc_acpi_pm *p = pm;
	p->sts = p->en = 0;
	p->cnt = PM1_CNT_SCI_EN;
}
