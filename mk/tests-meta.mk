# Repository-level checks: examples compile and run, formatting, make
# install, the GCC build, layering, and a short run of every fuzz target
# (`make test` builds them all).
TESTS += $(sort $(wildcard tests/meta/t_*.sh))
DEB_PACKAGES += gcc clang-format pkg-config
test-build: fuzz
