/* SPDX-License-Identifier: Apache-2.0 */
/* The conformance guest's library: the main loop and the protocol calls. */
#include "tests/conformance/guest/conf.h"

void conf_check(const char *what, uint64_t got, uint64_t want)
{
	conf_hypercall(CONF_HC_CHECK, got, want, (uint64_t)(uintptr_t)what, 0,
		       0, 0);
}

struct conf_ret conf_arm(uint64_t a0, uint64_t a1, uint64_t a2)
{
	return conf_hypercall(CONF_HC_ARM, a0, a1, a2, 0, 0, 0);
}

void conf_panic(const char *what, uint64_t code, uint64_t pc)
{
	for (;;)
		conf_hypercall(CONF_HC_PANIC, code, pc,
			       (uint64_t)(uintptr_t)what, 0, 0, 0);
}

/*
 * Run what the host names until it says there is nothing left. After a
 * reset the runtime calls this again: the host then names the scenario
 * that was running (the reset scenario), which sees it started over.
 */
void conf_main(void)
{
	for (;;) {
		uint64_t id =
		    conf_hypercall(CONF_HC_NEXT, 0, 0, 0, 0, 0, 0).value;
		if (id >= CONF_S_COUNT)
			break;
		conf_routines[id]();
		conf_hypercall(CONF_HC_DONE, id, 0, 0, 0, 0, 0);
	}
	for (;;)
		conf_hypercall(CONF_HC_FINISH, 0, 0, 0, 0, 0, 0);
}
