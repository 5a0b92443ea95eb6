"""Bad input raises ValueError with the core's one-line message, the very line `badport` prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

import badport

BAD_TARGETS = [
    "6000x",
    "-1",
    "70000",
    "6010-6000",
    "chrome",
    "localhost",
    "http://a:99999/",
    "http://[::1/",
    "",
    " ",
    "6000,",
    "0x1770",
    "+6000",
    "http://exa mple.com/",
]


@pytest.mark.parametrize("text", BAD_TARGETS)
def test_bad_targets_as_the_cli(text: str, run_cli: Any) -> None:
    with pytest.raises(ValueError) as raised:
        badport.check(text)
    done = run_cli("check", "--", text)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == f"badport: {raised.value}\n"
    with pytest.raises(ValueError, match=f"^{__import__('re').escape(str(raised.value))}$"):
        badport.is_blocked(text)


@pytest.mark.parametrize(
    "call, cli_args",
    [
        (lambda: badport.check(6000, engines="chromum"), ["check", "6000", "--engine", "chromum"]),
        (lambda: badport.check(6000, engines=""), ["check", "6000", "--engine", ""]),
        (lambda: badport.check(6000, engines="chrome,,firefox"), ["check", "6000", "--engine", "chrome,,firefox"]),
        (
            lambda: badport.check(6000, chromium_flags="--explicitly-allowed-ports='6000"),
            ["check", "6000", "--chromium-flags", "--explicitly-allowed-ports='6000"],
        ),
        (lambda: badport.pick(range="7-3"), ["pick", "--range", "7-3"]),
        (lambda: badport.pick(host="example.com"), ["pick", "--host", "example.com"]),
    ],
    ids=["unknown-engine", "empty-engines", "empty-engine-item", "unbalanced-quote", "backwards-range", "host-name"],
)
def test_bad_options_as_the_cli(call: Callable[[], object], cli_args: list[str], run_cli: Any) -> None:
    with pytest.raises(ValueError) as raised:
        call()
    done = run_cli(*cli_args)
    assert done.returncode == 2
    assert done.stderr == f"badport: {raised.value}\n"


def test_engine_names_get_did_you_mean() -> None:
    with pytest.raises(ValueError, match=r'^unknown engine "chromum": did you mean chromium\?$'):
        badport.engine("chromum")
    with pytest.raises(ValueError, match="unknown engine"):
        badport.engines(["firefox", "netscape"])


def test_prefs_file_errors_as_the_cli(tmp_path: Path, run_cli: Any) -> None:
    missing = tmp_path / "missing.js"
    with pytest.raises(OSError) as raised:
        badport.check(6000, firefox_prefs=missing)
    assert run_cli("check", "6000", "--firefox-prefs", str(missing)).stderr == f"badport: {raised.value}\n"
    broken = tmp_path / "prefs.js"
    broken.write_text('user_pref("network.security.ports.banned", "6000);\n', encoding="utf-8")
    with pytest.raises(ValueError) as bad:
        badport.check(6000, firefox_prefs=str(broken))
    done = run_cli("check", "6000", "--firefox-prefs", str(broken))
    assert done.returncode == 2 and done.stderr == f"badport: {bad.value}\n"
    with pytest.raises(ValueError, match="network.security.ports.banned"):
        badport.check(6000, firefox_prefs={"network.security.ports.baned": "6000"})


def test_ports_must_be_ports() -> None:
    with pytest.raises(ValueError, match=r'^invalid port "-1"'):
        badport.is_blocked(-1)
    with pytest.raises(ValueError, match=r'"65536"'):
        badport.nearest_allowed(65536)
    with pytest.raises(ValueError, match=r'"99999999999999999999999"'):
        badport.suggest(99999999999999999999999)
    for wrong in (6000.0, True, None, b"6000"):
        with pytest.raises(TypeError):
            badport.is_blocked(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        badport.check([6000, 6000.5])  # type: ignore[list-item]


def test_no_free_port_is_an_os_error(run_cli: Any) -> None:
    # Port 1 is blocked by every engine that blocks: no port of 1-1 qualifies.
    # The message io/pick.h documents (subject: the range searched); the CLI words it its own way.
    with pytest.raises(OSError, match=r'^cannot access "1-1": no free port that no chosen engine blocks$'):
        badport.pick(range=(1, 1))
    done = run_cli("pick", "--range", "1-1")
    assert done.returncode == 2 and "no free port that no chosen engine blocks" in done.stderr
