# Sourced by the doc tests: reads the real binary's --help output.
#   commands              the subcommands listed by `badport --help`
#   long_options [CMD]    the long options listed by `badport [CMD] --help`, one a line

commands() {
  "$BADPORT" --help | awk '/^[A-Za-z].*:$/ { section = $0; next }
                           section ~ /^Subcommands:/ && /^  [a-z]/ { print $1 }'
}

long_options() {
  # Option lines start with two spaces and a dash: "  -e,--engine TEXT=all   Engines ...".
  "$BADPORT" "$@" --help | awk '/^[A-Za-z].*:$/ { section = $0; next }
    section ~ /^Options:/ && /^  -/ {
      n = split($1, names, ",")
      for (i = 1; i <= n; i++) if (names[i] ~ /^--/) { sub(/[ =].*/, "", names[i]); print names[i] }
    }'
}

fail=0
failed() {
  echo "FAIL: $*" >&2
  fail=1
}
