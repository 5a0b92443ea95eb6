"""Shared fixtures: the installed badport module, the badport command to compare it with, the
JSON Schema of badport.check/2, and the WPT URL data where it lies (../shared/wpt/).

Run over the installed module (scripts/python-test does it):

    BADPORT_CLI=build/release/badport python -m pytest -p no:cacheprovider bindings/python/tests
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable, Optional

import pytest

import badport

ROOT = Path(__file__).resolve().parents[3]

pytest_plugins = ["pytester"]


def pytest_sessionstart(session: pytest.Session) -> None:
    # The tests are about the installed module: one imported from the source tree (a stale
    # in-tree build, a sys.path accident) would test something nobody installs.
    module = Path(badport.__file__).resolve()
    if ROOT / "bindings" in module.parents or not {"site-packages", "dist-packages"} & set(module.parts):
        raise pytest.UsageError(f"badport was imported from {module}, not from an installation")


@pytest.fixture(scope="session")
def cli() -> str:
    """The badport command of the same tree: $BADPORT_CLI, else build/release/badport, else PATH."""
    for candidate in (os.environ.get("BADPORT_CLI"), str(ROOT / "build" / "release" / "badport"), shutil.which("badport")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("no badport command to compare with: set BADPORT_CLI or build the release preset")


CliRun = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def run_cli(cli: str) -> CliRun:
    def run(*args: str, input: Optional[str] = None) -> "subprocess.CompletedProcess[str]":
        return subprocess.run([cli, *args], capture_output=True, text=True, input=input, timeout=600)

    return run


@pytest.fixture(scope="session")
def cli_check(run_cli: CliRun) -> Callable[..., list[dict[str, Any]]]:
    """`badport check --json [options] -- TARGET...`: its results, which must be a badport.check/2 document."""

    def check(targets: list[str], *options: str) -> list[dict[str, Any]]:
        done = run_cli("check", "--json", *options, "--", *targets)
        assert done.returncode in (0, 1), f"badport check {' '.join(options)} failed: {done.stderr}"
        doc = json.loads(done.stdout)
        assert doc["schema"] == "badport.check/2"
        return doc["results"]

    return check


@pytest.fixture(scope="session")
def check_schema() -> dict[str, Any]:
    return json.loads((ROOT / "doc" / "schema" / "check.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def result_validator(check_schema: dict[str, Any]) -> Any:
    """A validator of one badport.check/2 result object."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = dict(check_schema)
    schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/result"}
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def shared_dir() -> Path:
    return Path(os.environ.get("BADPORT_SHARED_DIR") or ROOT.parent / "shared")


@pytest.fixture(scope="session")
def wpt_urltestdata() -> list[dict[str, Any]]:
    path = shared_dir() / "wpt" / "urltestdata.json"
    if not path.is_file():
        pytest.skip(f"no WPT URL data at {path}")
    return [case for case in json.loads(path.read_text(encoding="utf-8")) if isinstance(case, dict)]


@pytest.fixture(scope="session")
def wpt_toascii() -> list[dict[str, Any]]:
    path = shared_dir() / "wpt" / "toascii.json"
    if not path.is_file():
        pytest.skip(f"no WPT toascii data at {path}")
    return [case for case in json.loads(path.read_text(encoding="utf-8")) if isinstance(case, dict)]
