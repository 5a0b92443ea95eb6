"""badport.scan is `badport scan`: the same findings in a real project folder, and the GIL is
free while it reads."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import badport


def make_project(root: Path) -> Path:
    """A small web project as people write one: Compose, .env, Dockerfile, a README, nginx."""
    root.mkdir()
    (root / ".git").mkdir()
    (root / "compose.yaml").write_text(
        "services:\n"
        "  web:\n"
        "    build: .\n"
        "    ports:\n"
        '      - "6000:80"\n'
        '      - "8080:8080"\n'
        "  chat:\n"
        "    image: ircd\n"
        "    ports:\n"
        '      - "127.0.0.1:6665-6667:6665-6667"\n',
        encoding="utf-8",
    )
    (root / ".env").write_text("PORT=5060\nAPI_URL=http://localhost:10080/api\n", encoding="utf-8")
    (root / "Dockerfile").write_text("FROM python:3.11\nEXPOSE 6000\nCMD python -m http.server 6000\n", encoding="utf-8")
    (root / "README.md").write_text("Open http://localhost:6000/ in the browser.\n", encoding="utf-8")
    (root / "nginx.conf").write_text("server {\n  listen 6669;\n  server_name _;\n}\n", encoding="utf-8")
    (root / ".gitignore").write_text("generated/\n", encoding="utf-8")
    (root / "generated").mkdir()
    (root / "generated" / "notes.txt").write_text("http://localhost:6667/\n", encoding="utf-8")
    return root


def test_scan_as_the_cli(tmp_path: Path, run_cli: Any) -> None:
    project = make_project(tmp_path / "app")
    for engines, ignore, extra in ((None, True, []), ("firefox", True, ["--engine", "firefox"]), (None, False, ["--no-ignore"])):
        report = badport.scan(project, engines=engines, ignore=ignore)
        done = run_cli("scan", "--json", *extra, str(project))
        assert done.returncode == 1, done.stderr
        doc = json.loads(done.stdout)
        mine = [f.to_dict() for f in report]
        assert mine == doc["findings"]
        assert report.files_read == doc["files_read"] and report.binary_skipped == doc["binary_skipped"]
        assert [(p.path, p.message, p.error) for p in report.problems] == [
            (p["path"], p["message"], p["error"]) for p in doc["problems"]
        ]
    # What the findings say, from the files above.
    report = badport.scan(project)
    ports = {(Path(f.path).name, f.port) for f in report}
    assert {("compose.yaml", 6000), (".env", 5060), ("Dockerfile", 6000), ("README.md", 6000)} <= ports
    assert ("compose.yaml", 8080) not in ports
    assert all(not f.path.endswith("notes.txt") for f in report)
    assert any(f.path.endswith("notes.txt") for f in badport.scan(project, ignore=False))
    x11 = next(f for f in report if Path(f.path).name == "compose.yaml" and f.port == 6000)
    assert (x11.line, x11.severity, x11.service, x11.suggestion) == (5, "error", "x11", 6001)
    assert x11.source == '      - "6000:80"' and "chromium" in x11.blocked_by
    assert len(report) == len(report.findings)


def test_scan_reports_what_it_cannot_read(tmp_path: Path, run_cli: Any) -> None:
    missing = tmp_path / "nowhere"
    report = badport.scan([missing, str(tmp_path)])
    assert len(report) == 0
    assert [p.error for p in report.problems] == [True]
    assert report.problems[0].path == str(missing)
    done = run_cli("scan", "--json", str(missing), str(tmp_path))
    assert done.returncode == 2
    assert [p["message"] for p in json.loads(done.stdout)["problems"]] == [report.problems[0].message]


def test_scan_leaves_the_gil_to_other_threads(tmp_path: Path) -> None:
    """While scan() reads and scans in C++, another Python thread runs on.

    Files full of URLs on allowed ports: seconds of C++ work, no findings to convert. Each
    scan's window is measured in the scanning thread; the main thread keeps ticking. With
    the GIL held for the call, no tick could fall in the middle of a window.
    """
    folder = tmp_path / "logs"
    folder.mkdir()
    line = "GET http://localhost:8080/api/items?page=2 200 https://example.com:8443/x\n"
    for i in range(24):
        (folder / f"access-{i}.log").write_text(line * (900_000 // len(line)), encoding="utf-8")
    windows: list[tuple[float, float]] = []

    def scanning() -> None:
        for _ in range(3):
            start = time.perf_counter()
            report = badport.scan(folder)
            windows.append((start, time.perf_counter()))
            assert report.files_read == 24 and len(report) == 0

    ticks: list[float] = []
    worker = threading.Thread(target=scanning)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    assert len(windows) == 3
    # Ticks in the middle half of a window: impossible if the scan kept the GIL.
    inside = [
        sum(1 for t in ticks if a + (b - a) / 4 < t < b - (b - a) / 4) for a, b in windows
    ]
    assert all(n > 0 for n in inside), (inside, [b - a for a, b in windows])
