/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The run_vcpu loop against a scripted fake backend: exits come from a
 * table, completed reads are recorded, so the test checks what the loop
 * dispatched to the buses and what it handed back to the "guest".
 */
#include "tests/lib/tap.h"
#include "vmm/run_vcpu.h"
#include "vmm/uart16550.h"

#include <axvcpu/backend.h>
#include <axvcpu/hosted.h>
#include <string.h>

#define MAX_STEPS 32

static struct axvcpu_exit script[MAX_STEPS];
static unsigned script_len, script_pos;
static uint64_t completed[MAX_STEPS];
static enum axvcpu_read_kind completed_kind[MAX_STEPS];
static unsigned completed_n;
static uint64_t regs[4];
static int binds, unbinds;

static int fake_create(struct axvcpu *v, const void *c)
{
	(void)v;
	(void)c;
	return 0;
}
static int fake_setup(struct axvcpu *v, axvcpu_gpa_t e, axvcpu_hpa_t r,
		      const void *c)
{
	(void)v;
	(void)e;
	(void)r;
	(void)c;
	return 0;
}
static int fake_set_entry(struct axvcpu *v, axvcpu_gpa_t e)
{
	(void)v;
	(void)e;
	return 0;
}
static int fake_set_gpr(struct axvcpu *v, unsigned r, uint64_t val)
{
	(void)v;
	regs[r] = val;
	return 0;
}
static int fake_get_gpr(struct axvcpu *v, unsigned r, uint64_t *val)
{
	(void)v;
	*val = regs[r];
	return 0;
}
static int fake_bind(struct axvcpu *v, void *p)
{
	(void)v;
	(void)p;
	binds++;
	return 0;
}
static int fake_unbind(struct axvcpu *v, void *p)
{
	(void)v;
	(void)p;
	unbinds++;
	return 0;
}
static int fake_run(struct axvcpu *v, void *p, struct axvcpu_exit *exit)
{
	(void)v;
	(void)p;
	if (script_pos >= script_len)
		return AXVCPU_EHW; /* script overrun: a loop bug */
	*exit = script[script_pos++];
	return 0;
}
static int fake_complete(struct axvcpu *v,
			 const struct axvcpu_read_completion *c)
{
	(void)v;
	completed[completed_n] = c->value;
	completed_kind[completed_n++] = c->kind;
	return 0;
}
static int fake_percpu(void *p)
{
	(void)p;
	return 0;
}

static const struct axvcpu_backend fake = {
	.name = "fake",
	.arch_size = 16,
	.percpu_size = 16,
	.gpr_count = 4,
	.vector_count = 16,
	.percpu_enable = fake_percpu,
	.percpu_disable = fake_percpu,
	.create = fake_create,
	.setup = fake_setup,
	.set_entry = fake_set_entry,
	.set_gpr = fake_set_gpr,
	.get_gpr = fake_get_gpr,
	.bind = fake_bind,
	.unbind = fake_unbind,
	.run = fake_run,
	.complete_read = fake_complete,
};

static struct axvcpu_exit *step(enum axvcpu_exit_reason r)
{
	struct axvcpu_exit *e = &script[script_len++];
	memset(e, 0, sizeof(*e));
	e->reason = r;
	return e;
}

static void io_write(uint16_t port, uint8_t width, uint64_t data)
{
	struct axvcpu_exit *e = step(AXVCPU_EXIT_IO_WRITE);
	e->io_write.port = port;
	e->io_write.width = width;
	e->io_write.count = 1;
	e->io_write.data = data;
}

static void io_read(uint16_t port, uint8_t width)
{
	struct axvcpu_exit *e = step(AXVCPU_EXIT_IO_READ);
	e->io_read.port = port;
	e->io_read.width = width;
	e->io_read.count = 1;
}

static void mmio_read(uint64_t addr, uint8_t width)
{
	struct axvcpu_exit *e = step(AXVCPU_EXIT_MMIO_READ);
	e->mmio_read.addr = addr;
	e->mmio_read.width = width;
	e->mmio_read.reg_width = 8;
	e->mmio_read.reg = 1;
}

static void mmio_write(uint64_t addr, uint8_t width, uint64_t data)
{
	struct axvcpu_exit *e = step(AXVCPU_EXIT_MMIO_WRITE);
	e->mmio_write.addr = addr;
	e->mmio_write.width = width;
	e->mmio_write.data = data;
}

static char tx_buf[64];
static size_t tx_len;
static void tx(void *ctx, uint8_t c)
{
	(void)ctx;
	if (tx_len < sizeof(tx_buf) - 1)
		tx_buf[tx_len++] = (char)c;
}

static int exits_seen;
static void on_exit_cb(void *ctx, struct axvcpu *v, const struct axvcpu_exit *e)
{
	(void)ctx;
	(void)v;
	(void)e;
	exits_seen++;
}

/* A device whose reads fail after writing a value it must not leak. */
static int failing_calls;
static int failing_read(void *dev, uint64_t off, unsigned w, uint64_t *val)
{
	(void)dev;
	(void)off;
	(void)w;
	failing_calls++;
	*val = 0x5a5a5a5a;
	return AXVCPU_EBUSY;
}
static const struct vmm_device_ops failing_ops = { failing_read, NULL };

static uint64_t fake_clock;
static uint64_t fake_now(void)
{
	return fake_clock += 10;
}

static void reset_script(void)
{
	script_len = script_pos = completed_n = 0;
	exits_seen = 0;
}

int main(void)
{
	struct axvcpu *vcpu;
	struct axvcpu_create_params p = { .favor_phys_cpu = -1 };
	struct axvcpu_exit exit;
	struct vmm_bus pio, mmio;
	struct vmm_uart16550 com1, mmio_uart;
	struct vmm_exit_stats stats;

	if (axvcpu_hal_register(axvcpu_hosted_hal()) ||
	    axvcpu_percpu_init(&fake) || axvcpu_percpu_hardware_enable() ||
	    axvcpu_create(&fake, &p, &vcpu) ||
	    axvcpu_setup(vcpu, 0, 0, NULL, 0)) {
		printf("Bail out! fake backend setup failed\n");
		return 1;
	}

	vmm_uart16550_init(&com1, 0, tx, NULL);
	vmm_uart16550_init(&mmio_uart, 2, tx, NULL);
	vmm_bus_init(&pio);
	vmm_bus_init(&mmio);
	vmm_bus_add(&pio, 0x3f8, 8, &vmm_uart16550_ops, &com1);
	vmm_bus_add(&mmio, 0x10000000, VMM_UART16550_SIZE(2),
		    &vmm_uart16550_ops, &mmio_uart);
	memset(&stats, 0, sizeof(stats));
	struct vmm_run_config cfg = {
		.mmio = &mmio,
		.pio = &pio,
		.pio_open_bus = true,
		.on_exit = on_exit_cb,
		.now_ns = fake_now,
		.stats = &stats,
	};

	/* A guest printing "Hi" on both UARTs, polling LSR, probing an
	 * empty port, then making a hypercall. */
	reset_script();
	io_write(0x3f8, 1, 'H');
	io_read(0x3fd, 1);
	mmio_write(0x10000000, 4, 'i');
	mmio_read(0x10000014, 4);
	step(AXVCPU_EXIT_NOTHING);
	io_read(0x80, 2);
	io_write(0x80, 1, 0x12);
	step(AXVCPU_EXIT_HYPERCALL)->hypercall.nr = 42;
	tap_is(vmm_run_vcpu(vcpu, &cfg, &exit), 0, "run_vcpu returns 0");
	tap_is(exit.reason, AXVCPU_EXIT_HYPERCALL, "stops at the hypercall");
	tap_is(exit.hypercall.nr, 42, "with its fields");
	tap_is(script_pos, script_len, "every scripted exit consumed");
	tx_buf[tx_len] = 0;
	tap_ok(strcmp(tx_buf, "Hi") == 0, "port and MMIO UART output: %s",
	       tx_buf);
	tap_is(completed_n, 3, "three reads completed");
	tap_ok(completed_kind[0] == AXVCPU_READ_IO && completed[0] == 0x60,
	       "port LSR read completed through complete_io_read");
	tap_ok(completed_kind[1] == AXVCPU_READ_MMIO && completed[1] == 0x60,
	       "MMIO LSR (reg_shift 2) completed through complete_mmio_read");
	tap_ok(completed_kind[2] == AXVCPU_READ_IO && completed[2] == 0xffff,
	       "unclaimed 2-byte port reads all-ones (open bus)");
	tap_is(exits_seen, 8, "on_exit saw every exit");
	tap_is(axvcpu_state(vcpu), AXVCPU_STATE_FREE, "unbound afterwards");
	tap_ok(binds == 1 && unbinds == 1, "one bind, one unbind");
	tap_is(stats.count[AXVCPU_EXIT_IO_READ], 2, "stats: 2 port reads");
	tap_is(stats.count[AXVCPU_EXIT_IO_WRITE], 2, "stats: 2 port writes");
	tap_is(stats.count[AXVCPU_EXIT_HYPERCALL], 1, "stats: 1 hypercall");
	tap_is(stats.run_ns[AXVCPU_EXIT_MMIO_READ], 10, "stats: run time");

	/* Unclaimed MMIO without open bus is returned; so are HALT and a
	 * write to a port nobody claims when open bus is off. */
	reset_script();
	mmio_read(0x20000000, 8);
	cfg.pio_open_bus = false;
	tap_is(vmm_run_vcpu(vcpu, &cfg, &exit), 0, "run again");
	tap_ok(exit.reason == AXVCPU_EXIT_MMIO_READ &&
		   exit.mmio_read.addr == 0x20000000,
	       "unclaimed MMIO read returned to the caller");
	tap_is(completed_n, 0, "and not completed");

	reset_script();
	io_write(0x80, 1, 1);
	tap_is(vmm_run_vcpu(vcpu, &cfg, &exit), 0, "closed port bus");
	tap_ok(exit.reason == AXVCPU_EXIT_IO_WRITE, "unclaimed port returned");
	tap_is(completed_n, 1, "the stale MMIO read got completed (0)");
	tap_is(completed[0], 0, "with 0");

	reset_script();
	step(AXVCPU_EXIT_HALT)->halt.deadline = UINT64_MAX;
	tap_is(vmm_run_vcpu(vcpu, &cfg, &exit), 0, "halt");
	tap_is(exit.reason, AXVCPU_EXIT_HALT, "HALT returned");
	tap_is(axvcpu_state(vcpu), AXVCPU_STATE_FREE, "unbound from Blocked");

	/* vmm_run_loop keeps the vCPU bound so the caller can answer. */
	reset_script();
	mmio_read(0x30000000, 4);
	io_read(0x3fd, 1);
	step(AXVCPU_EXIT_CANCELLED);
	tap_is(axvcpu_bind(vcpu), 0, "bind for run_loop");
	tap_is(vmm_run_loop(vcpu, &cfg, &exit), 0, "run_loop");
	tap_is(exit.reason, AXVCPU_EXIT_MMIO_READ, "unhandled MMIO read");
	tap_is(axvcpu_complete_mmio_read(vcpu, 0x1234), 0,
	       "caller completes it while bound");
	tap_is(completed[0], 0x1234, "with its value");
	tap_is(vmm_run_loop(vcpu, &cfg, &exit), 0, "run_loop again");
	tap_is(exit.reason, AXVCPU_EXIT_CANCELLED, "a kick is returned");
	tap_is(completed[1], 0x60, "LSR read in between completed");
	tap_is(axvcpu_unbind(vcpu), 0, "unbind");

	/* Backend failure: error returned, vCPU unbound. */
	reset_script();
	tap_is(vmm_run_vcpu(vcpu, &cfg, &exit), AXVCPU_EHW,
	       "backend error returned");
	tap_is(axvcpu_state(vcpu), AXVCPU_STATE_FREE, "and unbound");
	tap_is(vmm_run_vcpu(NULL, &cfg, &exit), AXVCPU_EINVAL, "NULL vcpu");
	tap_is(vmm_run_vcpu(vcpu, NULL, &exit), AXVCPU_EINVAL, "NULL cfg");

	/* A device read error must still end with the guest getting a
	 * defined value, never the device's partial one or stale data:
	 * all ones with open bus; otherwise the exit is returned intact
	 * and, if the caller does not complete it, the next run gives 0. */
	tap_is(vmm_bus_add(&mmio, 0x40000000, 0x1000, &failing_ops, NULL), 0,
	       "failing device on the MMIO bus");
	reset_script();
	mmio_read(0x40000010, 4);
	step(AXVCPU_EXIT_CANCELLED);
	cfg.mmio_open_bus = true;
	tap_is(vmm_run_vcpu(vcpu, &cfg, &exit), 0, "device error, open bus");
	tap_is(exit.reason, AXVCPU_EXIT_CANCELLED, "the read was handled");
	tap_ok(completed_n == 1 && completed[0] == 0xffffffff,
	       "completed with all ones, not the device's value");
	tap_is(failing_calls, 1, "the device was asked once");
	reset_script();
	mmio_read(0x40000010, 2);
	step(AXVCPU_EXIT_CANCELLED);
	cfg.mmio_open_bus = false;
	tap_is(axvcpu_bind(vcpu), 0, "bind");
	tap_is(vmm_run_loop(vcpu, &cfg, &exit), 0, "device error, closed bus");
	tap_ok(exit.reason == AXVCPU_EXIT_MMIO_READ &&
		   exit.mmio_read.addr == 0x40000010 &&
		   exit.mmio_read.width == 2 && exit.mmio_read.reg == 1,
	       "the exit is returned intact");
	tap_is(completed_n, 0, "not completed by the loop");
	tap_is(vmm_run_loop(vcpu, &cfg, &exit), 0, "run on, not completing");
	tap_ok(completed_n == 1 && completed[0] == 0,
	       "the next run completed it with 0 (no stale data)");
	tap_is(axvcpu_unbind(vcpu), 0, "unbind");

	/* No buses at all: everything is returned. */
	struct vmm_run_config bare = { 0 };
	reset_script();
	io_read(0x3fd, 1);
	tap_is(vmm_run_vcpu(vcpu, &bare, &exit), 0, "no buses");
	tap_is(exit.reason, AXVCPU_EXIT_IO_READ, "port read returned");

	axvcpu_destroy(vcpu);
	return tap_done(0);
}
