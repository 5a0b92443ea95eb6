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
#   default badport: build/release/badport (cmake --workflow --preset release)

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
badport=${1:-$root/build/release/badport}
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
# awk 1 ends every copy with a newline, so the last line of one copy never joins the next.
for ((i = 0; i < copies; i++)); do awk 1 "$data"; done >"$input"
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

# The data has no explicit bad port, so the verdicts are also compared on a mix: the first
# 5000 URLs with explicit ports put in, bad and good, default and not, on every scheme family.
python3 - "$data" "$work/mixed.txt" <<'EOF'
import re, sys
ports = ["6000", "5060", "80", "443", "21", "8080", "6667", "0", "10080", "06000", "65535", "99999"]
schemes = ["http", "https", "ws", "wss", "ftp"]
out = open(sys.argv[2], "w")
for i, line in enumerate(open(sys.argv[1], encoding="utf-8", errors="replace")):
    if i == 5000:
        break
    m = re.match(r"^[a-z]+://([A-Za-z0-9.-]+)(.*)$", line.strip())
    if m:
        out.write(f"{schemes[i % len(schemes)]}://{m.group(1)}:{ports[i % len(ports)]}{m.group(2)}\n")
EOF

# run NAME COMMAND...: runs under /usr/bin/time -v; prints "wall_seconds cpu_seconds rss_kib".
# CPU time (user + system) is reported beside wall time: the machine may be shared.
run() {
  local name=$1
  shift
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" || true
  local wall cpu rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$name.time" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  echo "$wall $cpu $rss"
}

read -r b_wall b_cpu b_rss < <(run badport sh -c "exec '$badport' check --stdin --count --json --engine fetch <'$input'")
read -r n_wall n_cpu n_rss < <(run node node "$work/peer.mjs" "$input" "$work/ports.txt")
read -r p_wall p_cpu p_rss < <(run python python3 "$work/peer.py" "$input" "$work/ports.txt")

# counts FILE: the verdict counts of the three, one JSON line each.
counts() {
  "$badport" check --stdin --count --json --engine fetch <"$1" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("blocked","allowed","invalid")}))'
  node "$work/peer.mjs" "$1" "$work/ports.txt" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))'
  python3 "$work/peer.py" "$1" "$work/ports.txt"
}
mixed=$(counts "$work/mixed.txt")
echo "mixed ports ($(wc -l <"$work/mixed.txt") URLs): badport, node, python:"
echo "$mixed" | sed 's/^/  /'
if [[ $(echo "$mixed" | sort -u | wc -l) != 1 ]]; then
  echo "VERDICT COUNTS DIFFER on the mix" >&2
  exit 1
fi

b_counts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({k: d[k] for k in ("blocked","allowed","invalid")}))' "$work/badport.out")
n_counts=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$work/node.out")
p_counts=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$work/python.out")

python3 - "$lines" "$copies" "$b_wall" "$b_cpu" "$b_rss" "$n_wall" "$n_cpu" "$n_rss" "$p_wall" "$p_cpu" "$p_rss" \
  "$b_counts" "$n_counts" "$p_counts" <<'EOF'
import sys
a = sys.argv
lines, copies = int(a[1]), int(a[2])
rows = [("badport", float(a[3]), float(a[4]), int(a[5]), a[12]),
        ("node", float(a[6]), float(a[7]), int(a[8]), a[13]),
        ("python", float(a[9]), float(a[10]), int(a[11]), a[14])]
print(f"{lines} URLs (kasztp-urls.txt x {copies}), engine fetch")
print(f"{'tool':<8} {'wall s':>8} {'cpu s':>8} {'URLs/s wall':>12} {'URLs/s cpu':>12} {'peak RSS':>10}  verdicts")
for name, wall, cpu, rss, counts in rows:
    print(f"{name:<8} {wall:>8.3f} {cpu:>8.3f} {lines / max(wall, 1e-3):>12,.0f} {lines / max(cpu, 1e-3):>12,.0f}"
          f" {rss / 1024:>6.1f} MiB  {counts}")
bw, bc = max(rows[0][1], 1e-3), max(rows[0][2], 1e-3)
print(f"badport vs node:   {rows[1][1] / bw:.1f}x faster (wall), {rows[1][2] / bc:.1f}x (cpu)")
print(f"badport vs python: {rows[2][1] / bw:.1f}x faster (wall), {rows[2][2] / bc:.1f}x (cpu)")
same = rows[0][4] == rows[1][4] == rows[2][4]
print("verdict counts agree" if same else "VERDICT COUNTS DIFFER")
sys.exit(0 if same else 1)
EOF
