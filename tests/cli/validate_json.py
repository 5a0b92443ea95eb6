#!/usr/bin/env python3
"""Validates the real JSON output of `badport check` against doc/schema/check.schema.json.

Usage: validate_json.py BADPORT SCHEMA_DIR. Exits 1 listing every document that does not
validate; prints how many it checked.
"""
import json
import subprocess
import sys

import jsonschema

badport, schema_dir = sys.argv[1], sys.argv[2]
with open(f"{schema_dir}/check.schema.json", encoding="utf-8") as f:
    schema = json.load(f)
validator = jsonschema.Draft202012Validator(schema)

cases = [
    ["6000"], ["8000"], ["6000-6010"], ["0-65535"], ["localhost:6000"], ["[::1]:5060"],
    ["0.0.0.0:6000->5000/tcp, :::6000->5000/tcp"], ["6665-6669:6665-6669"], ["6000,6665", "8000"],
    ["http://localhost:6000/"], ["https://example.com/"], ["mailto:x@example.com"], ["ftp://h/"],
    ["4190", "-e", "chromium,firefox"], ["6000", "-e", "bun"],
    ["6000", "--chromium-flags", "--explicitly-allowed-ports=6000", "-e", "chromium"],
]
failures = 0
for args in cases:
    out = subprocess.run([badport, "check", *args, "--json"], capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        print(f"check {' '.join(args)}: exit {out.returncode}: {out.stderr}", file=sys.stderr)
        failures += 1
        continue
    errors = sorted(validator.iter_errors(json.loads(out.stdout)), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"check {' '.join(args)}: {'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
    failures += bool(errors)
print(f"{len(cases)} documents checked, {failures} invalid")
sys.exit(1 if failures else 0)
