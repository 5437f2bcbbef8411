/* SPDX-License-Identifier: Apache-2.0 */
/* The VM object's console and log services on the host console. */
#include "platform/common/console.h"
#include "platform/common/vm.h"
#include "vmm/uart16550.h"

void hv_vm_console_out(void *ctx, const uint8_t *buf, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < len; i++)
		hv_putc((char)buf[i]);
}

int hv_vm_console_in(void *ctx)
{
	(void)ctx;
	return hv_getc();
}

void hv_vm_log(void *ctx, const char *line)
{
	(void)ctx;
	hv_printf("\nhv: %s\n", line);
}

void hv_vm_uart_tx(void *ctx, uint8_t c)
{
	(void)ctx;
	hv_putc((char)c);
}

int hv_vm_uart16550_push(void *dev, uint8_t c)
{
	return vmm_uart16550_push_rx(dev, c);
}
