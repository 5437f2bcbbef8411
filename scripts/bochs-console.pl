#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# The terminal side of an interactive bochs run: COM1, which bochs serves
# on 127.0.0.1:PORT (bochs-run.sh -s), bridged to this terminal in raw
# mode. Ctrl-A x leaves (as in QEMU); the bochs run is then ended.
# usage: bochs-console.pl PORT BOCHS_PID
use strict;
use warnings;
use IO::Socket::INET;
use IO::Select;
use Time::HiRes qw(sleep);

my ($port, $bochs) = @ARGV;
my $sock;
for (1 .. 200) {
	$sock = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port");
	last if $sock;
	sleep(0.1);
}
die "bochs-console: no COM1 on port $port\n" unless $sock;
my $tty = -t STDIN;
system('stty', 'raw', '-echo') if $tty;
my $sel = IO::Select->new($sock, \*STDIN);
my $ctrl_a = 0;
OUTER: while (1) {
	for my $fh ($sel->can_read(0.5)) {
		my $n = sysread($fh, my $buf, 4096);
		last OUTER unless $n;
		if ($fh == $sock) {
			syswrite(STDOUT, $buf);
			next;
		}
		for my $c (split //, $buf) {
			if ($ctrl_a) {
				$ctrl_a = 0;
				last OUTER if $c eq 'x';
				syswrite($sock, "\x01") if $c ne "\x01";
			} elsif ($c eq "\x01") {
				$ctrl_a = 1;
				next;
			}
			syswrite($sock, $c);
		}
	}
	last unless kill(0, $bochs);
}
system('stty', 'sane') if $tty;
kill('TERM', $bochs);
print "\n";
