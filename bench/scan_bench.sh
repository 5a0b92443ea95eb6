#!/usr/bin/env bash
# Compares `badport scan --format json` with ripgrep (`rg -c -i port`, Debian's ripgrep) on the
# same synthetic project tree, in one run, with hyperfine:
#   - 100,000+ files: sources (C, Python, JS, TypeScript, Go, Ruby, Java, Markdown) with a few
#     URLs, every config kind badport reads (compose, Dockerfile, .env, package.json, Procfile,
#     Makefile, shell, devcontainer.json, launchSettings.json, Spring, nginx, Caddyfile,
#     Kubernetes) and the places servers are started (Flask, Express, vite, Go, Puma, README
#     code blocks, JSON/TOML/INI app configs, skaffold, systemd),
#   - ignored folders (node_modules/, dist/ in .gitignore; ripgrep honours them too, the tree
#     is a git repository),
#   - a few large files (over badport's default 1 MiB limit, and some just under it).
# Reports both mean wall times, badport's as a ratio to ripgrep's, and each tool's peak RSS
# (/usr/bin/time -v). Targets: ratio <= 1.0, badport peak RSS < 64 MiB.
#
# Usage: bench/scan_bench.sh [path/to/badport] [files]
#   default badport: build/release/badport (cmake --workflow --preset release)

set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
badport=${1:-$root/build/release/badport}
files=${2:-100000}

for tool in rg hyperfine python3 git /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "scan_bench: $tool is needed" >&2; exit 2; }
done
[[ -x $badport ]] || { echo "scan_bench: no badport at $badport (build the release preset)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/badport-scan-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
tree=$work/tree

echo "scan_bench: building a tree of $files files in $tree" >&2
python3 - "$tree" "$files" <<'EOF'
import os, random, sys
root, total = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
os.makedirs(root)
words = "port server client request handler config value buffer stream socket listen".split()

def text(lines, url_every=0):
    out = []
    for i in range(lines):
        line = " ".join(rng.choice(words) for _ in range(8))
        if url_every and i % url_every == 0:
            line += " see http://localhost:%d/api" % (6000 if rng.random() < 0.05 else rng.choice([8080, 3000, 5000, 8000]))
        out.append(line)
    return "\n".join(out) + "\n"

configs = {
    "compose.yaml": 'services:\n  web:\n    image: x\n    ports:\n      - "6000:5000"\n      - "8080:80"\n    expose: ["6000"]\n',
    "Dockerfile": "FROM node:20\nEXPOSE 6000 8080\nCMD [\"node\", \"server.js\", \"--port\", \"8080\"]\n",
    ".env": "PORT=6665\nDB_PORT=5432\nAPI_URL=http://localhost:8080\n",
    "package.json": '{\n  "name": "x",\n  "scripts": { "dev": "vite --port 6000", "start": "node ." }\n}\n',
    "Procfile": "web: gunicorn -b 0.0.0.0:8000 app:app\n",
    "Makefile": "PORT ?= 8000\nrun:\n\tflask run -p 5060\n",
    "run.sh": "#!/bin/sh\npython -m http.server 8080\n",
    "devcontainer.json": '// c\n{ "forwardPorts": [3000, 6000,], }\n',
    "launchSettings.json": '{"profiles":{"a":{"applicationUrl":"http://localhost:6697;https://localhost:5001"}}}\n',
    "application.properties": "server.port=8080\n",
    "application.yml": "server:\n  port: 6666\n",
    "nginx.conf": "server {\n  listen 6000;\n  listen 80;\n}\n",
    "Caddyfile": "localhost:6667 {\n  respond hi\n}\n",
    "service.yaml": "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      nodePort: 30080\n",
    "app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\nTIMEOUT = 6000\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', port=int(os.environ.get('PORT', 6000)))\n",
    "server.js": "const express = require('express');\nconst app = express();\nsetTimeout(() => {}, 6000);\napp.listen(process.env.PORT || 5060);\n",
    "vite.config.ts": "import { defineConfig } from 'vite';\nexport default defineConfig({ server: { port: 6000 }, build: { chunkSizeWarningLimit: 6000 } });\n",
    "main.go": "package main\nimport \"net/http\"\nconst bufferSize = 6000\nfunc main() { http.ListenAndServe(\":6000\", nil) }\n",
    "puma.rb": "threads 5, 5\nport ENV.fetch('PORT') { 6000 }\n",
    "README.md": "# App\n\n```bash\ndocker run -it \\\n  -p 6000:5000 \\\n  app\n```\n\nThen open `localhost:6000`.\n",
    "config.json": '{\n  "http": { "port": 6665, "timeout": 6000 }\n}\n',
    "config.toml": "[server]\nhttp_port = 6666\nread_timeout = 6000\n",
    "settings.ini": "[server]\nport = 6667\nworkers = 4\n",
    "skaffold.yaml": "apiVersion: skaffold/v4beta6\nkind: Config\nportForward:\n  - resourceName: web\n    port: 80\n    localPort: 6668\n",
    "web.socket": "[Socket]\nListenStream=6669\n",
}
with open(os.path.join(root, ".gitignore"), "w") as f:
    f.write("node_modules/\ndist/\n*.log\n")

made = 0
ignored = total // 5          # a fifth of the files sit in ignored folders
large = 6
per_dir = 100
d = 0
def new_file(path, data):
    global made
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(data)
    made += 1

# Ignored folders.
while made < ignored:
    base = os.path.join(root, "node_modules", "pkg%04d" % d)
    for i in range(per_dir):
        new_file(os.path.join(base, "index%d.js" % i), text(20, 5))
    d += 1
# Large files: three over 1 MiB, three just under.
for i in range(large):
    size_lines = 30000 if i < 3 else 11000
    new_file(os.path.join(root, "data", "big%d.txt" % i), text(size_lines, 50))
# The project: every config kind, then sources.
d = 0
while made < total:
    base = os.path.join(root, "src", "m%03d" % (d // 50), "d%04d" % d)
    if d % 10 == 0:
        for name, data in configs.items():
            new_file(os.path.join(base, name), data)
    for i in range(per_dir - (len(configs) if d % 10 == 0 else 0)):
        if made >= total:
            break
        ext = rng.choice(["c", "py", "js", "md", "ts", "go", "rb", "java"])
        new_file(os.path.join(base, "file%d.%s" % (i, ext)), text(rng.randint(10, 60), 25))
    d += 1
print("files:", made, file=sys.stderr)
EOF
git -C "$tree" init -q

echo "scan_bench: $(find "$tree" -type f | wc -l) files, $(du -sh "$tree" | cut -f1)" >&2
rg_version=$(rg --version)
echo "scan_bench: badport $("$badport" --version), ${rg_version%%$'\n'*}" >&2

# Peak memory of one run each (the page cache is warm from building the tree).
# (badport exits 1 when it finds blocked ports: that is not a failure here.)
peak() { { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident set size/ {print $2}'; }
badport_kib=$(peak "$badport" scan --format json "$tree")
rg_kib=$(peak rg -c -i port "$tree")

hyperfine --warmup 1 --runs "${BADPORT_BENCH_RUNS:-5}" --ignore-failure --style basic \
  --export-json "$work/hyperfine.json" \
  -n badport "$badport scan --format json $tree" \
  -n ripgrep "rg -c -i port $tree" >&2

python3 - "$work/hyperfine.json" "$badport_kib" "$rg_kib" <<'EOF'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
b, r = runs["badport"]["mean"], runs["ripgrep"]["mean"]
bk, rk = int(sys.argv[2]), int(sys.argv[3])
print(f"badport scan --format json: {b*1000:.0f} ms (± {runs['badport']['stddev']*1000:.0f}), peak RSS {bk/1024:.1f} MiB")
print(f"rg -c -i port:              {r*1000:.0f} ms (± {runs['ripgrep']['stddev']*1000:.0f}), peak RSS {rk/1024:.1f} MiB")
print(f"ratio badport/ripgrep: {b/r:.2f}x wall time (target <= 1.0x); badport peak RSS "
      f"{'within' if bk <= 64*1024 else 'OVER'} 64 MiB")
EOF
