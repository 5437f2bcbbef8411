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
use IPC::Open3;
use IO::Select;
use Time::HiRes qw(time);
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
my $t0 = time;
my $pid = open3(my $in, my $out, undef, 'timeout', '-k', '5', '150', @qemu);
$in->autoflush(1);
my $sel = IO::Select->new($out);
my $buf = '';
my $all = '';
my $n = 0;
my $failed = 0;

sub ok {
	my ($cond, $name, $diag) = @_;
	$n++;
	$failed++ unless $cond;
	print(($cond ? "ok" : "not ok") . " $n - $name\n");
	if (!$cond && defined $diag) {
		$diag =~ s/^/#   /mg;
		print "$diag\n";
	}
}

# Read until $re matches the output since the last match, or the deadline.
sub wait_for {
	my ($re, $secs) = @_;
	my $end = time + $secs;
	while (1) {
		if ($buf =~ $re) {
			my $got = $` . $&;
			$buf = $';
			return $got;
		}
		last if time >= $end;
		my @r = $sel->can_read(0.1);
		next unless @r;
		my $k = sysread($out, my $chunk, 65536);
		last unless $k;
		$chunk =~ s/\r//g;
		$buf .= $chunk;
		$all .= $chunk;
	}
	return undef;
}

# A command line, and its output up to the next prompt.
sub run {
	my ($cmd, $secs) = @_;
	for my $c (split //, $cmd) {
		print $in $c;
		select(undef, undef, undef, 0.002);
	}
	print $in "\r";
	return wait_for(qr/\n# /, $secs // 30);
}

my $boot = wait_for($marker, 120);
END { if ($ENV{T_LINUX_LOG}) { open(my $l, ">", $ENV{T_LINUX_LOG}); print $l $all; close $l; } }
my $secs = time - $t0;
if ($timing) {
	printf "marker_seconds=%.2f\n", $secs if defined $boot;
	wait_for(qr/\n# /, 10);
	run('poweroff -f', 20);
	wait_for(qr/hv: exit stats.*?\n(?:hv: exit .*\n)*/s, 10) if $hv ne 'native';
	for (split /\n/, $all) {
		print "$1\n" if /^(hv: exit .*)/;
	}
	kill('TERM', $pid);
	waitpid($pid, 0);
	exit(defined $boot ? 0 : 1);
}

print "1..11\n";
my ($cpus) = defined $boot ? $boot =~ $marker : ();
ok(($cpus // 0) == 2,
	sprintf('init prints its marker with 2 CPUs online (%.1f s)', $secs),
	"last output:\n" . substr($all, -1500));
ok($all =~ /earlycon: sbi0 at I\/O port/ && $all =~ /Linux version 6\./,
	'earlycon=sbi shows the early kernel messages through the SBI console');
ok($all =~ /ttyS0 at MMIO 0x10000000 \(irq = (\d+)/ && $1 > 0,
	'the 8250 gets an interrupt from the PLIC (not polled)',
	join("\n", grep { /ttyS0|8250/ } split /\n/, $all));
wait_for(qr/\n# /, 10);

my $np = run('nproc') // '';
ok($np =~ /^2$/m, 'nproc says 2', $np);

my $irq = run('cat /proc/interrupts') // '';
my ($uart) = $irq =~ /^\s*\d+:\s+(\d+)\s+(\d+)\s+SiFive PLIC\s+10\s.*ttyS0/m
	? ($1 + $2) : (0);
ok($uart > 0, "the PLIC's UART line (source 10) counts ($uart)", $irq);
my ($t0c, $t1c) = $irq =~ /^\s*\d+:\s+(\d+)\s+(\d+)\s+RISC-V INTC\s+5\s.*riscv-timer/m;
ok(defined $t1c && $t0c > 0 && $t1c > 0,
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
ok(@sums == 2 && $sums[0] eq $want && $sums[1] eq $want,
	'two parallel md5sum of 28 MiB in /dev/shm agree with the host', $job);
my $irq2 = run('cat /proc/interrupts') // '';
my ($f0, $f1) = $irq2 =~ /^\s*IPI1:\s+(\d+)\s+(\d+)/m;
ok(defined $f1 && $f0 > 0 && $f1 > 0,
	'function-call IPIs on both harts (' . ($f0 // '?') . ', ' . ($f1 // '?')
	. ')', $irq2);

run('poweroff -f', 20);
my $off = wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
ok(defined $off, 'poweroff -f reaches the hypervisor as SystemDown',
	substr($all, -800));
wait_for(qr/hv: exit SystemDown[^\n]*\n/, 10);
my ($ipi) = $all =~ /hv: exit SendIPI count=(\d+)/;
my ($fence) = $all =~ /hv: exit RemoteFence count=(\d+)/;
ok(($ipi // 0) > 0 && ($fence // 0) > 0,
	'SBI IPIs and remote fences went through the VM (' . ($ipi // 0)
	. ' SendIPI, ' . ($fence // 0) . ' RemoteFence exits)',
	join("\n", grep { /^hv: / } split /\n/, $all));
kill('TERM', $pid) unless defined $off;
waitpid($pid, 0);
my $rc = $? >> 8;
ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($failed ? 1 : 0);
