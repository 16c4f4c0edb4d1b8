#!/usr/bin/env bash
# Rewrites citations in comments, specs and docs so that the repository reads on its own:
#
#   "seed 5.8.7.2", "Seed 5.3.1 (安全域属性)", "(seed 5.8.8)"   -> "requirement 5.8.7.2", "Requirement 5.3.1 (security
#                                                               domain attributes)", "(requirement 5.8.8)"
#   "seed 5.8.1, 5.4.2", "seed 5.8.9.3–5.8.9.5"              -> "requirements 5.8.1, 5.4.2", "requirements 5.8.9.3–…"
#   "PROTOCOLS.md §9", "STYLE 5", "ARCHITECTURE flow 2"       -> the docs/ page and section that state the same fact
#
# Requirement numbers are the section numbers of docs/requirements.md; the Chinese section title after a number is
# replaced by that page's English heading. The design notes PROTOCOLS.md, STYLE.md and ARCHITECTURE.md, which live
# outside the repository, are replaced by pointers to docs/protocol.md, docs/sms.md, docs/wallet-protocol.md,
# docs/mifare.md, docs/simulator.md and docs/architecture.md.
#
# Files: *.cs, *.feature, *.md and *.sql under protocol/ grains/ gateway/ simulator/ specs/ tests/ perf/ docs/, and
# README.md (docs/requirements.md itself excepted). Only comment and prose text matches the patterns; the rewritten
# string literals are OpenAPI summaries and problem-details prose. Build afterwards to be sure.
#
# Idempotent: nothing it writes matches what it looks for, so a second run changes nothing. Safe to run again after
# merging branches that still cite the old way.
#
# Usage (from anywhere inside the repository):
#   docs/tools/rewrite-citations.sh           rewrite in place, list the files changed
#   docs/tools/rewrite-citations.sh --check   change nothing; list what would change; exit 1 if anything would
#
# Whatever looks like a citation but matches no rule (a PROTOCOLS.md section without an in-repo home, "the seed's …"
# in a new phrasing) is printed under "left for review" and left unchanged. Exit codes: 0 done (or nothing to do),
# 1 --check found work, 2 usage or setup error.
set -euo pipefail

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ ! -f docs/requirements.md ]]; then
  echo "rewrite-citations: docs/requirements.md not found under $root" >&2
  exit 2
fi

files=()
while IFS= read -r -d '' f; do
  files+=("${f#./}")
done < <(find ./protocol ./grains ./gateway ./simulator ./specs ./tests ./perf ./docs \
           -type d \( -name bin -o -name obj -o -name node_modules -o -name TestResults -o -name .git \
                      -o -name BenchmarkDotNet.Artifacts \) -prune \
           -o -type f \( -name '*.cs' -o -name '*.feature' -o -name '*.md' -o -name '*.sql' \) \
              ! -path ./docs/requirements.md -print0 2>/dev/null | sort -z)
[[ -f README.md ]] && files+=(README.md)

exec perl -e '
use strict;
use warnings;

my ($mode, $reqfile, @files) = @ARGV;

# Requirement titles, from the headings of docs/requirements.md ("#### 5.8.4.1 Application download").
my %title;
open my $rf, "<:raw", $reqfile or die "rewrite-citations: $reqfile: $!\n";
while (<$rf>) {
    $title{$1} = $2 if /^#{2,6} (\d+(?:\.\d+)*) (.+?)\s*$/;
}
close $rf;

# Where the facts of the external design notes live in the repository: [file, section heading].
my %protocols = (
    "1"  => ["docs/protocol.md", "SCP02 notes"],
    "2"  => ["docs/protocol.md", "SCP02 notes"],
    "3"  => ["docs/protocol.md", "Card content management facts"],
    "4b" => ["docs/wallet-protocol.md", "SERAM as used here"],
    "5"  => ["docs/mifare.md", "Access rules enforced"],
    "6"  => ["docs/simulator.md", "Security domains (CMS2AC)"],
    "7"  => ["docs/sms.md", "The codec"],
    "8"  => ["docs/sms.md", "User data headers"],
    "9"  => ["docs/sms.md", "CMPP 2.0 / 3.0"],
    "10" => ["docs/sms.md", "The link layer"],
);
my $conventions = ["docs/architecture.md", "Conventions"];
# The STYLE.md rules whose habit that section states; any other number is left for review.
my %style = map { $_ => 1 } (4, 5, 7, 8, 12, 13, 16, 17, 19);
my $flows = ["docs/architecture.md", "Main flows"];

# Every target must exist, so that no pointer written here is false.
my %checked;
for my $t (values %protocols, $conventions, $flows) {
    my ($file, $heading) = @$t;
    next if $checked{"$file\0$heading"}++;
    open my $fh, "<:raw", $file or die "rewrite-citations: $file is missing\n";
    my $found = grep { /^#+ \Q$heading\E/ } <$fh>;
    close $fh;
    die "rewrite-citations: $file has no section \"$heading\"\n" unless $found;
}

my $dash = "\xE2\x80\x93";                       # en dash, as UTF-8 bytes
my $num  = qr/\d+(?:\.\d+)+/;                     # a section number with at least one dot
# Between a word and a number: spaces, or a line break and a comment leader (///, //, --, *).
my $sep  = qr/(?:[ \t]+|[ \t]*\r?\n[ \t]*(?:\/\/\/?|--|\*)?[ \t]*)/;
# A list of several numbers follows: "5.8.1, 5.4.2", "5.8.4.2 (…), 5.8.4.3", "5.8.3.1/5.8.3.2", "5.8.9.3–5.8.9.5".
my $more = qr/(?:[ \t]*\([^()\n]*\))?(?:,[ \t]*|[ \t]+and[ \t]+|\/|$dash)\d+\.\d/;

sub render {                                      # pointers for one citation, relative to the current file
    my ($current, @targets) = @_;
    my (@order, %headings);
    for my $t (@targets) {
        push @order, $t->[0] unless $headings{$t->[0]};
        push @{$headings{$t->[0]}}, $t->[1] unless grep { $_ eq $t->[1] } @{$headings{$t->[0]} || []};
    }
    my @parts;
    for my $file (@order) {
        my @h = @{$headings{$file}};
        my $names = join(" and ", map { "\"$_\"" } @h);
        push @parts, $file eq $current ? "the section" . (@h > 1 ? "s" : "") . " $names" : "$file $names";
    }
    return join("; ", @parts);
}

sub protocols {                                   # "PROTOCOLS.md §9, §10" -> docs/sms.md "…" and "…"
    my ($current, $all, $list) = @_;
    my @secs = $list =~ /§(\d+[a-z]?)/g;
    my @targets;
    for my $s (@secs) {
        return $all unless $protocols{$s};        # no home in the repository: leave it for review
        push @targets, $protocols{$s};
    }
    return render($current, @targets);
}

sub requirement {                                 # "Seed"/"seed" -> "Requirement(s)"/"requirement(s)"
    my ($s, $plural) = @_;
    return ($s eq "S" ? "Requirement" : "requirement") . ($plural ? "s" : "");
}

sub english_title {                               # the heading of docs/requirements.md, as a phrase
    my ($n) = @_;
    my $t = $title{$n};
    return undef unless defined $t;
    $t = lcfirst $t if $t =~ /^[A-Z][a-z]/ && $t !~ /^Mifare\b/;
    return $t;
}

my (@changed, @review);
for my $file (@files) {
    open my $in, "<:raw", $file or die "rewrite-citations: $file: $!\n";
    my $text = do { local $/; <$in> };
    close $in;
    my $old = $text;

    # --- Phrases of the design notes, one by one (each result no longer matches its pattern). ---
    $text =~ s/This page follows the design card in `shared\/design\/ARCHITECTURE\.md` and says what exists today\./This page is the map of the repository: what exists today and how data flows./g;
    $text =~ s/\(the design card lists pushes among the grains\)/(a grain per push was the first plan)/g;
    $text =~ s/The glossary of the design card applies \(/The glossary of docs\/requirements.md (section 3.2) applies (/g;
    $text =~ s/Spec facts: `PROTOCOLS\.md` §9 \(shared design folder\)\. Code:/Spec facts: "Wire facts the code relies on" and "Wire format" below. Code:/g;
    $text =~ s/come(\s+)from `PROTOCOLS\.md` §5 \((NXP [^()]*)\)/come$1from the $2 (summarised under "Access rules enforced")/g;

    $text =~ s/\bPROTOCOLS\.md §3 vector C:/render($file, $protocols{"3"}) . ", PUT KEY:"/ge;

    # --- Design notes in general. ---
    $text =~ s/`?\bPROTOCOLS(?:\.md)?`?[ \t]+(§\d+[a-z]?(?:,[ \t]*§\d+[a-z]?)*)/protocols($file, $&, $1)/ge;
    $text =~ s/\bSTYLE(?:\.md)?(?:[ \t]+rule)?[ \t]+(\d+)\b/$style{$1} ? render($file, $conventions) : $&/ge;
    $text =~ s/\bARCHITECTURE(?:\.md)?(?:[ \t]+flow[ \t]+(\d+))?/render($file, $flows) . (defined $1 ? ", flow $1" : "")/ge;

    # --- The requirements: other names the source went by. ---
    $text =~ s/\bCMS2AC platform spec §($num)/requirement $1/g;
    $text =~ s/\(spec §5\.4\.8, §5\.8\.10\.2${dash}4\)/(requirements 5.4.8 and 5.8.10.2${dash}5.8.10.4)/g;
    $text =~ s/\(spec §5\.4\.8 mentions/(requirement 5.4.8 mentions/g;

    # --- "the seed" as a document, in the phrasings the code used. ---
    $text =~ s/\bthe seed\x27s CMS2AC level/the CMS2AC level of requirement 5.8.9.2/g;
    $text =~ s/\bthe seed\x27s application hash, 5\.4\.2/the application hash of requirement 5.4.2/g;
    $text =~ s/\bSDs of the seed\x27s modes (\d) and (\d)/SDs of modes $1 and $2 (requirement 5.3.1)/g;
    $text =~ s/\(the seed\x27s 加密机\)/(加密机 in docs\/requirements.md)/g;
    $text =~ s/\bseed chapter/requirements chapter/g;
    $text =~ s/\((?:the )?seed table 5-1\)/(requirement 5.5.2, table 5-1)/g;
    $text =~ s/\b([Tt])he seed \(($num)\)/($1 eq "T" ? "Requirement" : "requirement") . " $2"/ge;
    $text =~ s/\b([Tt])he seed \(($num), /($1 eq "T" ? "Requirement" : "requirement") . " $2 ("/ge;
    $text =~ s/goal of(\s+)the seed is within reach/goal$1is within reach/g;
    $text =~ s/and what the(\s*\/\/\s*)seed data requires/and what$1requirement 5.4.2 asks of the CAP file/g;

    # --- "seed 5.x.y" citations. ---
    $text =~ s/\b([Ss])eed(?=$sep$num($more)?)/requirement($1, defined $2)/ge;

    # --- Chinese section titles after a requirement number -> the English heading. ---
    $text =~ s/\(密钥管理, 密钥产生, 密钥存储\)/(key management, key generation and key storage)/g;
    $text =~ s{(?<![\d.])(?<!\xE2\x80\x93)($num) \(([^(),\n]*[\xE4-\xE9][\x80-\xBF][\x80-\xBF][^(),\n]*)\)}{
        my $t = english_title($1);
        defined $t ? "$1 ($t)" : $&
    }ge;

    # --- What still looks like a citation: report, do not guess. ---
    my $line = 0;
    for my $l (split /\n/, $text) {
        $line++;
        if ($l =~ /\b(?:PROTOCOLS|STYLE|ARCHITECTURE)\.md\b|\b(?:PROTOCOLS §|STYLE(?: rule)? \d)|\bdesign card\b|\bshared\/design\b/
            || $l =~ /\b[Ss]eed(?:\x27s\b| \(| $num| table\b| chapter)/) {
            (my $show = $l) =~ s/^\s+//;
            push @review, "$file:$line: $show";
        }
    }

    next if $text eq $old;
    push @changed, $file;
    next if $mode eq "check";
    open my $out, ">:raw", "$file.rewrite-tmp" or die "rewrite-citations: $file: $!\n";
    print $out $text;
    close $out or die "rewrite-citations: $file: $!\n";
    my @st = stat $file;
    chmod $st[2] & 07777, "$file.rewrite-tmp";
    rename "$file.rewrite-tmp", $file or die "rewrite-citations: $file: $!\n";
}

my $verb = $mode eq "check" ? "would change" : "changed";
print "rewrite-citations: $verb " . scalar(@changed) . " file(s)\n";
print "  $_\n" for @changed;
if (@review) {
    print "rewrite-citations: left for review (no rule matched):\n";
    print "  $_\n" for @review;
}
exit($mode eq "check" && @changed ? 1 : 0);
' "$mode" docs/requirements.md "${files[@]}"
