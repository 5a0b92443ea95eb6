#!/bin/sh
# Times `badport probe` per browser, against a named peer measured in the same run: the same
# probe page awaiting one fetch at a time (--window 1), the simple harness a person would write.
#
#   bench/probe_bench.sh [BADPORT] [BROWSERS]
#   PORTS=1-65535 PEER_PORTS=1-5000 bench/probe_bench.sh build/release/tools/cli/badport
#
# Prints, per browser: the full probe's time, the peer's time on PEER_PORTS, and the ratio of
# their rates (ports per second). Browsers that are not installed are skipped. Run it on an
# otherwise idle machine: the figures are only comparable within one run.
set -eu
badport=${1:-build/release/tools/cli/badport}
browsers=${2:-"chromium firefox webkit"}
ports=${PORTS:-1-65535}
peer_ports=${PEER_PORTS:-1-5000}

count() {  # number of ports in a set like 1-5000,6000
  echo "$1" | tr ',' '\n' | awk -F- '{ n += (NF == 2 ? $2 - $1 + 1 : 1) } END { print n }'
}

seconds() {  # elapsed_ms of a probe's JSON, in seconds
  sed -n 's/.*"elapsed_ms": \([0-9]*\).*/\1/p' | awk '{ printf "%.1f", $1 / 1000 }'
}

printf '%-9s %-28s %10s %12s %12s %8s\n' browser version "full (s)" "peer (s)" "peer ports" ratio
for b in $browsers; do
  if ! out=$("$badport" probe --browser "$b" --ports "$ports" --json 2>/tmp/probe_bench.err); then
    if grep -q "not installed" /tmp/probe_bench.err; then
      echo "$b: not installed, skipped"; continue
    fi
    [ -n "$out" ] || { cat /tmp/probe_bench.err; continue; }
  fi
  version=$(echo "$out" | sed -n 's/.*"version": "\(.*\)".*/\1/p')
  full=$(echo "$out" | seconds)
  peer=$("$badport" probe --browser "$b" --ports "$peer_ports" --window 1 --retries 0 --timeout 3600 --json | seconds)
  ratio=$(awk -v f="$full" -v p="$peer" -v nf="$(count "$ports")" -v np="$(count "$peer_ports")" \
    'BEGIN { printf "%.1fx", (nf / f) / (np / p) }')
  printf '%-9s %-28s %10s %12s %12s %8s\n' "$b" "$version" "$full" "$peer" "$peer_ports" "$ratio"
done
rm -f /tmp/probe_bench.err
