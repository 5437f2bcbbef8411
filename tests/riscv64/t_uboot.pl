#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Boot Debian's S-mode U-Boot on the hypervisor and talk to it through the
# emulated 16550: stop autoboot, run `version`, write and read memory with
# `mw`/`md`, `cp.b` to RAM and to the CFI flash, compare `md` of the loaded
# image with the ELF file, `reset` (back to the banner, with RAM cleared),
# `poweroff`.
# TAP on stdout. usage: t_uboot.pl HV.elf UBOOT.elf [--time]
# With --time it prints only "prompt_seconds=<s>" (for make bench); HV.elf
# "native" boots U-Boot directly on QEMU instead, for comparison.
use strict;
use warnings;
use IPC::Open3;
use IO::Select;
use Time::HiRes qw(time);
use Symbol qw(gensym);

my ($hv, $uboot, $mode) = @ARGV;
my $timing = defined $mode && $mode eq '--time';
my @cmd = ('timeout', '-k', '5', '120', 'qemu-system-riscv64', '-M', 'virt',
	'-m', '512M', '-nographic', '-bios', 'default', '-monitor', 'none',
	'-serial', 'stdio', '-kernel', $hv eq 'native' ? $uboot : $hv);
my $t0 = time;
my $pid = open3(my $in, my $out, undef, @cmd);
$in->autoflush(1);
my $sel = IO::Select->new($out);
my $buf = '';
my $n = 0;
my $failed = 0;

sub ok {
	my ($cond, $name, $diag) = @_;
	$n++;
	$failed++ unless $cond;
	return if $timing;
	print(($cond ? "ok" : "not ok") . " $n - $name\n");
	print "#   $diag\n" if !$cond && defined $diag;
}

# Read until $re matches the output since the last wait, or the deadline.
sub wait_for {
	my ($re, $secs) = @_;
	my $end = time + $secs;
	while (time < $end) {
		if ($buf =~ $re) {
			my $got = $&;
			my $before = $`;
			$buf = $';
			return ($before . $got);
		}
		my @r = $sel->can_read(0.2);
		next unless @r;
		my $k = sysread($out, my $chunk, 4096);
		last unless $k;
		$chunk =~ s/\r//g;
		$buf .= $chunk;
	}
	return undef;
}

sub send_line {
	my ($s) = @_;
	# One byte at a time: the guest UART's FIFO holds 16.
	for my $c (split //, $s) {
		print $in $c;
		select(undef, undef, undef, 0.005);
	}
	print $in "\r";
}

# The first word U-Boot's image has at its load address, from the ELF.
sub elf_first_word {
	my ($path) = @_;
	open(my $f, '<:raw', $path) or return undef;
	local $/;
	my $d = <$f>;
	my ($phoff) = unpack('Q<', substr($d, 0x20, 8));
	my ($phentsize, $phnum) = unpack('S<S<', substr($d, 0x36, 4));
	for my $i (0 .. $phnum - 1) {
		my $ph = substr($d, $phoff + $i * $phentsize, $phentsize);
		my ($type, undef, $off, undef, $paddr) = unpack('L<L<Q<Q<Q<', $ph);
		next unless $type == 1;
		return (sprintf('%08x', unpack('L<', substr($d, $off, 4))),
			sprintf('%08x', $paddr));
	}
	return undef;
}

my $auto = wait_for(qr/Hit any key to stop autoboot/, 60);
print $in ' ' if defined $auto;
my $prompt = wait_for(qr/=> /, 30);
my $secs = time - $t0;
if ($timing) {
	printf "prompt_seconds=%.2f\n", $secs if defined $prompt;
	send_line('poweroff');
	wait_for(qr/powered off|poweroff \.\.\./, 20);
	kill('TERM', $pid);
	waitpid($pid, 0);
	exit(defined $prompt ? 0 : 1);
}
print "1..12\n";
ok(defined $auto, 'U-Boot banner and autoboot countdown through the emulated UART');
ok(defined $prompt, sprintf('U-Boot prompt reached (%.1f s)', $secs),
	"output: $buf");

send_line('version');
my $v = wait_for(qr/=> /, 20) // '';
ok($v =~ /U-Boot 20\d\d\.\d\d/, 'version answers with the U-Boot version', $v);

send_line('mw.l 80000000 c0ffee42');
wait_for(qr/=> /, 20);
send_line('md.l 80000000 1');
my $m = wait_for(qr/=> /, 20) // '';
ok($m =~ /80000000: c0ffee42/, 'mw/md round trip through guest RAM', $m);

# cp.b to RAM copies (U-Boot took every address for flash while the
# guest's device tree had no flash node: "Copy to Flash... Flash not
# Erased", nothing copied); to the CFI flash it programs.
send_line('mw.b 81000000 5a 20; cp.b 81000000 82000000 20; md.b 82000010 4');
my $cp = wait_for(qr/=> /, 20) // '';
ok($cp =~ /82000010: 5a 5a 5a 5a/ && $cp !~ /Flash/,
	'cp.b to RAM copies (no "Copy to Flash")', $cp);
send_line('cp.b 81000000 20000000 20; md.b 20000000 4');
my $fl = wait_for(qr/=> /, 20) // '';
ok($fl =~ /Copy to Flash\.\.\. done/ && $fl =~ /20000000: 5a 5a 5a 5a/,
	'cp.b to the CFI flash programs it', $fl);

my ($word, $addr) = elf_first_word($uboot);
send_line("md.l $addr 1");
my $img = wait_for(qr/=> /, 20) // '';
ok(defined $word && $img =~ /$addr: $word/,
	"md $addr shows the image's first word" . (defined $word ? " ($word)" : ''),
	$img);

# A reset is a reset, not a power-off: the hypervisor restarts the guest
# (images reloaded, RAM cleared) and U-Boot comes back to its prompt.
send_line('reset');
my $again = wait_for(qr/hv: reset: the guest starts over.*?U-Boot 20\d\d[^\n]*/s, 60);
ok(defined $again, 'reset restarts the guest: U-Boot banner again', $buf);
my $auto2 = wait_for(qr/Hit any key to stop autoboot/, 60);
print $in ' ' if defined $auto2;
my $prompt2 = wait_for(qr/=> /, 30);
ok(defined $prompt2, 'U-Boot prompt again after the reset', $buf);
send_line('md.l 80000000 1');
my $m2 = wait_for(qr/=> /, 20) // '';
ok($m2 =~ /80000000: / && $m2 !~ /c0ffee42/,
	'RAM written before the reset does not survive it', $m2);

send_line('poweroff');
my $off = wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
ok(defined $off, 'poweroff reaches the hypervisor as SystemDown', $buf);
kill('TERM', $pid) unless defined $off;
waitpid($pid, 0);
my $rc = $? >> 8;
ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($failed ? 1 : 0);
