#!/usr/bin/env bash
# The Python module against the standard library, in one run:
#   - badport.parse_url (per call, and parse_urls in bulk) against urllib.parse.urlsplit over
#     the 960k-URL set of url_bench.sh (../shared/bench-data/kasztp-urls.txt x 20);
#   - the import time of badport against urllib.parse (python -X importtime, best of 15),
#     and a bare interpreter start against one that imports badport (best of 15).
#
# Usage: bench/python_bench.sh [PYTHON] [copies]
#   default PYTHON: build/python-venv/bin/python (scripts/python-test makes it), which must
#   import the installed badport.

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
python=${1:-$root/build/python-venv/bin/python}
copies=${2:-20}
data=${BADPORT_SHARED_DIR:-$root/../shared}/bench-data/kasztp-urls.txt

[[ -x $python ]] || { echo "python_bench: no $python (run scripts/python-test first)" >&2; exit 2; }
[[ -r $data ]] || { echo "python_bench: no $data (the shared bench data is absent)" >&2; exit 2; }
cd "$(mktemp -d)"  # nothing of the source tree on sys.path
trap 'rm -rf "$PWD"' EXIT

"$python" "$root/bench/python_url_bench.py" "$data" "$copies" 3

"$python" - "$python" <<'EOF'
import subprocess, sys, time

python = sys.argv[1]

def importtime(module):
    """Cumulative microseconds of `import module`, from python -X importtime."""
    err = subprocess.run([python, "-X", "importtime", "-c", f"import {module}"],
                         capture_output=True, text=True, check=True).stderr
    for line in reversed(err.splitlines()):
        fields = [f.strip() for f in line.split("|")]
        if len(fields) == 3 and fields[2] == module:
            return int(fields[1])
    raise SystemExit(f"no import time for {module}")

def start(code):
    t = time.perf_counter()
    subprocess.run([python, "-c", code], check=True)
    return time.perf_counter() - t

runs = 15
# The best of several runs: on a shared machine, anything slower is someone else's load.
b = min(importtime("badport") for _ in range(runs))
u = min(importtime("urllib.parse") for _ in range(runs))
bare = min(start("pass") for _ in range(runs))
with_badport = min(start("import badport") for _ in range(runs))
print(f"import badport: {b / 1000:.1f} ms, import urllib.parse: {u / 1000:.1f} ms "
      f"(best of {runs}, python -X importtime): {b / u:.2f}x urllib.parse")
print(f"python -c pass: {bare * 1000:.1f} ms, python -c 'import badport': {with_badport * 1000:.1f} ms "
      f"(best of {runs}): +{(with_badport - bare) * 1000:.1f} ms")
EOF
