#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Boot Debian's arm64 kernel with the project's busybox initramfs on the
# aarch64 hypervisor with 2 vCPUs, and type at its shell through the
# emulated PL011: `nproc` (2), `cat /proc/interrupts` twice (the timer and
# the UART count up), `poweroff -f` (PSCI SYSTEM_OFF: SystemDown, QEMU
# exits 0). TAP on stdout. usage: t_linux.pl HV.elf [--time]
# With --time it prints only "shell_seconds=<s>" (for make bench); then
# HV.elf "native:KERNEL:INITRD" boots the same kernel and initramfs
# directly on QEMU (same CPUs, memory, command line) for comparison.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use Guest;

my ($hv, $mode) = @ARGV;
my $timing = defined $mode && $mode eq '--time';
my @qemu = ('timeout', '-k', '5', '180', 'qemu-system-aarch64', '-M',
	'virt,virtualization=on,gic-version=3', '-cpu', 'max,pauth-impdef=on',
	'-smp', '2', '-nographic', '-monitor', 'none', '-serial', 'stdio',
	'-semihosting');
my @cmd;
if ($hv =~ /^native:([^:]+):(.+)$/) {
	@cmd = (@qemu, '-m', '512M', '-kernel', $1, '-initrd', $2,
		'-append', 'console=ttyAMA0');
} else {
	@cmd = (@qemu, '-m', '1G', '-kernel', $hv);
}
my $g = Guest->spawn(quiet => $timing, delay => 0.01, cmd => \@cmd);

# The sum of a /proc/interrupts line's per-CPU counts, by its name.
sub irq_count {
	my ($text, $re) = @_;
	for my $l (split /\n/, $text) {
		next unless $l =~ $re;
		my @f = split ' ', $l;
		shift @f;
		my $sum = 0;
		for my $x (@f) {
			last unless $x =~ /^\d+$/;
			$sum += $x;
		}
		return $sum;
	}
	return undef;
}

my $ready = $g->wait_for(qr/axvcpu-guest: init ready/, 150);
my $secs = $g->elapsed;
my $prompt = defined $ready ? $g->wait_for(qr/# /, 30) : undef;
if ($timing) {
	printf "shell_seconds=%.2f\n", $secs if defined $ready;
	$g->send_line('poweroff -f');
	$g->wait_for(qr/powered off|reboot: Power down/, 30);
	$g->finish(kill => 1);
	exit(defined $ready ? 0 : 1);
}
print "1..8\n";
$g->ok(defined $ready, sprintf('Linux ran /init from the initramfs (%.1f s)', $secs),
	"output: " . $g->buf);
$g->ok(defined $prompt, 'busybox shell prompt on the emulated PL011');

$g->send_line('nproc');
my $np = $g->wait_for(qr/\n(\d+)\n[^\n]*# /, 30) // '';
$g->ok($np =~ /\n2\n/, 'nproc says 2', $np);

$g->send_line('cat /proc/interrupts');
my $i1 = $g->wait_for(qr/Err:[^\n]*\n[^\n]*# /, 30) // '';
select(undef, undef, undef, 1.0);
$g->send_line('cat /proc/interrupts');
my $i2 = $g->wait_for(qr/Err:[^\n]*\n[^\n]*# /, 30) // '';
my ($t1, $t2) = (irq_count($i1, qr/arch_timer/), irq_count($i2, qr/arch_timer/));
my ($u1, $u2) = (irq_count($i1, qr/pl011|uart-pl011/),
	irq_count($i2, qr/pl011|uart-pl011/));
my ($s1, $s2) = (irq_count($i1, qr/^\s*IPI0:/), irq_count($i2, qr/^\s*IPI0:/));
$g->ok(defined $t1 && defined $t2 && $t2 > $t1,
	'the virtual timer interrupt counts up (' . ($t1 // '?') . ' -> ' .
	($t2 // '?') . ')', $i2);
$g->ok(defined $u1 && defined $u2 && $u2 > $u1,
	'the UART interrupt counts up (' . ($u1 // '?') . ' -> ' .
	($u2 // '?') . ')', $i2);
$g->ok(defined $s2 && $s2 > 0, 'rescheduling IPIs (SGIs between vCPUs) delivered ('
	. ($s2 // '?') . ')', $i2);

$g->send_line('poweroff -f');
my $off = $g->wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
$g->ok(defined $off, 'poweroff -f reaches the hypervisor as SystemDown', $g->buf);
my $rc = $g->finish(kill => !defined $off);
$g->ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($g->failed ? 1 : 0);
