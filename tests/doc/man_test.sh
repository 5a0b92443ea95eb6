#!/bin/bash
# Fails when a subcommand or a long option that `badport --help` or `badport CMD --help` shows
# is missing from the man page: global options under .SH OPTIONS, a command's options under its
# own .SS "badport CMD ..." heading.
# Usage: man_test.sh BADPORT_EXE MAN_PAGE
set -euo pipefail
BADPORT=$1
MAN=$2
. "$(dirname "$0")/help_options.sh"

# The page as words: no font escapes, "\-" as "-".
plain() { sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\-/-/g' -e 's/\\(aq/'"'"'/g' "$MAN"; }

# The lines of one section: from a heading matching $1 to the next .SH or .SS.
section() {
  plain | awk -v start="$1" '
    /^\.S[HS] / { on = ($0 ~ start) ; if (on) { print; next } }
    on { print }'
}

has_option() {  # TEXT OPTION: the option as a word, not a prefix of a longer one
  grep -Eq -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|$)" <<<"$1"
}

mapfile -t cmds < <(commands)
[[ ${#cmds[@]} -gt 0 ]] || { echo "FAIL: no subcommands parsed from $BADPORT --help" >&2; exit 1; }

global=$(section '^\.SH OPTIONS')
for opt in $(long_options); do
  has_option "$global" "$opt" || failed "badport $opt is not under OPTIONS in $MAN"
done

checked=0
for cmd in "${cmds[@]}"; do
  text=$(section "^\\.SS \"?badport $cmd( |\"|$)")
  if [[ -z $text ]]; then
    failed "no .SS \"badport $cmd ...\" section in $MAN"
    continue
  fi
  for opt in $(long_options "$cmd"); do
    [[ $opt == --help ]] && continue  # documented once, under OPTIONS
    has_option "$text" "$opt" || failed "badport $cmd $opt is not in the \"badport $cmd\" section of $MAN"
    checked=$((checked + 1))
  done
done
grep -q '^\.SH EXIT STATUS' "$MAN" || failed "no EXIT STATUS section in $MAN"
grep -q '^\.SH EXAMPLES' "$MAN" || failed "no EXAMPLES section in $MAN"

[[ $fail == 0 ]] && echo "man page covers ${#cmds[@]} commands and $checked command options"
exit $fail
