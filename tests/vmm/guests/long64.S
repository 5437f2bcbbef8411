/* ELF64 guest (long64 at 1 MiB), run on one or more vCPUs (rdi = vCPU
 * id): reads unclaimed MMIO at 0xd0000000 (open bus: all ones), writes
 * 'A' + id to port 0xe9 if the read gave all ones ('x' otherwise), then
 * halts; the run ends when every vCPU has halted. */
	.code64
	.globl _start
_start:
	mov $0xd0000000, %ebx
	movl $0x12345678, (%rbx)
	movl (%rbx), %eax
	mov $'x', %ecx
	cmp $0xffffffff, %eax
	jne 1f
	lea 'A'(%rdi), %ecx
1:	mov %ecx, %eax
	out %al, $0xe9
	cli
	hlt
