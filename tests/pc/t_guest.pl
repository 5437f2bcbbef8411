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
use FindBin;
use lib "$FindBin::Bin/../lib";
use Guest;
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
my $g = Guest->spawn(quiet => $timing, delay => 0.01, cmd => \@cmd);

# The console's last 8 lines.
sub tail_diag {
	my @l = split /\n/, $g->all;
	splice(@l, 0, @l - 8) if @l > 8;
	return join("\n", @l);
}

sub done {
	$g->finish(kill => 1);
	print "1..", $g->count, "\n" unless $timing;
	exit($g->failed ? 1 : 0);
}

if ($what eq 'seabios') {
	my $got = $g->wait_for(qr/SeaBIOS \(version [^)]*\)/, $limit);
	$g->ok(defined $got, "SeaBIOS prints its banner on $cpus vCPU(s)", tail_diag());
	done() unless defined $got;
	$got = $g->wait_for(qr/Found (\d+) cpu\(s\)/, 30);
	my ($found) = defined $got ? $got =~ /Found (\d+) cpu/ : (0);
	$g->ok($found == $cpus, "SeaBIOS counts $cpus CPU(s) (INIT/SIPI through the local APIC)",
		"found $found");
	$got = $g->wait_for(qr/No bootable device\./, $limit);
	$g->ok(defined $got, "SeaBIOS reaches 'No bootable device.'", tail_diag());
	if ($timing) {
		printf "seabios_seconds=%.2f\n", $g->elapsed;
		done();
	}
	done() if $cpus > 1; # the reset is checked once, on 1 vCPU
	# It reboots through 0xcf9 after 60 s: back to the banner.
	$got = $g->wait_for(qr/SeaBIOS \(version/, 80);
	$g->ok(defined $got, "its reset through 0xcf9 restarts it", tail_diag());
	done();
}

if ($what eq 'uboot') {
	my $got = $g->wait_for(qr/Hit any key to stop autoboot/, $limit);
	$g->ok(defined $got, "U-Boot counts down to autoboot", tail_diag());
	done() unless defined $got;
	$g->send(" ");
	$got = $g->wait_for(qr/=> $/m, 30);
	$g->ok(defined $got, "a key stops it at the prompt", tail_diag());
	done() unless defined $got;
	if ($timing) {
		printf "uboot_seconds=%.2f\n", $g->elapsed;
		done();
	}
	$g->send_line('version');
	$got = $g->wait_for(qr/=> $/m, 20);
	$g->ok(defined $got && $got =~ /U-Boot 20\d\d/, "'version' answers", $got);
	$g->send_line('mw.l 200000 12345678 4; md.l 200000 4');
	$got = $g->wait_for(qr/=> $/m, 20);
	$g->ok(defined $got && $got =~ /00200000: 12345678 12345678 12345678 12345678/,
		"mw/md through guest RAM", $got);
	$g->send_line('reset');
	$got = $g->wait_for(qr/U-Boot SPL/, 60);
	$g->ok(defined $got, "'reset' (0xcf9) brings it back to its banner", tail_diag());
	$got = $g->wait_for(qr/Hit any key to stop autoboot/, 60);
	$g->send(" ") if defined $got;
	$got = defined $got ? $g->wait_for(qr/=> $/m, 30) : undef;
	$g->send_line('md.l 200000 1') if defined $got;
	$got = defined $got ? $g->wait_for(qr/=> $/m, 20) : undef;
	$g->ok(defined $got && $got =~ /00200000: 00000000/,
		"RAM is cleared by the reset", $got // tail_diag());
	done();
}

if ($what eq 'linux') {
	my $got = $g->wait_for(qr/axvcpu-linux: init on (\d+) CPU/, $limit);
	$g->ok(defined $got, "Debian's kernel runs the initramfs's /init", tail_diag());
	done() unless defined $got;
	if ($timing) {
		printf "linux_seconds=%.2f\n", $g->elapsed;
		done();
	}
	# ash's prompt, then its cursor-position query (ESC [6n).
	$got = $g->wait_for(qr/^\/ # /m, 30);
	$g->ok(defined $got, "a shell prompt", tail_diag());
	$g->send_line('nproc');
	$got = $g->wait_for(qr/^(\d+)$/m, 30);
	$g->ok(defined $got && $got =~ /^2$/m, "nproc says 2", $got // tail_diag());
	$g->send_line('poweroff -f');
	my $end = time + 60;
	while (time < $end && $g->running) {
		$g->wait_for(qr/\n/, 0.5);
	}
	# isa-debug-exit: (status << 1) | 1, status 0 = powered off.
	my $rc = $g->finish(kill => 1);
	$g->ok($rc == 1, "poweroff -f ends the VM (ACPI S5): hypervisor status 0",
		"QEMU status $rc");
	print "1..", $g->count, "\n" unless $timing;
	exit($g->failed ? 1 : 0);
}

if ($what eq 'memtest') {
	my $got = $g->wait_for(qr/Memtest86\+ v[0-9.]+/, 120);
	$g->ok(defined $got, "memtest86+ starts", tail_diag());
	done() unless defined $got;
	$got = $g->wait_for(qr/Status: Pass/, $limit);
	(my $screen = $g->all) =~ s/\e\[[0-9;?]*[a-zA-Z]/\n/g;
	my @errs = $screen =~ /Errors: *(\d+)/g;
	$g->ok(defined $got, "its first pass completes", tail_diag());
	$g->ok(@errs && !grep({ $_ != 0 } @errs), "with no errors",
		"error counts seen: @errs");
	printf "memtest_seconds=%.2f\n", $g->elapsed if $timing;
	done();
}
