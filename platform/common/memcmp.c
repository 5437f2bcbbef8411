/* SPDX-License-Identifier: Apache-2.0 */
/* memcmp, which the compiler may call even in freestanding code. */
#include <stddef.h>

int memcmp(const void *a, const void *b, size_t n);

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}
