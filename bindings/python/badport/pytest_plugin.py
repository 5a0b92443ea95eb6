"""The pytest plugin of badport (entry point ``pytest11``): free ports that browsers open.

A live server for a browser test (Selenium, Playwright, Django's LiveServerTestCase) must not
listen on a port that the browser refuses: Chrome fails with ERR_UNSAFE_PORT before the
request leaves. The ``browser_safe_port`` fixture picks a free TCP port (bound on loopback to
prove it) that no chosen engine blocks::

    def test_app(browser_safe_port):
        server = start_server(port=browser_safe_port)

Engines: ``--badport-engines=chromium,firefox`` on the command line, or ``badport_engines`` in
the ini file; every engine badport knows by default.
"""

from __future__ import annotations

from typing import Optional

import pytest

import badport


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("badport", "badport: ports browsers refuse")
    group.addoption(
        "--badport-engines",
        dest="badport_engines",
        default=None,
        metavar="ENGINES",
        help="engines whose blocked ports browser_safe_port avoids, comma-separated "
        f"({', '.join(e.name for e in badport.engines())}, or aliases such as chrome); default: all",
    )
    parser.addini("badport_engines", "engines whose blocked ports browser_safe_port avoids (default: all)")


def _engines_of(config: pytest.Config) -> Optional[str]:
    value = config.getoption("badport_engines") or config.getini("badport_engines")
    return value or None


def pytest_configure(config: pytest.Config) -> None:
    engines = _engines_of(config)
    if engines is not None:
        try:
            badport.engines(engines)
        except ValueError as e:
            raise pytest.UsageError(f"--badport-engines: {e}") from None


@pytest.fixture
def badport_engines(request: pytest.FixtureRequest) -> list[str]:
    """The engine names the session's fixtures avoid (--badport-engines)."""
    return [e.name for e in badport.engines(_engines_of(request.config))]


@pytest.fixture
def browser_safe_port(request: pytest.FixtureRequest) -> int:
    """A free TCP port that no chosen engine refuses, bound on loopback to prove it free.

    Nothing holds the port afterwards: start the server on it right away.
    """
    return badport.pick(engines=_engines_of(request.config))
