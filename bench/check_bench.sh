#!/usr/bin/env bash
# Times `badport check 6000` against /bin/true (the floor: starting a process) and against the
# same check in Node.js (undici's bad-port list in a Set, as Node's fetch decides), in one run,
# median of many. Usage: bench/check_bench.sh [path/to/badport]
# Needs hyperfine, node and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
badport=${1:-build/release/badport}
[ -x "$badport" ] || { echo "check_bench: $badport not built (run scripts/setup)" >&2; exit 2; }
runs=${RUNS:-300}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Node.js gets undici's own list, taken from badport's database for the node engine.
ports=$("$badport" list --engine node --json | python3 -c 'import json,sys; print(",".join(str(p["port"]) for p in json.load(sys.stdin)["ports"]))')
cat > "$out/check.js" <<JS
const badPorts = new Set([${ports}].map(String));
const port = process.argv[1];
const blocked = badPorts.has(port);
console.log(port + (blocked ? " blocked (bad port)" : " allowed"));
process.exitCode = blocked ? 1 : 0;
JS

hyperfine -N -i --warmup 20 --runs "$runs" --export-json "$out/result.json" \
  -n badport "$badport check 6000" \
  -n true "/bin/true" \
  -n node "node $out/check.js 6000" >&2

python3 - "$out/result.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = {k: v["median"] * 1000 for k, v in r.items()}
print(f"median wall time over {len(r['badport']['times'])} runs each:")
for k in ("badport", "true", "node"):
    print(f"  {k:8} {med[k]:8.3f} ms")
print(f"badport check 6000: {med['badport']:.3f} ms median (target <= 2 ms)")
print(f"node / badport: {med['node'] / med['badport']:.1f}x (target >= 20x)")
print(f"badport - true: {med['badport'] - med['true']:.3f} ms above process start")
PY
