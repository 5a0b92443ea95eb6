#!/usr/bin/env python3
"""Runs every ```console example of the given Markdown files and compares what badport prints.

A line starting with "$ " is a command (run by bash, with the built badport first on PATH);
the lines after it, up to the next command or the end of the block, are its standard output.
Trailing blanks are not compared (a TSV row may end in an empty field). Exit status: 0 when
every example prints what the document shows, 1 otherwise, 2 on bad arguments.

    console_examples.py BADPORT_EXE FILE.md...
"""
import os
import subprocess
import sys
import tempfile


def examples(path):
    """Yields (line number, command, expected lines) for each command of each console block."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    inside = False
    current = None
    for number, line in enumerate(lines, 1):
        if not inside:
            inside = line.strip() == "```console"
            continue
        if line.strip() == "```":
            if current:
                yield current
            inside, current = False, None
            continue
        if line.startswith("$ "):
            if current:
                yield current
            current = (number, line[2:], [])
        elif current:
            current[2].append(line)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    exe = os.path.abspath(argv[1])
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as bin_dir:
        os.symlink(exe, os.path.join(bin_dir, "badport"))
        env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
        failures = total = 0
        for path in argv[2:]:
            for number, command, expected in examples(path):
                total += 1
                run = subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True, timeout=60)
                got = [l.rstrip() for l in run.stdout.rstrip("\n").split("\n")] if run.stdout else []
                want = [l.rstrip() for l in expected]
                if got != want:
                    failures += 1
                    print(f"{path}:{number}: $ {command}", file=sys.stderr)
                    print("  the document shows:\n    " + "\n    ".join(want), file=sys.stderr)
                    print("  badport prints:\n    " + "\n    ".join(got), file=sys.stderr)
    if total == 0:
        print("console_examples: no ```console example found", file=sys.stderr)
        return 1
    print(f"console_examples: {total - failures} of {total} examples print what the documents show")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
