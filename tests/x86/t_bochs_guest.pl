#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Real guests nobody here wrote, on the PC hypervisor on Intel VMX under
# bochs (a disk made by bochs-disk), checked through the machine's COM1,
# which bochs serves on a local TCP port. The same checks as
# tests/pc/t_guest.pl makes on SVM. TAP on stdout.
#   t_bochs_guest.pl DISK.img seabios CPUS   banner, CPU count, "No
#                                            bootable device"
#   t_bochs_guest.pl DISK.img uboot          prompt, version, mw/md, reset
#   t_bochs_guest.pl DISK.img linux          Debian's Linux: a shell on 2
#                                            vCPUs, nproc, poweroff -f
#   t_bochs_guest.pl DISK.img memtest        memtest86+'s first pass, no
#                                            errors
# With --time as the last argument it prints only "<what>_seconds=<s>"
# (make bench).
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use Guest;
use IO::Socket::INET;
use POSIX qw(setsid);
use Time::HiRes qw(time sleep);
use File::Basename qw(dirname);

my $timing = @ARGV && $ARGV[-1] eq '--time';
pop @ARGV if $timing;
my ($disk, $what, $cpus) = @ARGV;
$cpus //= 1;
die "usage: t_bochs_guest.pl DISK.img seabios|uboot|linux|memtest [CPUS]\n"
	unless defined $what && $what =~ /^(seabios|uboot|linux|memtest)$/;
$cpus = 2 if $what eq 'linux';
my %limits = (seabios => 120, uboot => 240, linux => 600, memtest => 1800);
my $limit = $limits{$what};
my $run = dirname($0) . '/bochs-run.sh';

# A free local port for COM1.
my $probe = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
	LocalPort => 0, ReuseAddr => 1) or die "no local port: $!";
my $port = $probe->sockport;
close($probe);

my $t0 = time;
my $pid = fork() // die "fork: $!";
if (!$pid) {
	setsid();
	open(STDIN, '<', '/dev/null');
	open(STDOUT, '>', '/dev/null');
	exec('sh', $run, '-c', $cpus, '-t', $limit, '-s', $port, $disk);
	exit 127;
}
my $sock;
for (1 .. 100) {
	$sock = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port");
	last if $sock;
	sleep(0.1);
}
# One byte at a time: the guest UART's FIFO holds 16, and bochs runs the
# guest slower than QEMU.
my $g = Guest->attach(in => $sock, out => $sock, pid => $pid,
	signal => 'KILL', group => 1, t0 => $t0, quiet => $timing,
	delay => 0.05);

sub done {
	$g->finish(kill => 1);
	print "1..", $g->count, "\n" unless $timing;
	exit($g->failed ? 1 : 0);
}

$g->ok(defined $sock, "bochs serves COM1 on 127.0.0.1:$port");
done() unless $sock;

# The console's last 8 lines.
sub tail_diag {
	my @l = split /\n/, $g->all;
	splice(@l, 0, @l - 8) if @l > 8;
	return join("\n", @l);
}

if ($what eq 'seabios') {
	my $got = $g->wait_for(qr/SeaBIOS \(version [^)]*\)/, $limit);
	$g->ok(defined $got, "SeaBIOS prints its banner on $cpus vCPU(s)", tail_diag());
	done() unless defined $got;
	$got = $g->wait_for(qr/Found (\d+) cpu\(s\)/, $limit);
	my ($found) = defined $got ? $got =~ /Found (\d+) cpu/ : (0);
	$g->ok($found == $cpus,
		"SeaBIOS counts $cpus CPU(s) (INIT/SIPI through the local APIC)",
		"found $found");
	$got = $g->wait_for(qr/No bootable device\./, $limit);
	my $secs = $g->elapsed;
	$g->ok(defined $got, sprintf("SeaBIOS reaches 'No bootable device.' (%.1f s)",
		$secs), tail_diag());
	printf "seabios_seconds=%.2f\n", $secs if $timing && defined $got;
	done();
}

if ($what eq 'linux') {
	my $got = $g->wait_for(qr/axvcpu-linux: init on (\d+) CPU/, $limit);
	my $secs = $g->elapsed;
	$g->ok(defined $got, sprintf("Debian's kernel runs the initramfs's /init (%.1f s)",
		$secs), tail_diag());
	done() unless defined $got;
	if ($timing) {
		printf "linux_seconds=%.2f\n", $secs;
		done();
	}
	$got = $g->wait_for(qr/^\/ # /m, 60);
	$g->ok(defined $got, "a shell prompt", tail_diag());
	$g->send_line('nproc');
	$got = $g->wait_for(qr/^(\d+)$/m, 120);
	$g->ok(defined $got && $got =~ /^2$/m, "nproc says 2", $got // tail_diag());
	$g->send_line('poweroff -f');
	$got = $g->wait_for(qr/hv: exit status (\d+)/, 120);
	$g->ok(defined $got && $got =~ /status 0/,
		"poweroff -f ends the VM (ACPI S5): hypervisor status 0",
		$got // tail_diag());
	done();
}

if ($what eq 'memtest') {
	my $got = $g->wait_for(qr/Memtest86\+ v[0-9.]+/, 300);
	$g->ok(defined $got, "memtest86+ starts", tail_diag());
	done() unless defined $got;
	$got = $g->wait_for(qr/Status: Pass/, $limit);
	my $secs = $g->elapsed;
	(my $screen = $g->all) =~ s/\e\[[0-9;?]*[a-zA-Z]/\n/g;
	my @errs = $screen =~ /Errors: *(\d+)/g;
	$g->ok(defined $got, sprintf("its first pass completes (%.0f s)", $secs),
		tail_diag());
	$g->ok(@errs && !grep({ $_ != 0 } @errs), "with no errors",
		"error counts seen: @errs");
	printf "memtest_seconds=%.2f\n", $secs if $timing;
	done();
}

# U-Boot
my $got = $g->wait_for(qr/Hit any key to stop autoboot/, $limit);
$g->ok(defined $got, "U-Boot counts down to autoboot", tail_diag());
done() unless defined $got;
$g->send(' ');
$got = $g->wait_for(qr/=> $/m, 60);
my $secs = $g->elapsed;
$g->ok(defined $got, sprintf("a key stops it at the prompt (%.1f s)", $secs),
	tail_diag());
done() unless defined $got;
if ($timing) {
	printf "uboot_seconds=%.2f\n", $secs;
	done();
}
$g->send_line('version');
$got = $g->wait_for(qr/=> $/m, 60);
$g->ok(defined $got && $got =~ /U-Boot 20\d\d/, "'version' answers", $got);
$g->send_line('mw.l 200000 12345678 4; md.l 200000 4');
$got = $g->wait_for(qr/=> $/m, 60);
$g->ok(defined $got && $got =~ /00200000: 12345678 12345678 12345678 12345678/,
	"mw/md through guest RAM", $got);
$g->send_line('reset');
$got = $g->wait_for(qr/U-Boot SPL/, 120);
$g->ok(defined $got, "'reset' (0xcf9) brings it back to its banner", tail_diag());
$got = $g->wait_for(qr/Hit any key to stop autoboot/, 120);
$g->send(' ') if defined $got;
$got = defined $got ? $g->wait_for(qr/=> $/m, 60) : undef;
$g->send_line('md.l 200000 1') if defined $got;
$got = defined $got ? $g->wait_for(qr/=> $/m, 60) : undef;
$g->ok(defined $got && $got =~ /00200000: 00000000/, "RAM is cleared by the reset",
	$got // tail_diag());
done();
