# SPDX-License-Identifier: Apache-2.0
# A guest under QEMU, driven through its serial console from a TAP test
# (tests/*/t_uboot.pl, t_linux.pl, t_guest.pl): start the command, wait
# for the console to print something, type at it, count and print TAP
# results, and collect QEMU's exit status.
#
#   my $g = Guest->spawn(cmd => [qemu ...], delay => 0.005, quiet => 0);
#   (or Guest->attach(in => $sock, out => $sock, pid => $pid, ...))
#   my $text = $g->wait_for(qr/=> /, 20);   # output up to the match, or undef
#   $g->send_line('version');                # one key at a time, then CR
#   $g->ok($cond, 'name', $diag);            # "ok N - name" (quiet: counted only)
#   my $rc = $g->finish(kill => 1);          # QEMU's exit status
package Guest;

use strict;
use warnings;
use IPC::Open3;
use IO::Select;
use POSIX qw(WNOHANG);
use Time::HiRes qw(time);

# cmd: the command (a list); delay: seconds between typed keys (guest
# UARTs have small FIFOs); quiet: count results without printing them
# (timing runs for make bench).
sub spawn {
	my ($class, %o) = @_;
	my $t0 = time;
	my $pid = open3(my $in, my $out, undef, @{ $o{cmd} });
	$in->autoflush(1);
	return $class->attach(%o, in => $in, out => $out, pid => $pid,
		t0 => $t0);
}

# A console that is already there: `in` and `out` handles (a socket may be
# both; `out` undef: none, results only), the process `pid` behind it,
# stopped with `signal` (default TERM; `group`: its process group), `t0`
# the start (default now); delay and quiet as for spawn.
sub attach {
	my ($class, %o) = @_;
	my $self = bless {
		buf => '', all => '', n => 0, failed => 0,
		delay => $o{delay} // 0.005, quiet => $o{quiet} // 0,
		t0 => $o{t0} // time, signal => $o{signal} // 'TERM',
		group => $o{group} // 0,
	}, $class;
	@$self{qw(in out pid)} = @o{qw(in out pid)};
	$self->{sel} = IO::Select->new(defined $o{out} ? ($o{out}) : ());
	return $self;
}

# Seconds since the start.
sub elapsed { return time - $_[0]{t0} }

# The output not yet consumed by a wait, and all output so far (CRs gone).
sub buf { return $_[0]{buf} }
sub all { return $_[0]{all} }

# Results so far, and how many failed.
sub count { return $_[0]{n} }
sub failed { return $_[0]{failed} }

# Read until $re matches the output since the last match, or $secs pass
# (the output is looked at once more at the deadline): the text up to and
# including the match (consumed), or undef.
sub wait_for {
	my ($self, $re, $secs) = @_;
	my $end = time + $secs;
	while (1) {
		if ($self->{buf} =~ $re) {
			my $got = $` . $&;
			$self->{buf} = $';
			return $got;
		}
		last if time >= $end;
		next unless $self->{sel}->can_read(0.1);
		my $k = sysread($self->{out}, my $chunk, 65536);
		last unless $k;
		$chunk =~ s/\r//g;
		$self->{buf} .= $chunk;
		$self->{all} .= $chunk;
	}
	return undef;
}

# Bytes to the console as they are.
sub send {
	my ($self, $s) = @_;
	syswrite($self->{in}, $s);
}

# A line typed one key at a time, then Enter (CR).
sub send_line {
	my ($self, $s) = @_;
	for my $c (split //, $s) {
		syswrite($self->{in}, $c);
		select(undef, undef, undef, $self->{delay});
	}
	syswrite($self->{in}, "\r");
}

# One TAP result; a failure's diagnosis under it, each line behind "#   ".
sub ok {
	my ($self, $cond, $name, $diag) = @_;
	$self->{n}++;
	$self->{failed}++ unless $cond;
	return if $self->{quiet};
	print(($cond ? "ok" : "not ok") . " $self->{n} - $name\n");
	if (!$cond && defined $diag) {
		$diag =~ s/^/#   /mg;
		print "$diag\n";
	}
}

# Whether QEMU still runs (its status is kept once it has ended).
sub running {
	my ($self) = @_;
	return 0 if defined $self->{status};
	return 1 if waitpid($self->{pid}, WNOHANG) == 0;
	$self->{status} = $?;
	return 0;
}

# QEMU's exit status, once it has ended; kill => 1 stops it first.
sub finish {
	my ($self, %o) = @_;
	if (!defined $self->{status}) {
		kill($self->{signal}, $self->{group} ? -$self->{pid} : $self->{pid})
			if $o{kill};
		waitpid($self->{pid}, 0);
		$self->{status} = $?;
	}
	return $self->{status} >> 8;
}

1;
