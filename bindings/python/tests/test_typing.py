"""The installed type stubs: they describe the module (mypy's stubtest), and mypy reads them
through py.typed, so a type error in code that uses badport is found."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import badport

pytest.importorskip("mypy", reason="python3-mypy is not installed")

# pybind11 classes have the pybind11_type metaclass and a generic __init__ that stubs do not
# spell out; everything else stubtest reports is a real difference.
PYBIND11_NOISE = ("metaclass differs", "stub does not have *args argument")


def test_stubs_match_the_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "badport", "--mypy-config-file", str(tmp_path / "none.ini")],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    blocks = [b for b in done.stdout.split("\nerror: ") if b.strip() and not b.startswith("Found ")]
    real = [b for b in blocks if not any(noise in b.splitlines()[0] for noise in PYBIND11_NOISE)]
    assert real == [], "\n".join(real)
    assert set(badport.__all__) == {n for n in dir(badport._badport) if not n.startswith("_")} | {"__version__"}


USES = '''
import badport

decisions: list[badport.Decision] = badport.check(["6000", "http://localhost:6000/"], engines="chrome")
first: badport.Decision = decisions[0]
suggestion: int | None = first.suggestion
url: badport.URL = badport.parse_url("http://localhost:6000/")
port: int | None = url.port
blocked: bool = badport.is_blocked(6000, firefox_prefs={"network.security.ports.banned": "8080"})
picked: int = badport.pick(near=6000, range=(6000, 6100))
for finding in badport.scan("."):
    line: int = finding.line
'''


def mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "uses.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-version", "3.11", "uses.py"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )


def test_mypy_reads_the_stubs(tmp_path: Path) -> None:
    good = mypy(tmp_path, USES)
    assert good.returncode == 0, good.stdout
    bad = mypy(tmp_path, USES + 'oops: str = badport.is_blocked(6000)\nbadport.pick(near="6000")\n')
    assert bad.returncode == 1
    assert 'Incompatible types in assignment (expression has type "bool", variable has type "str")' in bad.stdout
    assert 'Argument "near" to "pick" has incompatible type "str"' in bad.stdout


def test_the_package_itself_is_strictly_typed(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "badport"],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert done.returncode == 0, done.stdout
