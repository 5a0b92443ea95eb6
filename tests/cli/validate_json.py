#!/usr/bin/env python3
"""Validates the real JSON output of every badport command against doc/schema/*.schema.json.

Usage: validate_json.py BADPORT SCHEMA_DIR [--probe]. Each command runs against real things:
loopback listeners for `sockets` (one on a port browsers refuse, when one is free), a real
child listening on a refused port for `run --json` (its JSON lines on stderr), a local
HTTP server for `fetch` (127.0.0.1:0, with a redirect to a server on a refused port), a temp
project for `scan`. With --probe it validates `badport probe --json` with a real Chromium
instead (a browser test). Exits 1 listing every document that does not validate, or that
lacks what the run was set up to show; prints how many documents it checked.
"""
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

import jsonschema

badport, schema_dir = sys.argv[1], sys.argv[2]
probe_only = "--probe" in sys.argv[3:]
validators = {}
checked = 0
failures = 0


def validator(name):
    if name not in validators:
        with open(f"{schema_dir}/{name}.schema.json", encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[name] = jsonschema.Draft202012Validator(schema)
    return validators[name]


def fail(what, message):
    global failures
    print(f"{what}: {message}", file=sys.stderr)
    failures += 1


def validate(schema, args, codes=(0, 1), expect=None):
    """Runs `badport ARGS`, validates stdout against SCHEMA; `expect(doc)` returns a complaint or None."""
    global checked
    what = "badport " + " ".join(args)
    out = subprocess.run([badport, *args], capture_output=True, text=True, check=False, timeout=120)
    checked += 1
    if out.returncode not in codes:
        return fail(what, f"exit {out.returncode}: {out.stderr.strip()}")
    try:
        doc = json.loads(out.stdout)
    except json.JSONDecodeError as e:
        return fail(what, f"not JSON: {e}")
    errors = sorted(validator(schema).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:5]:
        fail(what, f"{'/'.join(map(str, e.path))}: {e.message}")
    if not errors and expect is not None and (complaint := expect(doc)):
        fail(what, complaint)
    return doc


def refused_ports():
    """Ports every engine but Bun refuses, 1024 and above (binding needs no root)."""
    doc = json.loads(subprocess.run([badport, "list", "--json"], capture_output=True, text=True, check=True).stdout)
    return [p["port"] for p in doc["ports"] if p["port"] >= 1024 and len(p["blocked_by"]) >= 8]


def listen(port, host="127.0.0.1"):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    try:
        s.bind((host, port))
        s.listen(8)
        return s
    except OSError:
        s.close()
        return None


def listen_refused(host="127.0.0.1"):
    for port in refused_ports():
        if s := listen(port, host):
            return s
    return None


def run_probe():
    browser = shutil.which("chromium")
    if browser is None:
        print("skipped: no chromium")
        sys.exit(0)
    validate("probe", ["probe", "--browser", "chromium", "--ports", "5990-6010", "--json"],
             expect=lambda d: None if d["ports"] == [{"first": 5990, "last": 6010}] else "ports not as asked")


if probe_only:
    run_probe()
    print(f"{checked} documents checked, {failures} invalid")
    sys.exit(1 if failures else 0)

# check: one document per argument list. The ranges hold every kind of result (port 0, ports
# every engine refuses, ports only some refuse, allowed ports); that all 65,536 ports stream
# into one document is CheckBounds.JsonOfEveryPortStreams' test (validating it here took two
# minutes of the suite).
for args in [
    ["6000"], ["8000"], ["6000-6010"], ["0-130,4180-4200,5055-5065,6560-6700,10075-10085"], ["localhost:6000"], ["[::1]:5060"],
    ["0.0.0.0:6000->5000/tcp, :::6000->5000/tcp"], ["6665-6669:6665-6669"], ["6000,6665", "8000"],
    ["http://localhost:6000/"], ["https://example.com/"], ["mailto:x@example.com"], ["ftp://h/"],
    ["4190", "-e", "chromium,firefox"], ["6000", "-e", "bun"],
    ["6000", "--chromium-flags", "--explicitly-allowed-ports=6000", "-e", "chromium"],
]:
    validate("check", ["check", *args, "--json"])

# list and diff.
validate("list", ["list", "--json"])
validate("list", ["list", "--json", "--engine", "chromium"],
         expect=lambda d: None if all("since" in p for p in d["ports"]) else "no since with one engine")
validate("list", ["list", "--json", "--at", "2016-03-10"])
validate("diff", ["diff", "chromium", "firefox", "--json"],
         expect=lambda d: None if d["only_right"] else "chromium and firefox differ on 4190 and 6679")
validate("diff", ["diff", "fetch", "deno", "--json"])
validate("diff", ["diff", "chrome", "edge", "--json"],
         expect=lambda d: None if d["same_list"] and d["requested"]["right"] == "edge" else "chrome and edge are one list")

# pick.
validate("pick", ["pick", "--json"], codes=(0,))
validate("pick", ["pick", "--near", "6665", "--count", "3", "--json"], codes=(0,))
validate("pick", ["pick", "--host", "127.0.0.1", "--range", "20000-20999", "--engine", "chromium", "--json"], codes=(0,))

# sockets: a listener on a refused port (IPv4 and, when there is one, IPv6), one on an allowed port.
held = [s for s in (listen_refused(), listen_refused("::1"), listen(0)) if s is not None]
if listen_refused_port := next((s.getsockname()[1] for s in held[:-1]), None):
    def has_refused(doc):
        for entry in doc["listeners"]:
            if entry["port"] == listen_refused_port:
                return None if entry["suggestion"] is not None and entry["processes"] else "no suggestion or process"
        return f"listener on {listen_refused_port} missing"
    validate("sockets", ["sockets", "--json"], expect=has_refused)
else:
    print(f"note: no refused port free on loopback; sockets validated without one", file=sys.stderr)
    validate("sockets", ["sockets", "--json"])
validate("sockets", ["sockets", "--all", "--json"],
         expect=lambda d: None if any(e["port"] == held[-1].getsockname()[1] for e in d["listeners"]) else "--all misses a listener")
validate("sockets", ["sockets", "--engine", "bun", "--json"], codes=(0,))
for s in held:
    s.close()


# run: a real child listening on a refused port for a moment; each JSON line on stderr.
if child_port := next((p for p in refused_ports() if (s := listen(p)) and not s.close()), None):
    child = (f"import socket,time; s=socket.socket(); s.bind(('127.0.0.1',{child_port})); s.listen(); "
             "time.sleep(1)")
    out = subprocess.run([badport, "run", "--interval", "50", "--json", "--", sys.executable, "-c", child],
                         capture_output=True, text=True, check=False, timeout=60)
    lines = [json.loads(line) for line in out.stderr.splitlines() if line.startswith('{"schema":')]
    checked += 1
    if out.returncode != 0 or len(lines) != 1 or lines[0]["port"] != child_port:
        fail("badport run --json", f"exit {out.returncode}, stderr {out.stderr!r}")
    for line in lines:
        for e in validator("run.listener").iter_errors(line):
            fail("badport run --json", f"{'/'.join(map(str, e.path))}: {e.message}")
else:
    print("note: no refused port free on loopback; run --json not validated", file=sys.stderr)

# fetch: a local server, a redirect to a second server on a refused port, a refused port
# directly, a connection that nobody accepts.
class handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.path[4:]}/ok")
            self.end_headers()
            return
        body = b"hello\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(port):
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        return None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


servers = [serve(0)]
for port in refused_ports():
    if refused := serve(port):
        servers.append(refused)
        break
base = f"http://127.0.0.1:{servers[0].server_address[1]}"
validate("fetch", ["fetch", f"{base}/ok", "--json", "--body"], codes=(0,))
if len(servers) > 1:
    rport = servers[1].server_address[1]
    validate("fetch", ["fetch", f"{base}/to/{rport}", "--json"], codes=(1,),
             expect=lambda d: None if d["hops"][-1]["suggestion"] is not None else "a refused hop without suggestion")
    validate("fetch", ["fetch", f"http://127.0.0.1:{rport}/ok", "--as", "chromium", "--json"], codes=(1,))
closed = socket.socket()
closed.bind(("127.0.0.1", 0))
closed_port = closed.getsockname()[1]
closed.close()
validate("fetch", ["fetch", f"http://127.0.0.1:{closed_port}/", "--json"], codes=(2,))
for s in servers[1:] + servers[:1]:
    s.shutdown()

# scan: a small project with a compose file, an env file, a script and an unreadable file.
with tempfile.TemporaryDirectory() as project:
    files = {
        "compose.yaml": "services:\n  web:\n    image: nginx\n    ports:\n      - \"6000:80\"\n"
                        "  irc:\n    image: inspircd\n    ports:\n      - \"6665-6669:6665-6669\"\n",
        ".env": "PORT=6000\nAPI_URL=http://localhost:5060/api\n",
        "package.json": "{\n  \"scripts\": {\"dev\": \"vite --port 6666\"}\n}\n",
        "secret.env": "PORT=10080\n",
    }
    for name, text in files.items():
        with open(os.path.join(project, name), "w", encoding="utf-8") as f:
            f.write(text)
    os.chmod(os.path.join(project, "secret.env"), 0)
    validate("scan", ["scan", project, "--json"], codes=(1, 2),
             expect=lambda d: None if any("range_suggestion" in f for f in d["findings"]) else "no range finding")
    os.chmod(os.path.join(project, "secret.env"), 0o600)

print(f"{checked} documents checked, {failures} invalid")
sys.exit(1 if failures else 0)
