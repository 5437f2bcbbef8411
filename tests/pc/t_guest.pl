#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Real guests nobody here wrote, on the PC hypervisor (AMD SVM under
# qemu-system-x86_64 TCG), checked through their serial console. TAP on
# stdout.
#   t_guest.pl HV.bin seabios CPUS BIOS.bin   banner, CPU count, "No bootable
#                                             device", reset back to the banner
#   t_guest.pl HV.bin uboot UBOOT.rom         prompt, version, mw/md, reset
#   t_guest.pl HV.bin linux VMLINUZ INITRD    shell on 2 vCPUs, nproc,
#                                             poweroff -f (ACPI S5)
#   t_guest.pl HV.bin memtest MEMTEST.bin     the first pass, no errors
# With --time as the last argument it prints only "<what>_seconds=<s>"
# (make bench); HV.bin "native" runs the guest straight on QEMU instead.
use strict;
use warnings;
use IPC::Open3;
use IO::Select;
use Time::HiRes qw(time);

my $timing = @ARGV && $ARGV[-1] eq '--time';
pop @ARGV if $timing;
my ($hv, $what, @rest) = @ARGV;
my ($cpus, @mods, $append, $limit) = (1);
if ($what eq 'seabios') {
	($cpus, my $bios) = @rest;
	@mods = ("$bios bios");
	$limit = 90;
} elsif ($what eq 'uboot') {
	@mods = ("$rest[0] bios");
	$limit = 120;
} elsif ($what eq 'linux') {
	$cpus = 2;
	@mods = ("$rest[0] kernel console=ttyS0 panic=-1 quiet", "$rest[1] initrd");
	$limit = 150;
} elsif ($what eq 'memtest') {
	@mods = ("$rest[0] kernel console=ttyS0");
	$append = 'mem=16';
	$limit = 600;
} else {
	die "usage: t_guest.pl HV.bin seabios|uboot|linux|memtest ...\n";
}
$append = join(' ', "cpus=$cpus", $append // ());
my @cmd = ('timeout', '-k', '5', $limit, 'qemu-system-x86_64', '-accel',
	'tcg', '-cpu', 'qemu64,+svm,+npt', '-m', '1G', '-smp', $cpus,
	'-nographic', '-monitor', 'none', '-serial', 'stdio', '-device',
	'isa-debug-exit,iobase=0xf4,iosize=4', '-no-reboot');
if ($hv eq 'native') {
	# The same guest straight on QEMU, for comparison (make bench).
	my ($file, $kind, @args) = split / /, $mods[0];
	if ($kind eq 'bios') {
		push @cmd, '-bios', $file;
	} else {
		push @cmd, '-kernel', $file, '-append', join(' ', @args);
		push @cmd, '-initrd', (split / /, $mods[1])[0] if @mods > 1;
	}
} else {
	push @cmd, '-kernel', $hv, '-append', $append, '-initrd',
		join(',', @mods);
}
my $t0 = time;
my $pid = open3(my $in, my $out, undef, @cmd);
$in->autoflush(1);
my $sel = IO::Select->new($out);
my ($buf, $all, $n, $failed) = ('', '', 0, 0);

sub ok {
	my ($cond, $name, $diag) = @_;
	$n++;
	$failed++ unless $cond;
	return if $timing;
	print(($cond ? "ok" : "not ok") . " $n - $name\n");
	print "#   $diag\n" if !$cond && defined $diag;
}

# Read until $re matches the output since the last match, or the deadline.
sub wait_for {
	my ($re, $secs) = @_;
	my $end = time + $secs;
	while (time < $end) {
		if ($buf =~ $re) {
			my $got = $`. $&;
			$buf = $';
			return $got;
		}
		my @r = $sel->can_read(0.2);
		next unless @r;
		my $k = sysread($out, my $chunk, 4096);
		last unless $k;
		$chunk =~ s/\r//g;
		$buf .= $chunk;
		$all .= $chunk;
	}
	return undef;
}

sub send_line {
	my ($s) = @_;
	# One byte at a time: the guest UART's FIFO holds 16.
	for my $c (split //, $s) {
		print $in $c;
		select(undef, undef, undef, 0.01);
	}
	print $in "\r";
}

sub tail_diag {
	my @l = split /\n/, $all;
	splice(@l, 0, @l - 8) if @l > 8;
	return join("\n#   ", @l);
}

sub done {
	kill 'TERM', $pid;
	waitpid($pid, 0);
	print "1..$n\n" unless $timing;
	exit($failed ? 1 : 0);
}

if ($what eq 'seabios') {
	my $got = wait_for(qr/SeaBIOS \(version [^)]*\)/, $limit);
	ok(defined $got, "SeaBIOS prints its banner on $cpus vCPU(s)", tail_diag());
	done() unless defined $got;
	$got = wait_for(qr/Found (\d+) cpu\(s\)/, 30);
	my ($found) = defined $got ? $got =~ /Found (\d+) cpu/ : (0);
	ok($found == $cpus, "SeaBIOS counts $cpus CPU(s) (INIT/SIPI through the local APIC)",
		"found $found");
	$got = wait_for(qr/No bootable device\./, $limit);
	ok(defined $got, "SeaBIOS reaches 'No bootable device.'", tail_diag());
	if ($timing) {
		printf "seabios_seconds=%.2f\n", time - $t0;
		done();
	}
	done() if $cpus > 1; # the reset is checked once, on 1 vCPU
	# It reboots through 0xcf9 after 60 s: back to the banner.
	$got = wait_for(qr/SeaBIOS \(version/, 80);
	ok(defined $got, "its reset through 0xcf9 restarts it", tail_diag());
	done();
}

if ($what eq 'uboot') {
	my $got = wait_for(qr/Hit any key to stop autoboot/, $limit);
	ok(defined $got, "U-Boot counts down to autoboot", tail_diag());
	done() unless defined $got;
	print $in " ";
	$got = wait_for(qr/=> $/m, 30);
	ok(defined $got, "a key stops it at the prompt", tail_diag());
	done() unless defined $got;
	if ($timing) {
		printf "uboot_seconds=%.2f\n", time - $t0;
		done();
	}
	send_line('version');
	$got = wait_for(qr/=> $/m, 20);
	ok(defined $got && $got =~ /U-Boot 20\d\d/, "'version' answers", $got);
	send_line('mw.l 200000 12345678 4; md.l 200000 4');
	$got = wait_for(qr/=> $/m, 20);
	ok(defined $got && $got =~ /00200000: 12345678 12345678 12345678 12345678/,
		"mw/md through guest RAM", $got);
	send_line('reset');
	$got = wait_for(qr/U-Boot SPL/, 60);
	ok(defined $got, "'reset' (0xcf9) brings it back to its banner", tail_diag());
	$got = wait_for(qr/Hit any key to stop autoboot/, 60);
	print $in " " if defined $got;
	$got = defined $got ? wait_for(qr/=> $/m, 30) : undef;
	send_line('md.l 200000 1') if defined $got;
	$got = defined $got ? wait_for(qr/=> $/m, 20) : undef;
	ok(defined $got && $got =~ /00200000: 00000000/,
		"RAM is cleared by the reset", $got // tail_diag());
	done();
}

if ($what eq 'linux') {
	my $got = wait_for(qr/axvcpu-linux: init on (\d+) CPU/, $limit);
	ok(defined $got, "Debian's kernel runs the initramfs's /init", tail_diag());
	done() unless defined $got;
	if ($timing) {
		printf "linux_seconds=%.2f\n", time - $t0;
		done();
	}
	# ash's prompt, then its cursor-position query (ESC [6n).
	$got = wait_for(qr/^\/ # /m, 30);
	ok(defined $got, "a shell prompt", tail_diag());
	send_line('nproc');
	$got = wait_for(qr/^(\d+)$/m, 30);
	ok(defined $got && $got =~ /^2$/m, "nproc says 2", $got // tail_diag());
	send_line('poweroff -f');
	my $end = time + 60;
	while (time < $end && waitpid($pid, 1) == 0) {
		wait_for(qr/\n/, 0.5);
	}
	# isa-debug-exit: (status << 1) | 1, status 0 = powered off.
	my $rc = $? >> 8;
	ok($rc == 1, "poweroff -f ends the VM (ACPI S5): hypervisor status 0",
		"QEMU status $rc");
	print "1..$n\n" unless $timing;
	exit($failed ? 1 : 0);
}

if ($what eq 'memtest') {
	my $got = wait_for(qr/Memtest86\+ v[0-9.]+/, 120);
	ok(defined $got, "memtest86+ starts", tail_diag());
	done() unless defined $got;
	$got = wait_for(qr/Status: Pass/, $limit);
	(my $screen = $all) =~ s/\e\[[0-9;?]*[a-zA-Z]/\n/g;
	my @errs = $screen =~ /Errors: *(\d+)/g;
	ok(defined $got, "its first pass completes", tail_diag());
	ok(@errs && !grep({ $_ != 0 } @errs), "with no errors",
		"error counts seen: @errs");
	printf "memtest_seconds=%.2f\n", time - $t0 if $timing;
	done();
}
