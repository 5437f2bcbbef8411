/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the bzImage header parser and the boot-protocol
 * loader on arbitrary bytes. */
#include "vmm/linux_boot.h"

#include <stdlib.h>

#define RAM (4u << 20)
static uint8_t *ram;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmm_mem m;
	struct vmm_linux_header h;
	struct vmm_linux_info info;
	const char *why = NULL;
	static const uint8_t initrd[64];

	if (!ram && !(ram = malloc(RAM)))
		abort();
	if (vmm_linux_parse_header(data, size, &h, &why) == 0) {
		if (h.kernel_offset + h.kernel_size != size ||
		    h.kernel_size == 0)
			abort();
	} else if (!why) {
		abort();
	}
	vmm_mem_init(&m);
	vmm_mem_add(&m, 0, RAM, ram, VMM_MEM_RAM);
	struct vmm_linux_config cfg = {
		.cmdline = "console=ttyS0",
		.initrd = initrd,
		.initrd_size = size & 1 ? sizeof(initrd) : 0,
	};
	if (vmm_load_linux(&m, data, size, &cfg, &info) == 0) {
		if (info.e820_entries == 0 || info.entry32 != info.kernel)
			abort();
	} else if (!info.error) {
		abort();
	}
	return 0;
}
