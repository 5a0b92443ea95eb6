#!/usr/bin/env bash
# Precision of `badport scan` on real trees that are not projects with blocked ports: the
# installed Pythons' standard libraries and site-packages, /usr/include, /usr/share/doc and
# Debian's node packages (/usr/share/nodejs). Almost nothing there chooses a browser-blocked
# port, so every finding is printed for review (file:line, port, kind, the source line), with
# the count of files read and the findings per 10,000 files. Target: at most 1 false finding
# per 10,000 files.
#
# Usage: bench/scan_precision.sh [path/to/badport] [TREE...]
#   default badport: build/release/badport; default trees: the ones above that exist.
#   Debian's node packages: apt-get install node-express node-typescript node-eslint ...

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
badport=${1:-$root/build/release/badport}
shift || true
[[ -x $badport ]] || { echo "scan_precision: no badport at $badport (build the release preset)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "scan_precision: python3 is needed" >&2; exit 2; }

trees=("$@")
if [[ ${#trees[@]} -eq 0 ]]; then
  for t in /usr/lib/python3 /usr/lib/python3.* /root/.pyenv/versions/*/lib /usr/local/lib/python3.* \
           /usr/include /usr/share/doc /usr/share/nodejs; do
    [[ -d $t ]] && trees+=("$t")
  done
fi
[[ ${#trees[@]} -gt 0 ]] || { echo "scan_precision: no tree to scan" >&2; exit 2; }

out=$(mktemp "${TMPDIR:-/tmp}/badport-precision.XXXXXX")
trap 'rm -f "$out"' EXIT INT TERM
# --no-ignore: system trees carry no .gitignore of their own, but a stray one must not hide files.
"$badport" scan --no-ignore --format json "${trees[@]}" > "$out" 2>/dev/null || true

python3 - "$out" "${trees[@]}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
files = d["files_read"]
findings = d["findings"]
print("trees:", " ".join(sys.argv[2:]))
for f in findings:
    src = f["source"].strip()
    print(f"{f['path']}:{f['line']}: {f['port']} {f['severity']} [{f['kind']}] {src[:120]}")
per = len(findings) * 10000 / files if files else 0.0
print(f"files read: {files}; findings: {len(findings)}; {per:.2f} per 10,000 files "
      "(review each above: the false ones must stay at or under 1 per 10,000 files)")
PY
