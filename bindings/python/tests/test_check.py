"""badport.check and friends give the answers of `badport check --json`, object for object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pytest

import badport

ALL_PORTS = range(0, 65536)
CHUNK = 4096


def engine_selections() -> list[Optional[str]]:
    """Every engine alone, and all of them (None), from the module itself: no list is written here."""
    return [None] + [e.name for e in badport.engines()]


def first_difference(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> str:
    if len(mine) != len(theirs):
        return f"{len(mine)} results from Python, {len(theirs)} from the CLI"
    for a, b in zip(mine, theirs):
        if a != b:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            return f"{a['target']['input']}: {', '.join(f'{k}: {a.get(k)!r} != {b.get(k)!r}' for k in keys)}"
    return ""


@pytest.mark.parametrize("engines", engine_selections(), ids=lambda e: e or "all")
def test_every_port_as_the_cli(engines: Optional[str], cli_check: Any, result_validator: Any) -> None:
    options = ("--engine", engines) if engines else ()
    for start in range(0, len(ALL_PORTS), CHUNK):
        ports = [str(p) for p in ALL_PORTS[start : start + CHUNK]]
        mine = [d.to_dict() for d in badport.check(ports, engines=engines)]
        theirs = cli_check(ports, *options)
        assert mine == theirs, first_difference(mine, theirs)
        # The schema too, on every blocked port and a spread of allowed ones.
        for r in mine:
            if r["blocked"] or r["port"] % 251 == 0:
                result_validator.validate(r)


TARGETS = [
    "6665-6669",
    "0-10",
    "6000,6665,8080",
    "1-1024,6000",
    "http://localhost:6000/",
    "HTTP://LOCALHOST:06000/a/../b",
    "https://example.com/",
    "https://example.com:443/",
    "https://example.com:6000/",
    "ws://[::1]:5060/socket",
    "wss://example.com:10080/",
    "ftp://example.com:21/",
    "ftp://example.com:22/",
    "file:///etc/hosts",
    "mailto:someone@example.com",
    "non-special://h:6000/",
    "javascript:alert(1)",
    "localhost:6000",
    "127.0.0.1:6667",
    "[::1]:5060",
    ":6000",
    "6000/tcp",
    "6000:5000",
    "127.0.0.1:6000:5000",
    "0.0.0.0:6000->5000/tcp",
    "0.0.0.0:6000->5000/tcp, :::6000->5000/tcp",
    "6665-6666:8000-8001",
    "http://münchen.example:6000/",
    "http://0x7f.1:5060/",
    "0",
    "65535",
]


@pytest.mark.parametrize("engines", [None, "chromium", "fetch", "firefox,webkit", "bun"], ids=lambda e: e or "all")
def test_targets_as_the_cli(engines: Optional[str], cli_check: Any, result_validator: Any) -> None:
    options = ("--engine", engines) if engines else ()
    for target in TARGETS:
        mine = [d.to_dict() for d in badport.check(target, engines=engines)]
        theirs = cli_check([target], *options)
        assert mine == theirs, f"{target}: {first_difference(mine, theirs)}"
        for r in mine:
            result_validator.validate(r)
    # Several targets at once: one list, in order.
    mine = [d.to_dict() for d in badport.check(TARGETS, engines=engines)]
    assert mine == cli_check(TARGETS, *options)


def write_prefs(folder: Path, banned: str, override: str) -> Path:
    prefs = folder / "prefs.js"
    prefs.write_text(
        "// Mozilla User Preferences\n"
        'user_pref("browser.startup.homepage", "about:blank");\n'
        f'user_pref("network.security.ports.banned", "{banned}");\n'
        f'user_pref("network.security.ports.banned.override", "{override}");\n',
        encoding="utf-8",
    )
    return prefs


OVERRIDE_TARGETS = ["6000", "6665-6669", "8080", "5060", "http://localhost:6000/", "ws://h:8081/"]


def test_overrides_as_the_cli(tmp_path: Path, cli_check: Any) -> None:
    flags = "chromium --headless --explicitly-allowed-ports=6000,6666,not-a-port"
    prefs = write_prefs(tmp_path, "8080-8081", "6000,6665-6667")
    mine = [
        d.to_dict() for d in badport.check(OVERRIDE_TARGETS, chromium_flags=flags, firefox_prefs=str(prefs))
    ]
    theirs = cli_check(OVERRIDE_TARGETS, "--chromium-flags", flags, "--firefox-prefs", str(prefs))
    assert mine == theirs, first_difference(mine, theirs)
    # The overrides change the answers: Chromium allows 6000, Firefox bans 8080.
    by_input = {d.target.input: d for d in badport.check(OVERRIDE_TARGETS, chromium_flags=flags, firefox_prefs=prefs)}
    chromium = {v.engine: v for v in by_input["6000"].verdicts}["chromium"]
    assert (chromium.blocked, chromium.reason) == (False, "explicitly-allowed")
    firefox = {v.engine: v for v in by_input["8080"].verdicts}["firefox"]
    assert (firefox.blocked, firefox.reason) == (True, "pref-banned")
    assert "firefox" in by_input["8080"].blocked_by


def test_override_forms_agree(tmp_path: Path) -> None:
    """A prefs mapping decides as the prefs.js it stands for; an argument list as its command line."""
    prefs = write_prefs(tmp_path, "8080-8081", "6000,6665-6667")
    from_file = [d.to_dict() for d in badport.check(OVERRIDE_TARGETS, firefox_prefs=prefs)]
    from_map = [
        d.to_dict()
        for d in badport.check(
            OVERRIDE_TARGETS,
            firefox_prefs={"network.security.ports.banned": "8080-8081", "network.security.ports.banned.override": "6000,6665-6667"},
        )
    ]
    assert from_file == from_map
    line = [d.to_dict() for d in badport.check(OVERRIDE_TARGETS, chromium_flags="--explicitly-allowed-ports='6000, 5060'")]
    args = [d.to_dict() for d in badport.check(OVERRIDE_TARGETS, chromium_flags=["--explicitly-allowed-ports=6000, 5060"])]
    assert line == args
    assert line != [d.to_dict() for d in badport.check(OVERRIDE_TARGETS)]


def test_decision_objects_hold_what_to_dict_says() -> None:
    for d in badport.check(["6000", "6665-6667", "http://localhost:5060/", "mailto:x", "8080"]):
        j = d.to_dict()
        assert d.port == j["port"] and d.scheme == j["scheme"] and d.blocked == j["blocked"]
        assert d.blocked_by == j["blocked_by"] and d.service == j["service"] and d.attack == j["attack"]
        assert d.suggestion == j["suggestion"]
        assert (d.nearest.below, d.nearest.above) == (j["nearest"]["below"], j["nearest"]["above"])
        assert d.nearest.to_dict() == j["nearest"]
        assert d.target.input == j["target"]["input"] and d.target.kind == j["target"]["kind"]
        assert (d.target.ports.to_dict() if d.target.ports else None) == j["target"]["ports"]
        rs = d.target.range_suggestion
        assert (rs.to_dict() if rs else None) == j["target"]["range_suggestion"]
        assert (d.url.href if d.url else None) == (j["url"]["href"] if j["url"] else None)
        for v, jv in zip(d.verdicts, j["verdicts"]):
            assert (v.engine, v.blocked, v.reason, v.error_code, v.error_text, v.override) == (
                jv["engine"], jv["blocked"], jv["reason"], jv["error_code"], jv["error_text"], jv["override"])
            assert (v.since.to_dict() if v.since else None) == jv["since"]


def test_is_blocked_nearest_and_suggest_agree_with_check() -> None:
    for engines in engine_selections():
        decisions = badport.check("0-65535", engines=engines)
        assert [d.port for d in decisions] == list(ALL_PORTS)
        assert [badport.is_blocked(p, engines=engines) for p in ALL_PORTS] == [d.blocked for d in decisions]
        blocked = [d for d in decisions if d.blocked]
        for d in blocked:
            assert badport.nearest_allowed(d.port, engines=engines) == d.nearest
            assert badport.suggest(d.port, engines=engines) == d.suggestion
    # Blocked somewhere, so the comparisons above compared something.
    assert badport.is_blocked(6000) and not badport.is_blocked(6000, engines="bun")
    assert badport.is_blocked("http://localhost:6000/") and not badport.is_blocked("https://localhost/")
    assert badport.is_blocked("6000", chromium_flags="--explicitly-allowed-ports=6000")
    assert not badport.is_blocked(6000, engines="chrome", chromium_flags="--explicitly-allowed-ports=6000")


def test_suggest_within() -> None:
    # The policy: the next allowed port above, inside `within`; else the nearest below.
    assert badport.suggest(6000) == badport.check(6000)[0].suggestion
    assert badport.suggest(6001) == 6001
    above = badport.suggest(6000, within=(5990, 6000))
    assert above is not None and above < 6000 and not badport.is_blocked(above)
    assert badport.suggest(1, within="1-1") is None


def test_blocked_ports_as_the_cli_lists_them(run_cli: Any) -> None:
    for engines in engine_selections():
        args = ["list", "--json"] + (["--engine", engines] if engines else [])
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        listed = [row["port"] for row in json.loads(done.stdout)["ports"]]
        assert badport.blocked_ports(engines=engines) == listed
        assert all(badport.is_blocked(p, engines=engines) for p in listed)


def test_engines_and_data_as_the_cli(run_cli: Any) -> None:
    doc = json.loads(run_cli("check", "6000", "--json").stdout)
    assert [e.name for e in badport.engines()] == doc["engines"]
    assert {e.name: e.source_ref for e in badport.engines()} == doc["data"]["sources"]
    assert badport.database_date() == doc["data"]["checked"]
    # Aliases and selections go through the core's parser.
    assert [e.name for e in badport.engines("chrome,safari")] == ["chromium", "webkit"]
    assert badport.engine("gecko") == badport.engine("firefox")
    assert badport.engines([badport.engine("edge"), "undici"]) == [badport.engine("chromium"), badport.engine("node")]


def test_facts_from_the_database() -> None:
    """A few answers people rely on, written as they are documented (README, doc/cli.md)."""
    d = badport.check(6000)[0]
    assert d.blocked and d.service == "x11" and d.suggestion == 6001
    chromium = {v.engine: v for v in d.verdicts}["chromium"]
    assert chromium.error_code == "net::ERR_UNSAFE_PORT"
    assert "6000" in chromium.override and "--explicitly-allowed-ports" in chromium.override
    assert badport.check(5060)[0].suggestion == 5062
    assert badport.check("6665-6669")[0].target.range_suggestion == badport.PortRange(6670, 6674)
    assert badport.blocked_ports(engines="bun") == []
    u = badport.check("http://localhost:6000/")[0]
    assert u.url is not None and u.url.href == "http://localhost:6000/" and u.port == 6000
    assert badport.check("https://example.com/")[0].port == 443
    assert badport.check("mailto:x")[0].port is None


def test_the_documented_examples_hold() -> None:
    """The >>> examples of the module's docstring and of doc/python.md, run as written."""
    import doctest

    from conftest import ROOT

    assert doctest.testmod(badport, raise_on_error=False).failed == 0
    result = doctest.testfile(str(ROOT / "doc" / "python.md"), module_relative=False, globs={"badport": badport})
    assert result.failed == 0 and result.attempted >= 8
