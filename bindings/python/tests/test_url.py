"""badport.parse_url is the core's WHATWG parser: the web-platform-tests URL data, read where it
lies (../shared/wpt/), and the CLI's answers for every WPT input as a check target."""

from __future__ import annotations

import json
from typing import Any

import pytest

import badport

GETTERS = ("href", "protocol", "username", "password", "host", "hostname", "pathname", "search", "hash")


def test_wpt_urltestdata(wpt_urltestdata: list[dict[str, Any]]) -> None:
    checked = failures = 0
    for case in wpt_urltestdata:
        where = f"{case['input']!r} against {case.get('base')!r}"
        if case.get("failure"):
            with pytest.raises(ValueError, match=r'^invalid URL "'):
                badport.parse_url(case["input"], case.get("base"))
            failures += 1
            continue
        u = badport.parse_url(case["input"], case.get("base"))
        for getter in GETTERS:
            assert getattr(u, getter) == case[getter], f"{where}: {getter}"
        assert u.port == (int(case["port"]) if case["port"] else None), where
        if "origin" in case:
            assert u.origin == case["origin"], where
        assert str(u) == u.href and badport.parse_url(u.href) == u, where
        checked += 1
    assert checked > 500 and failures > 100


def test_wpt_toascii(wpt_toascii: list[dict[str, Any]], run_cli: Any) -> None:
    # As WPT's toascii.window.js does: the input as the host of a special URL. The few cases
    # Debian 12's ICU 72 answers differently (tests/unit/url_wpt_test.cpp lists them) must
    # still be the core's answer: the CLI, on the same input, says the same.
    passed = 0
    differ = []
    for case in wpt_toascii:
        text = f"https://{case['input']}/x"
        try:
            got: Any = badport.parse_url(text).hostname
        except ValueError as e:
            got = e
        if (case["output"] is None and isinstance(got, ValueError)) or got == case["output"]:
            passed += 1
        else:
            differ.append((text, got))
    assert passed > 50 and len(differ) < 10, differ
    for text, got in differ:
        done = run_cli("check", "--json", "--", text)
        if isinstance(got, ValueError):
            assert done.stderr == f"badport: {got}\n", text
        else:
            assert json.loads(done.stdout)["results"][0]["url"]["href"] == f"https://{got}/x", text


def test_parse_urls_is_parse_url_in_bulk(wpt_urltestdata: list[dict[str, Any]]) -> None:
    inputs = [case["input"] for case in wpt_urltestdata]
    for base in (None, "http://example.org/foo/bar", badport.parse_url("https://a.example/b/c?d#e")):
        bulk = badport.parse_urls(inputs, base)
        assert len(bulk) == len(inputs)
        for text, got in zip(inputs, bulk):
            try:
                expected = badport.parse_url(text, base)
            except ValueError:
                assert got is None, text
            else:
                assert got == expected and got is not None and got.href == expected.href, text
    assert badport.parse_urls([]) == []
    assert badport.parse_urls(iter(["http://a:1/", "http://a:99999/"])) == [badport.parse_url("http://a:1/"), None]


def test_url_getters() -> None:
    u = badport.parse_url("HTTP://User:Pw@EXAMPLE.com:6000/a/../b?q=1#f")
    assert (u.href, u.scheme, u.protocol) == ("http://User:Pw@example.com:6000/b?q=1#f", "http", "http:")
    assert (u.username, u.password, u.hostname, u.host) == ("User", "Pw", "example.com", "example.com:6000")
    assert (u.port, u.effective_port, u.pathname, u.query, u.fragment) == (6000, 6000, "/b", "q=1", "f")
    assert (u.search, u.hash, u.origin, u.is_special, u.has_opaque_path) == ("?q=1", "#f", "http://example.com:6000", True, False)
    d = badport.parse_url("https://example.com:443/")
    assert (d.port, d.effective_port, d.host) == (None, 443, "example.com")
    m = badport.parse_url("mailto:x@example.com")
    assert (m.effective_port, m.has_opaque_path, m.has_host, m.origin) == (None, True, False, "null")
    assert badport.parse_url("http://[::1]:5060/").hostname == "[::1]"
    assert badport.parse_url("http://0x7f.1/").hostname == "127.0.0.1"
    assert badport.parse_url("https://faß.example/").hostname == "xn--fa-hia.example"
    assert badport.parse_url("../x", "http://h/a/b/c").href == "http://h/a/x"
    assert {badport.parse_url("http://A/"), badport.parse_url("http://a/")} == {badport.parse_url("http://a/")}


def test_bad_urls_raise_value_error_with_the_reason() -> None:
    with pytest.raises(ValueError, match=r'^invalid URL "http://a:99999/": port out of range$'):
        badport.parse_url("http://a:99999/")
    with pytest.raises(ValueError, match=r"^invalid URL "):
        badport.parse_url("no scheme")
    with pytest.raises(ValueError):
        badport.parse_url("x", "not a base")
    with pytest.raises(ValueError):  # UnicodeEncodeError: a lone surrogate is not text
        badport.parse_url("http://\udcff/")
    with pytest.raises(TypeError):
        badport.parse_url(80)  # type: ignore[arg-type]


def test_wpt_inputs_as_check_targets_as_the_cli(
    wpt_urltestdata: list[dict[str, Any]], cli_check: Any, run_cli: Any
) -> None:
    """Every WPT input (no base) as `badport check` reads it: the same results, or the same error."""
    inputs = sorted({c["input"] for c in wpt_urltestdata if c.get("base") is None and "\0" not in c["input"]})
    good: list[str] = []
    errors = 0
    for text in inputs:
        try:
            badport.check(text)
        except ValueError as e:
            done = run_cli("check", "--", text)
            assert done.returncode == 2, text
            assert done.stderr == f"badport: {e}\n", text
            errors += 1
        else:
            good.append(text)
    mine = [d.to_dict() for d in badport.check(good)]
    assert mine == cli_check(good)
    assert len(good) > 100 and errors > 50


def test_url_objects_behave_as_values() -> None:
    import pickle

    u = badport.URL("HTTP://Example.com:6000/a?b#c")
    assert u == badport.parse_url("http://example.com:6000/a?b#c") and u != badport.parse_url("http://example.com/")
    assert repr(u) == "URL('http://example.com:6000/a?b#c')" and str(u) == u.href
    assert pickle.loads(pickle.dumps(u)) == u
    assert badport.URL("../x", base=badport.URL("http://h/a/b")).href == "http://h/x"
    assert badport.parse_url(url="x", base="http://h/a/").href == "http://h/a/x"
    assert (u == "http://example.com:6000/a?b#c") is False
    with pytest.raises(TypeError):
        badport.parse_url("http://h/", "http://b/", "extra")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        badport.parse_url(link="http://h/")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        badport.parse_url()  # type: ignore[call-arg]
    with pytest.raises(ValueError, match='^invalid URL "http://a:99999/": port out of range$'):
        badport.URL("http://a:99999/")
    # Decisions hand out the same type.
    d = badport.check("http://localhost:6000/")[0]
    assert isinstance(d.url, badport.URL) and d.url == badport.URL("http://localhost:6000/")
    assert d.target.url == d.url
