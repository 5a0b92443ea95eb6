#!/usr/bin/env bash
# badport sockets against ss (and lsof, for reference) with many listeners on loopback, in one
# hyperfine run; then the CPU that `badport run` spends watching a quiet command.
#
#   bench/sockets_bench.sh                 # 10,000 listeners, build/release/badport
#   BADPORT=path/to/badport N=2000 bench/sockets_bench.sh
#   RUN_SECONDS=0 bench/sockets_bench.sh   # skip the `badport run` CPU measurement
#
# Needs: hyperfine, ss (iproute2), lsof, python3, GNU time (/usr/bin/time). Target: the ratio
# "badport sockets --json" / "ss -ltnp" is at most 1.0.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
badport=${BADPORT:-$here/build/release/badport}
n=${N:-10000}
run_seconds=${RUN_SECONDS:-30}
[[ -x $badport ]] || { echo "sockets_bench: no badport at $badport (cmake --build --preset release)" >&2; exit 2; }
for tool in hyperfine ss lsof python3; do
  command -v "$tool" >/dev/null || { echo "sockets_bench: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d)
opener=
cleanup() {
  [[ -n $opener ]] && kill "$opener" 2>/dev/null && wait "$opener" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# N listeners on 127.0.0.1 (ports chosen by the kernel), held until this script ends.
ulimit -n $((n + 1024))
python3 - "$n" "$work/ready" <<'PY' &
import socket, sys, signal
n, ready = int(sys.argv[1]), sys.argv[2]
held = []
for _ in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    held.append(s)
open(ready, "w").write("ok\n")
signal.pause()
PY
opener=$!
for _ in $(seq 600); do [[ -f $work/ready ]] && break; sleep 0.1; done
[[ -f $work/ready ]] || { echo "sockets_bench: the listeners did not open" >&2; exit 2; }

count=$(ss -ltnH | wc -l)
echo "listeners on this machine: $count"

hyperfine -N --warmup 3 --min-runs 10 --export-json "$work/hyperfine.json" \
  --command-name "badport sockets --json --all" "$badport sockets --json --all" \
  --command-name "badport sockets --json" "$badport sockets --json" \
  --command-name "ss -ltnp" "ss -ltnp" \
  --command-name "lsof -iTCP -sTCP:LISTEN" "lsof -nP -iTCP -sTCP:LISTEN" \
  >&2 || true   # badport sockets exits 1 when some listener is on a blocked port

python3 - "$work/hyperfine.json" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ss = res["ss -ltnp"]["mean"]
print(f"{'command':<32} {'mean ms':>9} {'± ms':>7} {'ratio vs ss -ltnp':>18}")
for name, r in res.items():
    print(f"{name:<32} {r['mean']*1000:9.2f} {r['stddev']*1000:7.2f} {r['mean']/ss:18.2f}")
ratio = res["badport sockets --json"]["mean"] / ss
print(f"target: badport sockets --json / ss -ltnp <= 1.0: {ratio:.2f} {'ok' if ratio <= 1.0 else 'MISSED'}")
PY

kill "$opener" 2>/dev/null; wait "$opener" 2>/dev/null || true; opener=

# The CPU that `badport run` uses while it watches a command that does nothing, measured with
# GNU time over RUN_SECONDS (the command's own CPU, sleep's, is next to nothing).
if (( run_seconds > 0 )) && [[ -x /usr/bin/time ]]; then
  /usr/bin/time -f "%U %S %e" -o "$work/time" "$badport" run -- sleep "$run_seconds"
  read -r user sys elapsed < "$work/time"
  python3 - "$user" "$sys" "$elapsed" <<'PY'
import sys
u, s, e = map(float, sys.argv[1:])
print(f"badport run -- sleep: {u+s:.3f} s CPU over {e:.1f} s wall = {100*(u+s)/e:.3f}% of one core")
PY
fi
