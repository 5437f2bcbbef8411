#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Boot Debian's U-Boot (qemu_arm64, unmodified) on the aarch64 hypervisor
# with 2 CPUs and talk to it through the emulated PL011: stop autoboot,
# run `version`, write and read guest RAM with `mw`/`md`, compare `md` of
# its flash with u-boot.bin, `reset` (PSCI SYSTEM_RESET: the VM starts
# over, RAM cleared), `poweroff` (PSCI SYSTEM_OFF: SystemDown).
# TAP on stdout. usage: t_uboot.pl HV.elf UBOOT.bin [--time]
# With --time it prints only "prompt_seconds=<s>" (for make bench); HV.elf
# "native" boots U-Boot directly on QEMU (-bios) instead, for comparison.
use strict;
use warnings;
use IPC::Open3;
use IO::Select;
use Time::HiRes qw(time);

my ($hv, $uboot, $mode) = @ARGV;
my $timing = defined $mode && $mode eq '--time';
my @qemu = ('timeout', '-k', '5', '120', 'qemu-system-aarch64', '-M',
	'virt,virtualization=on,gic-version=3', '-cpu', 'max,pauth-impdef=on',
	'-smp', '2', '-m', '1G', '-nographic', '-monitor', 'none',
	'-serial', 'stdio', '-semihosting');
my @cmd = $hv eq 'native' ? (@qemu, '-bios', $uboot) : (@qemu, '-kernel', $hv);
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
	# One byte at a time: the guest UART's FIFO is small.
	for my $c (split //, $s) {
		print $in $c;
		select(undef, undef, undef, 0.005);
	}
	print $in "\r";
}

# The first word of u-boot.bin, as `md.l 0 1` prints it.
sub first_word {
	my ($path) = @_;
	open(my $f, '<:raw', $path) or return undef;
	read($f, my $d, 4) == 4 or return undef;
	return sprintf('%08x', unpack('L<', $d));
}

my $auto = wait_for(qr/Hit any key to stop autoboot/, 60);
print $in ' ' if defined $auto;
my $prompt = wait_for(qr/=> /, 30);
my $secs = time - $t0;
if ($timing) {
	printf "prompt_seconds=%.2f\n", $secs if defined $prompt;
	send_line('poweroff');
	wait_for(qr/powered off|poweroff/, 20);
	kill('TERM', $pid);
	waitpid($pid, 0);
	exit(defined $prompt ? 0 : 1);
}
print "1..9\n";
ok(defined $auto, 'U-Boot banner and autoboot countdown through the emulated PL011');
ok(defined $prompt, sprintf('U-Boot prompt reached (%.1f s)', $secs),
	"output: $buf");

send_line('version');
my $v = wait_for(qr/=> /, 20) // '';
ok($v =~ /U-Boot 20\d\d\.\d\d/, 'version answers with the U-Boot version', $v);

send_line('mw.l 40000000 c0ffee42');
wait_for(qr/=> /, 20);
send_line('md.l 40000000 1');
my $m = wait_for(qr/=> /, 20) // '';
ok($m =~ /40000000: c0ffee42/, 'mw/md round trip through guest RAM', $m);

my $word = first_word($uboot);
send_line('md.l 0 1');
my $img = wait_for(qr/=> /, 20) // '';
ok(defined $word && $img =~ /00000000: $word/,
	"md 0 shows the flash image's first word" . (defined $word ? " ($word)" : ''),
	$img);

# PSCI SYSTEM_RESET: the VM resets (devices, RAM, vCPUs, images back)
# and U-Boot starts over from its flash.
send_line('mw.l 41000000 12345678');
wait_for(qr/=> /, 20);
send_line('reset');
my $again = wait_for(qr/Hit any key to stop autoboot/, 60);
my $before = defined $again ? $again : $buf;
print $in ' ' if defined $again;
ok(defined $again && $before =~ /hv: reset: the guest starts over/ &&
	$before =~ /U-Boot 20\d\d/,
	'reset is a SystemReset: the VM restarts U-Boot', $before);
wait_for(qr/=> /, 30);
send_line('md.l 41000000 1');
$m = wait_for(qr/=> /, 20) // '';
ok($m =~ /41000000: 00000000/,
	'guest RAM was cleared by the reset', $m);

send_line('poweroff');
my $off = wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
ok(defined $off, 'poweroff reaches the hypervisor as SystemDown', $buf);
kill('TERM', $pid) unless defined $off;
waitpid($pid, 0);
my $rc = $? >> 8;
ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($failed ? 1 : 0);
