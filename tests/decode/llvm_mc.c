/* SPDX-License-Identifier: Apache-2.0 */
/* One llvm-mc run on a batch of words (llvm_mc.h). */
#define _GNU_SOURCE
#include "llvm_mc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void llvm_mc_err(char *err, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
}

static int write_input(const char *path, const uint32_t *words, size_t n,
		       unsigned (*len)(uint32_t word))
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint32_t w = words[i];
		unsigned bytes = len(w);
		for (unsigned b = 0; b < bytes; b++)
			fprintf(f, "0x%02x%c", (w >> (8 * b)) & 0xffu,
				b + 1 < bytes ? ' ' : '\n');
	}
	return fclose(f);
}

int llvm_mc_run(const char *args, const uint32_t *words, size_t n,
		unsigned (*len)(uint32_t word), llvm_mc_parse_fn parse,
		void *ctx, char *err, size_t errsize)
{
	const char *mc = getenv("LLVM_MC");
	const char *tmp = getenv("TMPDIR");
	char dir[256], in[300], so[300], se[300], cmd[1200];
	int rc = -1, status;

	if (!mc || !*mc)
		mc = "llvm-mc";
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/axvcpu-oracle-XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		llvm_mc_err(err, errsize, "mkdtemp in %s failed", tmp);
		return -1;
	}
	snprintf(in, sizeof(in), "%s/in.txt", dir);
	snprintf(so, sizeof(so), "%s/out.txt", dir);
	snprintf(se, sizeof(se), "%s/err.txt", dir);
	if (write_input(in, words, n, len) != 0) {
		llvm_mc_err(err, errsize, "cannot write %s", in);
		goto out;
	}
	snprintf(cmd, sizeof(cmd), "'%s' %s < '%s' > '%s' 2> '%s'", mc, args,
		 in, so, se);
	status = system(cmd);
	if (status != 0) {
		llvm_mc_err(err, errsize,
			    "'%s' failed (status %d); is it installed?", cmd,
			    status);
		goto out;
	}
	rc = parse(so, se, ctx, err, errsize);
out:
	unlink(in);
	unlink(so);
	unlink(se);
	rmdir(dir);
	return rc;
}
