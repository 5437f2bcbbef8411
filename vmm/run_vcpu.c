/* SPDX-License-Identifier: Apache-2.0 */
/* The seed's run_vcpu loop: bind, run, dispatch to buses, unbind. */
#include "vmm/run_vcpu.h"

static uint64_t all_ones(unsigned width)
{
	return width >= 8 ? ~0ull : (1ull << (8 * width)) - 1;
}

/* Read from `bus`; 1 = value in *val, 0 = unclaimed and not open bus. */
static int bus_read(struct vmm_bus *bus, bool open_bus, uint64_t addr,
		    unsigned width, uint64_t *val)
{
	if (bus && vmm_bus_read(bus, addr, width, val) == 0)
		return 1;
	if (!open_bus)
		return 0;
	*val = all_ones(width);
	return 1;
}

static int bus_write(struct vmm_bus *bus, bool open_bus, uint64_t addr,
		     unsigned width, uint64_t val)
{
	if (bus && vmm_bus_write(bus, addr, width, val) == 0)
		return 1;
	return open_bus ? 1 : 0;
}

int vmm_handle_exit(struct axvcpu *vcpu, const struct vmm_run_config *cfg,
		    const struct axvcpu_exit *exit)
{
	uint64_t val = 0;
	int handled, err;

	switch (exit->reason) {
	case AXVCPU_EXIT_NOTHING:
		return 1;
	case AXVCPU_EXIT_MMIO_READ:
		handled =
		    bus_read(cfg->mmio, cfg->mmio_open_bus,
			     exit->mmio_read.addr, exit->mmio_read.width, &val);
		if (!handled)
			return 0;
		err = axvcpu_complete_mmio_read(vcpu, val);
		return err ? err : 1;
	case AXVCPU_EXIT_MMIO_WRITE:
		return bus_write(cfg->mmio, cfg->mmio_open_bus,
				 exit->mmio_write.addr, exit->mmio_write.width,
				 exit->mmio_write.data);
	case AXVCPU_EXIT_IO_READ:
		handled =
		    bus_read(cfg->pio, cfg->pio_open_bus, exit->io_read.port,
			     exit->io_read.width, &val);
		if (!handled)
			return 0;
		err = axvcpu_complete_io_read(vcpu, val);
		return err ? err : 1;
	case AXVCPU_EXIT_IO_WRITE:
		return bus_write(cfg->pio, cfg->pio_open_bus,
				 exit->io_write.port, exit->io_write.width,
				 exit->io_write.data);
	default:
		return 0;
	}
}

static uint64_t now(const struct vmm_run_config *cfg)
{
	return cfg->now_ns ? cfg->now_ns() : 0;
}

int vmm_run_loop(struct axvcpu *vcpu, const struct vmm_run_config *cfg,
		 struct axvcpu_exit *exit)
{
	int err = 0;

	if (!vcpu || !cfg || !exit)
		return AXVCPU_EINVAL;
	exit->reason = AXVCPU_EXIT_NOTHING;
	for (;;) {
		uint64_t t0 = now(cfg);
		err = axvcpu_run(vcpu, exit);
		if (err)
			break;
		uint64_t t1 = now(cfg);
		unsigned r = exit->reason < AXVCPU_EXIT_REASON_COUNT
				 ? (unsigned)exit->reason
				 : AXVCPU_EXIT_INTERNAL_ERROR;
		if (cfg->on_exit)
			cfg->on_exit(cfg->ctx, vcpu, exit);
		int handled = vmm_handle_exit(vcpu, cfg, exit);
		if (cfg->stats) {
			cfg->stats->count[r]++;
			cfg->stats->run_ns[r] += t1 - t0;
			cfg->stats->handle_ns[r] += now(cfg) - t1;
		}
		if (handled < 0) {
			err = handled;
			break;
		}
		if (!handled)
			break;
		if (cfg->should_stop && cfg->should_stop(cfg->ctx, vcpu))
			break;
	}
	return err;
}

int vmm_run_vcpu(struct axvcpu *vcpu, const struct vmm_run_config *cfg,
		 struct axvcpu_exit *exit)
{
	if (!vcpu || !cfg || !exit)
		return AXVCPU_EINVAL;
	exit->reason = AXVCPU_EXIT_NOTHING;
	int err = axvcpu_bind(vcpu);
	if (err)
		return err;
	err = vmm_run_loop(vcpu, cfg, exit);
	/* Blocked after a Halt is still bound: unbind works from there. */
	int uerr = axvcpu_unbind(vcpu);
	return err ? err : uerr;
}
