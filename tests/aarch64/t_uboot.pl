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
use FindBin;
use lib "$FindBin::Bin/../lib";
use Guest;

my ($hv, $uboot, $mode) = @ARGV;
my $timing = defined $mode && $mode eq '--time';
my @qemu = ('timeout', '-k', '5', '120', 'qemu-system-aarch64', '-M',
	'virt,virtualization=on,gic-version=3', '-cpu', 'max,pauth-impdef=on',
	'-smp', '2', '-m', '1G', '-nographic', '-monitor', 'none',
	'-serial', 'stdio', '-semihosting');
my $g = Guest->spawn(quiet => $timing, cmd => [$hv eq 'native'
	? (@qemu, '-bios', $uboot) : (@qemu, '-kernel', $hv)]);

# The first word of u-boot.bin, as `md.l 0 1` prints it.
sub first_word {
	my ($path) = @_;
	open(my $f, '<:raw', $path) or return undef;
	read($f, my $d, 4) == 4 or return undef;
	return sprintf('%08x', unpack('L<', $d));
}

my $auto = $g->wait_for(qr/Hit any key to stop autoboot/, 60);
$g->send(' ') if defined $auto;
my $prompt = $g->wait_for(qr/=> /, 30);
my $secs = $g->elapsed;
if ($timing) {
	printf "prompt_seconds=%.2f\n", $secs if defined $prompt;
	$g->send_line('poweroff');
	$g->wait_for(qr/powered off|poweroff/, 20);
	$g->finish(kill => 1);
	exit(defined $prompt ? 0 : 1);
}
print "1..9\n";
$g->ok(defined $auto, 'U-Boot banner and autoboot countdown through the emulated PL011');
$g->ok(defined $prompt, sprintf('U-Boot prompt reached (%.1f s)', $secs),
	"output: " . $g->buf);

$g->send_line('version');
my $v = $g->wait_for(qr/=> /, 20) // '';
$g->ok($v =~ /U-Boot 20\d\d\.\d\d/, 'version answers with the U-Boot version', $v);

$g->send_line('mw.l 40000000 c0ffee42');
$g->wait_for(qr/=> /, 20);
$g->send_line('md.l 40000000 1');
my $m = $g->wait_for(qr/=> /, 20) // '';
$g->ok($m =~ /40000000: c0ffee42/, 'mw/md round trip through guest RAM', $m);

my $word = first_word($uboot);
$g->send_line('md.l 0 1');
my $img = $g->wait_for(qr/=> /, 20) // '';
$g->ok(defined $word && $img =~ /00000000: $word/,
	"md 0 shows the flash image's first word" . (defined $word ? " ($word)" : ''),
	$img);

# PSCI SYSTEM_RESET: the VM resets (devices, RAM, vCPUs, images back)
# and U-Boot starts over from its flash.
$g->send_line('mw.l 41000000 12345678');
$g->wait_for(qr/=> /, 20);
$g->send_line('reset');
my $again = $g->wait_for(qr/Hit any key to stop autoboot/, 60);
my $before = defined $again ? $again : $g->buf;
$g->send(' ') if defined $again;
$g->ok(defined $again && $before =~ /hv: reset: the guest starts over/ &&
	$before =~ /U-Boot 20\d\d/,
	'reset is a SystemReset: the VM restarts U-Boot', $before);
$g->wait_for(qr/=> /, 30);
$g->send_line('md.l 41000000 1');
$m = $g->wait_for(qr/=> /, 20) // '';
$g->ok($m =~ /41000000: 00000000/,
	'guest RAM was cleared by the reset', $m);

$g->send_line('poweroff');
my $off = $g->wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
$g->ok(defined $off, 'poweroff reaches the hypervisor as SystemDown', $g->buf);
my $rc = $g->finish(kill => !defined $off);
$g->ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($g->failed ? 1 : 0);
