#!/bin/sh
# Times `badport probe` per browser over the full port range, against a named peer measured in
# the same run: the same probe page awaiting one fetch per port at a time (--chain 1
# --window 1), the simple harness a person would write.
#
#   bench/probe_bench.sh [BADPORT] [BROWSERS]
#   PORTS=1-65535 PEER_PORTS=1-5000 bench/probe_bench.sh build/release/badport "chromium webkit"
#   PEER_PORTS= bench/probe_bench.sh          # full-range times only, no peer
#
# Prints, per browser: the full probe's time and rounds, whether the database agreed, the
# peer's time on PEER_PORTS, and the ratio of their rates (ports per second). Browsers that are
# not installed are skipped. The probes run one after the other; a probe is bound by the CPU
# the browser spends per request, so run it on an otherwise idle machine: the figures are only
# comparable within one run.
set -eu
badport=${1:-build/release/badport}
browsers=${2:-"chromium firefox webkit"}
ports=${PORTS:-1-65535}
peer_ports=${PEER_PORTS-1-5000}
err=$(mktemp)
trap 'rm -f "$err"' EXIT

count() {  # number of ports in a set like 1-5000,6000
  echo "$1" | tr ',' '\n' | awk -F- '{ n += (NF == 2 ? $2 - $1 + 1 : 1) } END { print n }'
}

field() {  # a number or boolean field of a probe's JSON
  sed -n "s/^  \"$1\": \([0-9a-z]*\).*/\1/p"
}

printf '%-9s %-28s %10s %7s %7s %10s %12s %8s\n' browser version "full (s)" rounds agrees "peer (s)" "peer ports" ratio
for b in $browsers; do
  if ! out=$("$badport" probe --browser "$b" --ports "$ports" --json 2>"$err"); then
    if grep -q "not installed" "$err"; then
      echo "$b: not installed, skipped"; continue
    fi
    [ -n "$out" ] || { cat "$err"; continue; }
  fi
  version=$(echo "$out" | sed -n 's/^  "version": "\(.*\)".*/\1/p')
  full=$(echo "$out" | field elapsed_ms | awk '{ printf "%.1f", $1 / 1000 }')
  rounds=$(echo "$out" | field rounds)
  agrees=$(echo "$out" | field agrees)
  peer=- ratio=-
  if [ -n "$peer_ports" ]; then
    peer=$("$badport" probe --browser "$b" --ports "$peer_ports" --chain 1 --window 1 --retries 0 --timeout 3600 --json |
      field elapsed_ms | awk '{ printf "%.1f", $1 / 1000 }')
    ratio=$(awk -v f="$full" -v p="$peer" -v nf="$(count "$ports")" -v np="$(count "$peer_ports")" \
      'BEGIN { printf "%.1fx", (nf / f) / (np / p) }')
  fi
  printf '%-9s %-28s %10s %7s %7s %10s %12s %8s\n' "$b" "$version" "$full" "$rounds" "$agrees" "$peer" \
    "${peer_ports:--}" "$ratio"
done
