#!/usr/bin/perl
# SPDX-License-Identifier: Apache-2.0
# Per-symbol breakdown of the instructions outside the guest per round
# trip, from a QEMU trace (-d in_asm,exec,nochain: each translated block's
# instructions, then one "Trace" line per block executed) of the
# bench-trace guest, which runs each path N times then M times between
# calls of trace_mark(). Each symbol's count in the M phase minus the N
# phase, over M - N, is its share of one round trip; what both phases
# share (the marks themselves) cancels. A block is counted whole: an
# exception inside one (the guest's faulting load) ends it early, so
# guest counts are approximate; the hypervisor's blocks run to their end.
# A second table per path names each instruction by the innermost function
# it was inlined from (llvm-symbolizer --inlining on the image's debug
# information): the images are built with LTO, which inlines axvcpu_run()
# and the backend's run into the VM layer's loop, one symbol.
# usage: breakdown.pl HV.elf GUEST.elf N M < trace
#        breakdown.pl --dfilter HV.elf: QEMU -dfilter ranges that leave
#        out memset (the boot's RAM clearing would dominate the trace)
use strict;
use warnings;
use IPC::Open2;

if (@ARGV == 2 && $ARGV[0] eq '--dfilter') {
	my ($lo, $hi);
	for (`llvm-nm -n --defined-only $ARGV[1]`) {
		my ($a, $t, $s) = split;
		next unless defined $s && $t =~ /^[tT]$/;
		$hi = hex($a) if defined $lo && !defined $hi && hex($a) > $lo;
		$lo = hex($a) if $s eq 'memset';
	}
	die "no memset\n" unless defined $hi;
	printf "0x80000000..0x%x,0x%x..0x8fffffff\n", $lo - 1, $hi;
	exit 0;
}
my ($hv, $guest, $n, $m) = @ARGV;
die "usage: breakdown.pl HV.elf GUEST.elf N M < trace\n" unless defined $m;
my @paths = ('sbi_base', 'hypercall', 'mmio_read');

# Host symbols (functions and labels of the hypervisor image), sorted.
my (@addr, @name);
open(my $nm, '-|', 'llvm-nm', '-n', '--defined-only', $hv) or die "nm: $!";
while (<$nm>) {
	my ($a, $t, $s) = split;
	# Local labels (.LBB...) belong to the function around them.
	next unless defined $s && $t =~ /^[tT]$/ && $s !~ /^\.L/;
	# A function LTO made local keeps its name before ".llvm.".
	$s =~ s/\.llvm\.\d+$//;
	push @addr, hex($a);
	push @name, $s;
}
close $nm;
my ($hv_end) = map { hex((split)[0]) } grep { /\b__hv_end$/ } `llvm-nm $hv`;
die "no __hv_end in $hv\n" unless $hv_end;
my ($mark) = map { hex((split)[0]) } grep { / trace_mark$/ } `llvm-nm $guest`;
die "no trace_mark in $guest\n" unless $mark;
my ($g_lo, $g_hi) = (~0, 0);
for (`llvm-nm -n --defined-only $guest`) {
	my ($a, $t) = split;
	next unless $t =~ /^[tT]$/;
	$g_lo = hex($a) if hex($a) < $g_lo;
	$g_hi = hex($a) if hex($a) > $g_hi;
}

sub host_symbol {
	my ($pc) = @_;
	my ($lo, $hi) = (0, $#addr);
	return '?' if $pc < $addr[0];
	while ($lo < $hi) {
		my $mid = int(($lo + $hi + 1) / 2);
		if ($addr[$mid] <= $pc) { $lo = $mid } else { $hi = $mid - 1 }
	}
	return $name[$lo];
}

# The innermost function an address of the image was inlined from.
my ($sym_out, $sym_in);
my $sym_pid = open2($sym_out, $sym_in, 'llvm-symbolizer', "--obj=$hv",
    '--inlining', '--functions=linkage');
sub inlined_in {
	my ($pc) = @_;
	printf $sym_in "0x%x\n", $pc;
	my @lines;
	while (defined(my $l = <$sym_out>)) {
		chomp $l;
		last if $l eq '' && @lines;
		push @lines, $l if $l ne '';
	}
	my $f = $lines[0] // '?';
	# Local labels and LTO's suffixes, as for symbols.
	$f =~ s/\.llvm\.\d+$//;
	return $f =~ /^\?\?|^\.L/ ? host_symbol($pc) : $f;
}

# Where an instruction is: "symbol\0innermost inlined function".
sub where {
	my ($pc) = @_;
	return "(guest)\0(guest)" if $pc >= $g_lo && $pc <= $g_hi + 4096;
	if ($pc >= $addr[0] && $pc < $hv_end) {
		return host_symbol($pc) . "\0" . inlined_in($pc);
	}
	return "(firmware)\0(firmware)";
}

# Translated blocks: start pc -> where each of its instructions is.
my (%tb, @cur, $cur_pc);
my ($marks, %count, %inline) = (0);
while (<STDIN>) {
	if (/^IN:/) {
		@cur = ();
		$cur_pc = undef;
		next;
	}
	if (/^0x([0-9a-f]+):/) {
		my $pc = hex($1);
		$cur_pc //= $pc;
		push @cur, where($pc);
		next;
	}
	if (/^$/ && defined $cur_pc) {
		$tb{$cur_pc} = [@cur];
		$cur_pc = undef;
		next;
	}
	next unless /^Trace \d+: \S+ \[[0-9a-f]+\/([0-9a-f]+)\//;
	my $pc = hex($1);
	$tb{$pc} = [@cur] if defined $cur_pc && $cur_pc == $pc;
	$cur_pc = undef;
	if ($pc == $mark) {
		$marks++;
		next;
	}
	# Marks 3k..3k+1: path k's N phase; 3k+1..3k+2: its M phase.
	next if $marks == 0;
	my $k = int(($marks - 1) / 3);
	my $phase = ($marks - 1) % 3;
	next if $k > $#paths || $phase == 2;
	my $insns = $tb{$pc} or next;
	for (@$insns) {
		my ($sym, $inl) = split /\0/;
		$count{$k}{$phase}{$sym}++;
		$inline{$k}{$phase}{$inl}++;
	}
}
die "trace: saw $marks marks, want 9\n" unless $marks >= 9;
close $sym_in;
waitpid $sym_pid, 0;

for my $k (0 .. $#paths) {
	my %per;
	my %seen = (%{ $count{$k}{0} // {} }, %{ $count{$k}{1} // {} });
	for my $s (keys %seen) {
		$per{$s} = (($count{$k}{1}{$s} // 0) - ($count{$k}{0}{$s} // 0)) /
		    ($m - $n);
	}
	my $out = 0;
	$out += $per{$_} for grep { $_ ne '(guest)' } keys %per;
	printf "== %s: %.1f instructions outside the guest per round trip\n",
	    $paths[$k], $out;
	for my $s (sort { $per{$b} <=> $per{$a} || $a cmp $b } keys %per) {
		next if abs($per{$s}) < 0.05;
		printf "%8.1f  %s\n", $per{$s}, $s;
	}
	my %inl;
	%seen = (%{ $inline{$k}{0} // {} }, %{ $inline{$k}{1} // {} });
	for my $s (keys %seen) {
		$inl{$s} = (($inline{$k}{1}{$s} // 0) -
		    ($inline{$k}{0}{$s} // 0)) / ($m - $n);
	}
	print "   -- by function, inlined ones apart:\n";
	for my $s (sort { $inl{$b} <=> $inl{$a} || $a cmp $b } keys %inl) {
		next if abs($inl{$s}) < 0.5 || $s eq '(guest)';
		printf "%8.1f  %s\n", $inl{$s}, $s;
	}
}
