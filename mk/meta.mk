# Repository-level checks: examples compile, formatting, make install.
TESTS += tests/meta/examples.sh tests/meta/format.sh tests/meta/install.sh \
	tests/meta/gcc.sh
DEB_PACKAGES += gcc clang-format pkg-config

# The fuzz targets are built by `make test` and each runs briefly.
TESTS += tests/meta/fuzz-smoke.sh tests/meta/example-kvm-hello.sh
test-build: fuzz
