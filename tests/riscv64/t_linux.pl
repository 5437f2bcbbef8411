#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Boot Debian's riscv64 Linux with a busybox initramfs on the hypervisor
# (2 vCPUs, the 16550 interrupt-driven through the virtual PLIC, earlycon
# through the SBI debug console) and use it: nproc, /proc/interrupts (the
# PLIC's UART line and the timer on both harts), two md5sum of a 28 MiB
# file in /dev/shm in parallel (CPU and memory on both harts, checked
# sums), poweroff -f (SystemDown, QEMU status 0). TAP on stdout.
# usage: t_linux.pl HV.elf
#        t_linux.pl --time HV.elf|native KERNEL INITRD
# --time prints "marker_seconds=<s>" (QEMU start to the init's marker line)
# and the hypervisor's exit statistics, for make bench; "native" boots the
# same kernel and initramfs directly on QEMU (same CPUs and guest RAM).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use Guest;
use Digest::MD5 qw(md5_hex);

$| = 1;
$SIG{PIPE} = 'IGNORE';
my $timing = @ARGV && $ARGV[0] eq '--time';
shift @ARGV if $timing;
my ($hv, $kernel, $initrd) = @ARGV;
my $marker = qr/axvcpu-guest: init ready, (\d+) CPUs online/;
my @qemu = ('qemu-system-riscv64', '-M', 'virt', '-smp', '2', '-nographic',
	'-bios', 'default', '-monitor', 'none', '-serial', 'stdio');
if ($hv eq 'native') {
	push @qemu, '-m', '256M', '-kernel', $kernel, '-initrd', $initrd,
		'-append', 'console=ttyS0 earlycon=sbi';
} else {
	push @qemu, '-m', '1G', '-kernel', $hv;
}
my $g = Guest->spawn(delay => 0.002,
	cmd => ['timeout', '-k', '5', '150', @qemu]);

# A command line, and its output up to the next prompt.
sub run {
	my ($cmd, $secs) = @_;
	$g->send_line($cmd);
	return $g->wait_for(qr/\n# /, $secs // 30);
}

my $boot = $g->wait_for($marker, 120);
END { if ($ENV{T_LINUX_LOG}) { open(my $l, ">", $ENV{T_LINUX_LOG}); print $l $g->all; close $l; } }
my $secs = $g->elapsed;
if ($timing) {
	printf "marker_seconds=%.2f\n", $secs if defined $boot;
	$g->wait_for(qr/\n# /, 10);
	run('poweroff -f', 20);
	$g->wait_for(qr/hv: exit stats.*?\n(?:hv: exit .*\n)*/s, 10) if $hv ne 'native';
	for (split /\n/, $g->all) {
		print "$1\n" if /^(hv: exit .*)/;
	}
	$g->finish(kill => 1);
	exit(defined $boot ? 0 : 1);
}

print "1..11\n";
my ($cpus) = defined $boot ? $boot =~ $marker : ();
$g->ok(($cpus // 0) == 2,
	sprintf('init prints its marker with 2 CPUs online (%.1f s)', $secs),
	"last output:\n" . substr($g->all, -1500));
$g->ok($g->all =~ /earlycon: sbi0 at I\/O port/ && $g->all =~ /Linux version 6\./,
	'earlycon=sbi shows the early kernel messages through the SBI console');
$g->ok($g->all =~ /ttyS0 at MMIO 0x10000000 \(irq = (\d+)/ && $1 > 0,
	'the 8250 gets an interrupt from the PLIC (not polled)',
	join("\n", grep { /ttyS0|8250/ } split /\n/, $g->all));
$g->wait_for(qr/\n# /, 10);

my $np = run('nproc') // '';
$g->ok($np =~ /^2$/m, 'nproc says 2', $np);

my $irq = run('cat /proc/interrupts') // '';
my ($uart) = $irq =~ /^\s*\d+:\s+(\d+)\s+(\d+)\s+SiFive PLIC\s+10\s.*ttyS0/m
	? ($1 + $2) : (0);
$g->ok($uart > 0, "the PLIC's UART line (source 10) counts ($uart)", $irq);
my ($t0c, $t1c) = $irq =~ /^\s*\d+:\s+(\d+)\s+(\d+)\s+RISC-V INTC\s+5\s.*riscv-timer/m;
$g->ok(defined $t1c && $t0c > 0 && $t1c > 0,
	'the timer interrupt counts on both harts (' . ($t0c // '?') . ', '
	. ($t1c // '?') . ')', $irq);

# 28 MiB of a known pattern (a line doubled 22 times: big writes, where
# busybox yes would make millions of small ones), summed twice at once
# (one md5sum per hart).
my $want = md5_hex("axvcpu\n" x (1 << 22));
run('cd /dev/shm; printf "axvcpu\n" > big; for i in $(seq 22); do '
	. 'cat big big > t; mv t big; done; cd /', 60);
my $job = run('md5sum /dev/shm/big > /tmp/a & md5sum /dev/shm/big > /tmp/b & '
	. 'wait; cat /tmp/a /tmp/b', 120) // '';
my @sums = $job =~ /^([0-9a-f]{32})\s/mg;
$g->ok(@sums == 2 && $sums[0] eq $want && $sums[1] eq $want,
	'two parallel md5sum of 28 MiB in /dev/shm agree with the host', $job);
my $irq2 = run('cat /proc/interrupts') // '';
my ($f0, $f1) = $irq2 =~ /^\s*IPI1:\s+(\d+)\s+(\d+)/m;
$g->ok(defined $f1 && $f0 > 0 && $f1 > 0,
	'function-call IPIs on both harts (' . ($f0 // '?') . ', ' . ($f1 // '?')
	. ')', $irq2);

run('poweroff -f', 20);
my $off = $g->wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
$g->ok(defined $off, 'poweroff -f reaches the hypervisor as SystemDown',
	substr($g->all, -800));
$g->wait_for(qr/hv: exit SystemDown[^\n]*\n/, 10);
my ($ipi) = $g->all =~ /hv: exit SendIPI count=(\d+)/;
my ($fence) = $g->all =~ /hv: exit RemoteFence count=(\d+)/;
$g->ok(($ipi // 0) > 0 && ($fence // 0) > 0,
	'SBI IPIs and remote fences went through the VM (' . ($ipi // 0)
	. ' SendIPI, ' . ($fence // 0) . ' RemoteFence exits)',
	join("\n", grep { /^hv: / } split /\n/, $g->all));
my $rc = $g->finish(kill => !defined $off);
$g->ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($g->failed ? 1 : 0);
