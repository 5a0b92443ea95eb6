"""The pytest plugin, in real pytest runs (subprocesses that load it through its entry point)."""

from __future__ import annotations

import re

import pytest

import badport

SERVE_AND_FETCH = '''
import http.server
import threading
import urllib.request

import badport


def test_serve_on_the_port(browser_safe_port, tmp_path):
    (tmp_path / "hello.txt").write_text("hello from a browser-safe port")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", browser_safe_port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{browser_safe_port}/hello.txt", timeout=10) as response:
            assert response.read() == b"hello from a browser-safe port"
    finally:
        server.shutdown()
        server.server_close()
    assert not badport.is_blocked(browser_safe_port)
    print("PORT", browser_safe_port)


def test_two_fixtures_two_ports(browser_safe_port, request):
    assert isinstance(browser_safe_port, int) and 1 <= browser_safe_port <= 65535
'''


def test_fixture_serves_http_on_a_free_allowed_port(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_served=SERVE_AND_FETCH)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=2)
    ports = [int(p) for p in re.findall(r"PORT (\d+)", result.stdout.str())]
    assert len(ports) == 1 and not badport.is_blocked(ports[0])


def test_engines_option_and_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_engines="""
def test_engines(badport_engines, browser_safe_port):
    print("ENGINES", ",".join(badport_engines))
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s", "--badport-engines=chrome,safari")
    result.assert_outcomes(passed=1)
    assert "ENGINES chromium,webkit\n" in result.stdout.str()
    pytester.makeini("[pytest]\nbadport_engines = gecko\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    assert "ENGINES firefox\n" in result.stdout.str()
    # Without either: every engine the module knows.
    pytester.makeini("[pytest]\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s")
    assert "ENGINES " + ",".join(e.name for e in badport.engines()) + "\n" in result.stdout.str()


def test_bad_engines_are_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_nothing="def test_nothing(): pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--badport-engines=chromum")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(['*--badport-engines: unknown engine "chromum": did you mean chromium?*'])


def test_help_shows_the_option(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*--badport-engines=ENGINES*"])
