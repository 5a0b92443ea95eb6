"""badport: which TCP ports browsers and JavaScript runtimes refuse, why, and what to use instead.

Every answer comes from badport's C++ core (the same one as the ``badport`` command)::

    >>> import badport
    >>> badport.is_blocked(6000)
    True
    >>> d = badport.check(6000)[0]
    >>> d.blocked_by, d.service, d.suggestion
    (['fetch', 'chromium', 'firefox', 'webkit', 'servo', 'ladybird', 'node', 'deno'], 'x11', 6001)
    >>> badport.parse_url("HTTP://EXAMPLE.com:6000/a/../b").href
    'http://example.com:6000/b'

Bad input raises ValueError with the core's message; a failed file or socket operation, OSError.
"""

from ._badport import (
    URL,
    Decision,
    Engine,
    Finding,
    Nearest,
    PortRange,
    ScanProblem,
    ScanReport,
    Since,
    Target,
    Verdict,
    __version__,
    blocked_ports,
    check,
    database_date,
    engine,
    engines,
    is_blocked,
    nearest_allowed,
    parse_url,
    parse_urls,
    pick,
    pick_ports,
    scan,
    suggest,
)

__all__ = [
    "URL",
    "Decision",
    "Engine",
    "Finding",
    "Nearest",
    "PortRange",
    "ScanProblem",
    "ScanReport",
    "Since",
    "Target",
    "Verdict",
    "__version__",
    "blocked_ports",
    "check",
    "database_date",
    "engine",
    "engines",
    "is_blocked",
    "nearest_allowed",
    "parse_url",
    "parse_urls",
    "pick",
    "pick_ports",
    "scan",
    "suggest",
]
