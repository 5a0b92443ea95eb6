"""badport.pick: free ports that no chosen engine refuses, proved free by binding them."""

from __future__ import annotations

import socket
from contextlib import ExitStack
from typing import Optional

import pytest

import badport


def bindable(port: int) -> bool:
    """Whether a server could listen on 127.0.0.1:port now (as pick binds: SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def hold(stack: ExitStack, port: int) -> Optional[socket.socket]:
    """Listens on 127.0.0.1:port until the stack closes; None when the port is taken already."""
    s = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        return None
    s.listen()
    return s


def test_pick_gives_a_free_allowed_port_in_the_default_range() -> None:
    for _ in range(20):
        port = badport.pick()
        assert 10000 <= port <= 32767
        assert not badport.is_blocked(port)
        assert bindable(port)


def test_pick_near_skips_blocked_and_taken_ports() -> None:
    with ExitStack() as stack:
        # 6000 is blocked (X11); hold 6001, the next allowed port above, so it is not free.
        held = hold(stack, 6001)
        port = badport.pick(near=6000)
        assert port not in (6000, 6001) if held else port != 6000
        assert not badport.is_blocked(port)
        # The suggestion policy: the next port above that is allowed and free.
        assert port > 6000
        for q in range(6001, port):
            assert badport.is_blocked(q) or not bindable(q) or (held is not None and q == 6001), q


def test_pick_honours_the_chosen_engines() -> None:
    # Bun blocks nothing, so 6000 itself is the closest port to 6000 when it is free.
    port = badport.pick(near=6000, engines="bun")
    assert port == 6000 or not bindable(6000)
    assert badport.pick(near=6000, engines="chromium") != 6000


@pytest.mark.parametrize("spec", ["20000-20009", (20000, 20009), range(20000, 20010), badport.PortRange(20000, 20009)])
def test_pick_in_a_range(spec: object) -> None:
    ports = badport.pick_ports(3, range=spec)  # type: ignore[arg-type]
    assert len(set(ports)) == 3
    assert all(20000 <= p <= 20009 for p in ports)
    assert badport.pick(range=spec) in range(20000, 20010)  # type: ignore[arg-type]


def test_pick_avoids_blocked_ports_in_a_range() -> None:
    # 6665-6669 are IRC ports every engine but Bun refuses: from 6660-6675, none of them.
    ports = badport.pick_ports(8, range="6660-6675")
    assert not set(ports) & set(range(6665, 6670))
    assert all(not badport.is_blocked(p) for p in ports)


def test_pick_on_a_host() -> None:
    port = badport.pick(host="127.0.0.1")
    assert bindable(port) and not badport.is_blocked(port)
