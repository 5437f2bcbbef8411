/* Raw 32-bit guest (run with --mode prot32) that triple-faults: the
 * library's prot32 setup leaves the IDT empty, so ud2 -> #UD -> #DF ->
 * shutdown. The VMM must report a guest crash, not crash itself. (Real
 * mode is not used: not every KVM checks the IDT limit there.) */
	.code32
	.globl _start
_start:
	ud2
