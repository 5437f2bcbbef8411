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
use FindBin;
use lib "$FindBin::Bin/../lib";
use Guest;

my ($hv, $uboot, $mode) = @ARGV;
my $timing = defined $mode && $mode eq '--time';
my $g = Guest->spawn(quiet => $timing, cmd => ['timeout', '-k', '5', '120',
	'qemu-system-riscv64', '-M', 'virt', '-m', '512M', '-nographic',
	'-bios', 'default', '-monitor', 'none', '-serial', 'stdio', '-kernel',
	$hv eq 'native' ? $uboot : $hv]);

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

my $auto = $g->wait_for(qr/Hit any key to stop autoboot/, 60);
$g->send(' ') if defined $auto;
my $prompt = $g->wait_for(qr/=> /, 30);
my $secs = $g->elapsed;
if ($timing) {
	printf "prompt_seconds=%.2f\n", $secs if defined $prompt;
	$g->send_line('poweroff');
	$g->wait_for(qr/powered off|poweroff \.\.\./, 20);
	$g->finish(kill => 1);
	exit(defined $prompt ? 0 : 1);
}
print "1..12\n";
$g->ok(defined $auto, 'U-Boot banner and autoboot countdown through the emulated UART');
$g->ok(defined $prompt, sprintf('U-Boot prompt reached (%.1f s)', $secs),
	"output: " . $g->buf);

$g->send_line('version');
my $v = $g->wait_for(qr/=> /, 20) // '';
$g->ok($v =~ /U-Boot 20\d\d\.\d\d/, 'version answers with the U-Boot version', $v);

$g->send_line('mw.l 80000000 c0ffee42');
$g->wait_for(qr/=> /, 20);
$g->send_line('md.l 80000000 1');
my $m = $g->wait_for(qr/=> /, 20) // '';
$g->ok($m =~ /80000000: c0ffee42/, 'mw/md round trip through guest RAM', $m);

# cp.b to RAM copies (U-Boot took every address for flash while the
# guest's device tree had no flash node: "Copy to Flash... Flash not
# Erased", nothing copied); to the CFI flash it programs.
$g->send_line('mw.b 81000000 5a 20; cp.b 81000000 82000000 20; md.b 82000010 4');
my $cp = $g->wait_for(qr/=> /, 20) // '';
$g->ok($cp =~ /82000010: 5a 5a 5a 5a/ && $cp !~ /Flash/,
	'cp.b to RAM copies (no "Copy to Flash")', $cp);
$g->send_line('cp.b 81000000 20000000 20; md.b 20000000 4');
my $fl = $g->wait_for(qr/=> /, 20) // '';
$g->ok($fl =~ /Copy to Flash\.\.\. done/ && $fl =~ /20000000: 5a 5a 5a 5a/,
	'cp.b to the CFI flash programs it', $fl);

my ($word, $addr) = elf_first_word($uboot);
$g->send_line("md.l $addr 1");
my $img = $g->wait_for(qr/=> /, 20) // '';
$g->ok(defined $word && $img =~ /$addr: $word/,
	"md $addr shows the image's first word" . (defined $word ? " ($word)" : ''),
	$img);

# A reset is a reset, not a power-off: the hypervisor restarts the guest
# (images reloaded, RAM cleared) and U-Boot comes back to its prompt.
$g->send_line('reset');
my $again = $g->wait_for(qr/hv: reset: the guest starts over.*?U-Boot 20\d\d[^\n]*/s, 60);
$g->ok(defined $again, 'reset restarts the guest: U-Boot banner again', $g->buf);
my $auto2 = $g->wait_for(qr/Hit any key to stop autoboot/, 60);
$g->send(' ') if defined $auto2;
my $prompt2 = $g->wait_for(qr/=> /, 30);
$g->ok(defined $prompt2, 'U-Boot prompt again after the reset', $g->buf);
$g->send_line('md.l 80000000 1');
my $m2 = $g->wait_for(qr/=> /, 20) // '';
$g->ok($m2 =~ /80000000: / && $m2 !~ /c0ffee42/,
	'RAM written before the reset does not survive it', $m2);

$g->send_line('poweroff');
my $off = $g->wait_for(qr/hv: the guest powered off \(PowerOff\)[^\n]*/, 30);
$g->ok(defined $off, 'poweroff reaches the hypervisor as SystemDown', $g->buf);
my $rc = $g->finish(kill => !defined $off);
$g->ok($rc == 0, "QEMU exited with status 0 (got $rc)");
exit($g->failed ? 1 : 0);
