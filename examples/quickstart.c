/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seed's run_vcpu loop in C: bind, run, handle the exits the VM layer
 * owns (MMIO and port I/O here), hand back the first one it does not,
 * unbind. Built by `make test` so that the README's example keeps compiling.
 */
#include <axvcpu/axvcpu.h>

/* A toy device model: one 64-bit scratch register at every address. */
struct devices {
	uint64_t scratch;
};

static uint64_t devices_mmio_read(struct devices *dev, axvcpu_gpa_t addr,
				  unsigned width)
{
	(void)addr;
	(void)width;
	return dev->scratch;
}

static void devices_mmio_write(struct devices *dev, axvcpu_gpa_t addr,
			       unsigned width, uint64_t data)
{
	(void)addr;
	(void)width;
	dev->scratch = data;
}

/*
 * Run `vcpu` on this physical CPU until an exit the devices cannot handle;
 * that exit is left in *exit. Returns 0 or a negative AXVCPU_E* code.
 */
int run_vcpu(struct axvcpu *vcpu, struct devices *dev, struct axvcpu_exit *exit)
{
	int err = axvcpu_bind(vcpu);
	if (err)
		return err;
	for (;;) {
		err = axvcpu_run(vcpu, exit);
		if (err)
			break;
		bool handled = true;
		switch (exit->reason) {
		case AXVCPU_EXIT_MMIO_READ: {
			uint64_t val = devices_mmio_read(
			    dev, exit->mmio_read.addr, exit->mmio_read.width);
			/* Width, extension, register: the library's job. */
			err = axvcpu_complete_mmio_read(vcpu, val);
			break;
		}
		case AXVCPU_EXIT_MMIO_WRITE:
			devices_mmio_write(dev, exit->mmio_write.addr,
					   exit->mmio_write.width,
					   exit->mmio_write.data);
			break;
		case AXVCPU_EXIT_IO_READ:
			err = axvcpu_complete_io_read(vcpu, ~(uint64_t)0);
			break;
		case AXVCPU_EXIT_IO_WRITE:
		case AXVCPU_EXIT_NOTHING:
			break;
		default:
			handled = false;
		}
		if (err || !handled)
			break;
	}
	int unbind_err = axvcpu_unbind(vcpu);
	return err ? err : unbind_err;
}

/* Create, set up and run vCPU 0 of VM 1 on `backend` (any backend). */
int quickstart(const struct axvcpu_backend *backend, const void *create_cfg,
	       size_t create_cfg_size, axvcpu_gpa_t entry,
	       axvcpu_hpa_t ept_root, struct axvcpu_exit *exit)
{
	struct axvcpu_create_params params = {
		.vm_id = 1,
		.vcpu_id = 0,
		.favor_phys_cpu = -1,
		.phys_cpu_set = 0, /* any CPU */
		.arch_config = create_cfg,
		.arch_config_size = create_cfg_size,
	};
	struct axvcpu *vcpu;
	int err = axvcpu_create(backend, &params, &vcpu);
	if (err)
		return err;
	err = axvcpu_setup(vcpu, entry, ept_root, 0, 0);
	struct devices dev = { 0 };
	if (!err)
		err = run_vcpu(vcpu, &dev, exit);
	axvcpu_destroy(vcpu);
	return err;
}
