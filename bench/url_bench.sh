#!/usr/bin/env bash
# Compares `badport check --stdin --count` with two peers on the same file, in one run:
#   node:   Node.js `new URL()` (the ada parser) + the Fetch bad-port lookup
#   python: Python `urllib.parse.urlsplit` + the same lookup
# Input: ../shared/bench-data/kasztp-urls.txt replicated 20 times (about 960k URLs).
# All three decide for the Fetch standard (`--engine fetch`: an explicit bad port on
# http/https/ws/wss) with the bad-port list taken from `badport list --engine fetch --json`,
# and must count the same verdicts. Reports wall time, URLs/s, peak RSS (/usr/bin/time -v)
# and badport's speed as a ratio to each peer.
#
# Usage: bench/url_bench.sh [path/to/badport] [copies]
#   default badport: build/release/tools/cli/badport (cmake --workflow --preset release)

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
badport=${1:-$root/build/release/tools/cli/badport}
copies=${2:-20}
data=${BADPORT_SHARED_DIR:-$root/../shared}/bench-data/kasztp-urls.txt

for tool in node python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "url_bench: $tool is needed" >&2; exit 2; }
done
[[ -x $badport ]] || { echo "url_bench: no badport at $badport (build the release preset)" >&2; exit 2; }
[[ -r $data ]] || { echo "url_bench: no $data (the shared bench data is absent)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/badport-url-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

input=$work/urls.txt
for ((i = 0; i < copies; i++)); do cat "$data"; done >"$input"
lines=$(wc -l <"$input")

# The Fetch bad ports, from badport's own database, for the peers.
"$badport" list --engine fetch --json | python3 -c '
import json, sys
print(",".join(str(p["port"]) for p in json.load(sys.stdin)["ports"]))' >"$work/ports.txt"

cat >"$work/peer.mjs" <<'EOF'
import { readFileSync } from "node:fs";
const bad = new Set(readFileSync(process.argv[3], "utf8").trim().split(",").map(Number));
const fetchSchemes = new Set(["http:", "https:", "ws:", "wss:"]);
let blocked = 0, allowed = 0, invalid = 0;
for (const raw of readFileSync(process.argv[2], "utf8").split("\n")) {
  const line = raw.trim();
  if (line === "") continue;
  let url;
  try { url = new URL(line); } catch { invalid++; continue; }
  // URL.port is "" for the scheme's default port: never blocked.
  if (fetchSchemes.has(url.protocol) && url.port !== "" && bad.has(Number(url.port))) blocked++;
  else allowed++;
}
console.log(JSON.stringify({ blocked, allowed, invalid }));
EOF

cat >"$work/peer.py" <<'EOF'
import json, sys
from urllib.parse import urlsplit
bad = {int(p) for p in open(sys.argv[2]).read().strip().split(",")}
default = {"http": 80, "https": 443, "ws": 80, "wss": 443}
blocked = allowed = invalid = 0
with open(sys.argv[1], encoding="utf-8", errors="surrogateescape") as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        try:
            parts = urlsplit(line)
            port = parts.port
            # urlsplit accepts what WHATWG rejects; a special URL without a host is invalid.
            if parts.scheme in ("http", "https", "ws", "wss", "ftp") and not parts.hostname:
                raise ValueError("host missing")
        except ValueError:
            invalid += 1
            continue
        if parts.scheme in default and port is not None and port != default[parts.scheme] and port in bad:
            blocked += 1
        else:
            allowed += 1
print(json.dumps({"blocked": blocked, "allowed": allowed, "invalid": invalid}))
EOF

# run NAME COMMAND...: runs under /usr/bin/time -v; prints "seconds rss_kib counts_json".
run() {
  local name=$1
  shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  echo "$wall $rss"
}

read -r b_wall b_rss < <(run badport sh -c "exec '$badport' check --stdin --count --json --engine fetch <'$input'")
read -r n_wall n_rss < <(run node node "$work/peer.mjs" "$input" "$work/ports.txt")
read -r p_wall p_rss < <(run python python3 "$work/peer.py" "$input" "$work/ports.txt")

b_counts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({k: d[k] for k in ("blocked","allowed","invalid")}))' "$work/badport.out")
n_counts=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$work/node.out")
p_counts=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$work/python.out")

python3 - "$lines" "$b_wall" "$b_rss" "$n_wall" "$n_rss" "$p_wall" "$p_rss" "$b_counts" "$n_counts" "$p_counts" <<'EOF'
import sys
lines = int(sys.argv[1])
rows = [("badport", float(sys.argv[2]), int(sys.argv[3]), sys.argv[8]),
        ("node", float(sys.argv[4]), int(sys.argv[5]), sys.argv[9]),
        ("python", float(sys.argv[6]), int(sys.argv[7]), sys.argv[10])]
print(f"{lines} URLs ({'kasztp-urls.txt'} x copies), engine fetch")
print(f"{'tool':<8} {'wall s':>8} {'URLs/s':>12} {'peak RSS':>10}  verdicts")
for name, wall, rss, counts in rows:
    rate = lines / wall if wall > 0 else float("inf")
    print(f"{name:<8} {wall:>8.3f} {rate:>12,.0f} {rss / 1024:>7.1f} MiB  {counts}")
b = rows[0][1] or 0.001
print(f"badport is {rows[1][1] / b:.1f}x faster than node, {rows[2][1] / b:.1f}x faster than python")
same = rows[0][3] == rows[1][3] == rows[2][3]
print("verdict counts agree" if same else "VERDICT COUNTS DIFFER")
sys.exit(0 if same else 1)
EOF
