/* SPDX-License-Identifier: Apache-2.0 */
/*
 * axvcpu-run: a command-line VMM on the axvcpu KVM backend and the shared
 * VM layer (vmm/). Exit status: the guest's (hypercall 0), 0 when it
 * powers off, halts or prints --until; 1 setup errors (a refused image);
 * 2 bad usage; 3 the guest crashed; 4 the guest reset the machine with
 * --no-reboot; 124 timeout; 130 interrupted.
 */
#include "vm.h"

#include <stdio.h>

int main(int argc, char **argv)
{
	static struct run_args args;
	static struct run_vm vm;
	char err[512];

	int r = run_args_parse(argc, argv, &args, err, sizeof(err));
	if (r > 0) {
		fputs(run_usage, stdout);
		return 0;
	}
	if (r < 0) {
		fprintf(stderr, "axvcpu-run: %s\n(try axvcpu-run --help)\n",
			err);
		return RUN_STATUS_USAGE;
	}
	int status = run_vm_build(&vm, &args);
	if (!status)
		status = run_vm_run(&vm);
	run_vm_destroy(&vm);
	return status;
}
