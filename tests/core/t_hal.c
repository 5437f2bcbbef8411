/* SPDX-License-Identifier: Apache-2.0 */
/*
 * HAL misuse, in its own process because it starts with no HAL registered:
 * calls without a HAL give EBADSTATE, registration rules (required members,
 * alloc_frames and dealloc_frames both or neither, EBUSY while the HAL is
 * used, identical HAL again), and a counting HAL
 * whose alloc_frame / phys_to_virt can fail, to check ENOMEM with nothing
 * leaked, and whose CPU id can be out of range.
 */
#include "helpers.h"

/* White-box: to call bind/run/unbind with no HAL registered, a vCPU must
 * exist, and none can be created without a HAL; so one is built by hand
 * from the core's internal layout. */
#include "src/core/vcpu_internal.h"

/* ---- a counting HAL ------------------------------------------------- */

static _Atomic long frames_live;
static _Atomic int fail_alloc;  /* alloc_frame returns false */
static _Atomic int fail_p2v;    /* phys_to_virt returns NULL once */
static _Atomic unsigned cpu_id; /* what current_cpu_id answers */
static _Atomic long deallocs;

static bool c_alloc(axvcpu_hpa_t *paddr)
{
	if (atomic_load(&fail_alloc))
		return false;
	void *p = aligned_alloc(AXVCPU_FRAME_SIZE, AXVCPU_FRAME_SIZE);
	if (!p)
		return false;
	memset(p, 0, AXVCPU_FRAME_SIZE); /* the HAL contract: zeroed */
	atomic_fetch_add(&frames_live, 1);
	*paddr = (axvcpu_hpa_t)(uintptr_t)p;
	return true;
}

static void c_dealloc(axvcpu_hpa_t paddr)
{
	atomic_fetch_sub(&frames_live, 1);
	atomic_fetch_add(&deallocs, 1);
	free((void *)(uintptr_t)paddr);
}

static bool c_alloc_frames(size_t count, size_t align, axvcpu_hpa_t *paddr)
{
	(void)count;
	(void)align;
	(void)paddr;
	return false;
}

static void c_dealloc_frames(axvcpu_hpa_t paddr, size_t count)
{
	(void)paddr;
	(void)count;
}

static void *c_p2v(axvcpu_hpa_t paddr)
{
	if (atomic_exchange(&fail_p2v, 0))
		return 0;
	return (void *)(uintptr_t)paddr;
}

static axvcpu_hpa_t c_v2p(const void *vaddr)
{
	return (axvcpu_hpa_t)(uintptr_t)vaddr;
}

static unsigned c_cpu(void)
{
	return atomic_load(&cpu_id);
}

static size_t c_irq_fetch(void)
{
	return 0;
}

static const struct axvcpu_hal counting = {
	.alloc_frame = c_alloc,
	.dealloc_frame = c_dealloc,
	.phys_to_virt = c_p2v,
	.virt_to_phys = c_v2p,
	.current_cpu_id = c_cpu,
};

/* ---- tests ---------------------------------------------------------- */

static void test_no_hal(void)
{
	tap_ok(axvcpu_hal_get() == 0, "no HAL at start");
	struct axvcpu_create_params p = {
		.favor_phys_cpu = -1,
		.arch_config = &mock_ccfg,
		.arch_config_size = sizeof(mock_ccfg),
	};
	struct axvcpu *v = (struct axvcpu *)&p;
	tap_is(axvcpu_create(&mock_backend, &p, &v), AXVCPU_EBADSTATE,
	       "create without a HAL");
	tap_ok(v == 0, "create without a HAL: *out NULL");
	tap_is(mock_global_calls(MOCK_OP_CREATE), 0, "backend not called");
	tap_is(axvcpu_percpu_init(&mock_backend), AXVCPU_EBADSTATE,
	       "percpu_init without a HAL");
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EBADSTATE,
	       "hardware_enable without a HAL");
	tap_is(axvcpu_percpu_hardware_disable(), AXVCPU_EBADSTATE,
	       "hardware_disable without a HAL");
	tap_is(axvcpu_percpu_fini(), AXVCPU_EBADSTATE, "fini without a HAL");
	tap_ok(!axvcpu_percpu_is_enabled(), "not enabled without a HAL");
	tap_is(axvcpu_percpu_max_guest_page_table_levels(), 0,
	       "levels 0 without a HAL");
	tap_ok(axvcpu_current() == 0, "no current without a HAL");

	/* A hand-made vCPU: bind/run/unbind check the HAL first. */
	static _Alignas(4096) struct axvcpu fake;
	memset(&fake, 0, sizeof(fake));
	fake.backend = &mock_backend;
	atomic_store(&fake.bound_cpu, 0);
	atomic_store(&fake.word, AXVCPU_STATE_FREE);
	tap_is(axvcpu_bind(&fake), AXVCPU_EBADSTATE, "bind without a HAL");
	tap_is(axvcpu_state(&fake), AXVCPU_STATE_FREE, "bind: state kept");
	atomic_store(&fake.word, AXVCPU_STATE_READY);
	struct axvcpu_exit e;
	tap_is(axvcpu_run(&fake, &e), AXVCPU_EBADSTATE, "run without a HAL");
	tap_is(axvcpu_unbind(&fake), AXVCPU_EBADSTATE, "unbind without a HAL");
	tap_is(axvcpu_state(&fake), AXVCPU_STATE_READY, "run/unbind: kept");
	tap_is(mock_global_calls(MOCK_OP_BIND) +
		   mock_global_calls(MOCK_OP_RUN) +
		   mock_global_calls(MOCK_OP_UNBIND),
	       0, "no backend op reached");
}

static void test_register(void)
{
	tap_is(axvcpu_hal_register(0), AXVCPU_EINVAL, "register NULL");
	const size_t required[] = {
		offsetof(struct axvcpu_hal, alloc_frame),
		offsetof(struct axvcpu_hal, dealloc_frame),
		offsetof(struct axvcpu_hal, phys_to_virt),
		offsetof(struct axvcpu_hal, virt_to_phys),
		offsetof(struct axvcpu_hal, current_cpu_id),
	};
	for (unsigned i = 0; i < 5; i++) {
		struct axvcpu_hal h = counting;
		memset((char *)&h + required[i], 0, sizeof(void *));
		tap_is(axvcpu_hal_register(&h), AXVCPU_EINVAL,
		       "register: required member at offset %zu NULL",
		       required[i]);
	}
	/* The contiguous-run pair comes both or neither. */
	struct axvcpu_hal half = counting;
	half.alloc_frames = c_alloc_frames;
	tap_is(axvcpu_hal_register(&half), AXVCPU_EINVAL,
	       "register: alloc_frames without dealloc_frames");
	half = counting;
	half.dealloc_frames = c_dealloc_frames;
	tap_is(axvcpu_hal_register(&half), AXVCPU_EINVAL,
	       "register: dealloc_frames without alloc_frames");
	tap_ok(axvcpu_hal_get() == 0, "still no HAL after the refusals");

	struct axvcpu_hal h = counting;
	tap_is(axvcpu_hal_register(&h), 0, "register the counting HAL");
	const struct axvcpu_hal *got = axvcpu_hal_get();
	tap_ok(got && got != &h && got->alloc_frame == c_alloc &&
		   got->current_cpu_id == c_cpu && !got->irq_fetch,
	       "hal_get gives a copy");
	/* The copy does not follow later changes of the caller's struct. */
	h.alloc_frame = 0;
	tap_ok(axvcpu_hal_get()->alloc_frame == c_alloc,
	       "registration copied the struct");
	tap_is(axvcpu_hal_register(&counting), 0, "identical HAL again: 0");
	tap_is(axvcpu_hal_register(axvcpu_hal_get()), 0,
	       "the registered copy itself: 0");

	/* In use by a vCPU: a different HAL is refused. */
	struct axvcpu *v = vcpu_new(&mock_backend);
	tap_is(axvcpu_hal_register(axvcpu_hosted_hal()), AXVCPU_EBUSY,
	       "a different HAL while a vCPU lives");
	struct axvcpu_hal h2 = counting;
	h2.irq_fetch = c_irq_fetch;
	tap_is(axvcpu_hal_register(&h2), AXVCPU_EBUSY,
	       "a HAL differing in an optional member while a vCPU lives");
	tap_ok(axvcpu_hal_get()->alloc_frame == c_alloc &&
		   !axvcpu_hal_get()->irq_fetch,
	       "the registered HAL is unchanged");
	tap_is(axvcpu_hal_register(&counting), 0,
	       "the same HAL while a vCPU lives: 0");
	tap_is(axvcpu_destroy(v), 0, "destroy");
	tap_is(atomic_load(&frames_live), 0, "the frame went back to the HAL");

	/* In use by per-CPU state. */
	tap_is(axvcpu_percpu_init(&mock_backend), 0, "percpu_init");
	tap_is(axvcpu_hal_register(&h2), AXVCPU_EBUSY,
	       "a different HAL while per-CPU state lives");
	tap_is(axvcpu_percpu_fini(), 0, "fini");
	tap_is(axvcpu_hal_register(&h2), 0,
	       "a different HAL once nothing uses the old one");
	tap_ok(axvcpu_hal_get()->irq_fetch == c_irq_fetch, "replaced");
	tap_is(axvcpu_hal_register(&counting), 0, "and back");

	/* The pair is part of what makes two HALs the same. */
	struct axvcpu_hal runs = counting;
	runs.alloc_frames = c_alloc_frames;
	runs.dealloc_frames = c_dealloc_frames;
	v = vcpu_new(&mock_backend);
	tap_is(axvcpu_hal_register(&runs), AXVCPU_EBUSY,
	       "a HAL differing only in alloc_frames while a vCPU lives");
	tap_is(axvcpu_destroy(v), 0, "destroy");
	tap_is(axvcpu_hal_register(&runs), 0, "a HAL with alloc_frames");
	tap_ok(axvcpu_hal_get()->alloc_frames == c_alloc_frames &&
		   axvcpu_hal_get()->dealloc_frames == c_dealloc_frames,
	       "... registered with its pair");
	tap_is(axvcpu_hal_register(&runs), 0, "... identical again: 0");
	tap_is(axvcpu_hal_register(&counting), 0, "and back");
}

static void test_nomem(void)
{
	struct axvcpu_create_params p = {
		.favor_phys_cpu = -1,
		.arch_config = &mock_ccfg,
		.arch_config_size = sizeof(mock_ccfg),
	};
	struct axvcpu *v = (struct axvcpu *)&p;
	unsigned creates = mock_global_calls(MOCK_OP_CREATE);

	atomic_store(&fail_alloc, 1);
	tap_is(axvcpu_create(&mock_backend, &p, &v), AXVCPU_ENOMEM,
	       "create: alloc_frame fails -> ENOMEM");
	tap_ok(v == 0, "ENOMEM: *out NULL");
	tap_is(axvcpu_percpu_init(&mock_backend), AXVCPU_ENOMEM,
	       "percpu_init: alloc_frame fails -> ENOMEM");
	atomic_store(&fail_alloc, 0);
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EBADSTATE,
	       "percpu_init ENOMEM: CPU not initialised");
	tap_is(mock_global_calls(MOCK_OP_CREATE), creates,
	       "backend create not called without memory");
	tap_is(atomic_load(&frames_live), 0, "nothing allocated");

	/* phys_to_virt failing: the frame is given back. */
	long d = atomic_load(&deallocs);
	atomic_store(&fail_p2v, 1);
	tap_is(axvcpu_create(&mock_backend, &p, &v), AXVCPU_ENOMEM,
	       "create: phys_to_virt fails -> ENOMEM");
	tap_is(atomic_load(&frames_live), 0, "create: frame given back");
	tap_is(atomic_load(&deallocs), d + 1, "one dealloc_frame");
	atomic_store(&fail_p2v, 1);
	tap_is(axvcpu_percpu_init(&mock_backend), AXVCPU_ENOMEM,
	       "percpu_init: phys_to_virt fails -> ENOMEM");
	tap_is(atomic_load(&frames_live), 0, "percpu_init: frame given back");
	tap_is(axvcpu_percpu_hardware_enable(), AXVCPU_EBADSTATE,
	       "not initialised");

	/* The backend's create failing: frame back, nothing leaked. */
	mock_fail_next(MOCK_OP_CREATE, AXVCPU_ENOMEM);
	tap_is(axvcpu_create(&mock_backend, &p, &v), AXVCPU_ENOMEM,
	       "backend create ENOMEM passed on");
	tap_is(atomic_load(&frames_live), 0, "backend failure: frame back");

	/* Memory back: everything works, and a HAL can still be replaced
	 * (no user was counted by the failures). */
	tap_is(axvcpu_percpu_init(&mock_backend), 0, "percpu_init works");
	tap_is(axvcpu_percpu_fini(), 0, "fini");
	tap_is(axvcpu_hal_register(axvcpu_hosted_hal()), 0,
	       "failures left no HAL user behind");
	tap_is(axvcpu_hal_register(&counting), 0, "back to counting");
}

static void test_cpu_ids(void)
{
	/* A CPU id out of range is nobody's CPU. */
	atomic_store(&cpu_id, AXVCPU_MAX_CPUS);
	tap_is(axvcpu_percpu_init(&mock_backend), AXVCPU_EBADSTATE,
	       "percpu_init on CPU 64");
	tap_is(atomic_load(&frames_live), 0, "no frame taken");
	tap_ok(axvcpu_current() == 0, "no current vCPU on CPU 64");
	tap_ok(!axvcpu_percpu_is_enabled(), "CPU 64 not enabled");
	struct axvcpu *v = vcpu_in(&mock_backend, AXVCPU_STATE_FREE);
	tap_is(axvcpu_bind(v), AXVCPU_EBADSTATE, "bind on CPU 64");

	/* Bound on CPU 3, then the caller's id changes: wrong CPU. */
	atomic_store(&cpu_id, 3);
	tap_is(axvcpu_percpu_init(&mock_backend), 0, "percpu_init on CPU 3");
	tap_is(axvcpu_percpu_hardware_enable(), 0, "enable CPU 3");
	tap_is(axvcpu_bind(v), 0, "bind on CPU 3");
	atomic_store(&cpu_id, 1000);
	struct axvcpu_exit e;
	tap_is(axvcpu_run(v, &e), AXVCPU_EWRONGCPU, "run from CPU 1000");
	tap_is(axvcpu_unbind(v), AXVCPU_EWRONGCPU, "unbind from CPU 1000");
	tap_is(axvcpu_state(v), AXVCPU_STATE_READY, "still Ready");
	atomic_store(&cpu_id, 3);
	tap_is(axvcpu_run(v, &e), 0, "run from CPU 3");
	vcpu_free(v);
	percpu_down();
}

int main(void)
{
	test_no_hal();
	test_register();
	test_nomem();
	test_cpu_ids();
	tap_is(atomic_load(&frames_live), 0, "no frame leaked");
	return tap_done(0);
}
