"""badport.parse_url against urllib.parse.urlsplit, in one run, over the same URLs.

    python bench/python_url_bench.py URLS_FILE [COPIES] [ROUNDS]

Reads URLS_FILE (one URL per line) COPIES times (default 20: the 960k-URL set of
bench/url_bench.sh) and times, best of ROUNDS (default 3), each in a plain Python loop:
  urlsplit    urllib.parse.urlsplit(u) and its .port (the standard library; not WHATWG: no
              IDNA, no normalization, accepts what browsers reject)
  parse_url   badport.parse_url(u) and its .effective_port, one call per URL (WHATWG, IDNA)
  parse_urls  badport.parse_urls(chunk) for chunks of 1,000 URLs (the GIL is released while
              it parses), then .effective_port of each
Prints wall and CPU seconds, URLs/s and each badport form's speed as a ratio to urlsplit.
"""

import sys
import time
from urllib.parse import urlsplit

import badport

CHUNK = 1_000


def read_urls(path, copies):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        once = [line.strip() for line in f if line.strip()]
    # Lines that are not text (invalid UTF-8) cannot be a str for either parser.
    once = [u for u in once if not any("\udc80" <= c <= "\udcff" for c in u)]
    return once * copies


def run_urlsplit(urls):
    ok = 0
    for u in urls:
        try:
            urlsplit(u).port
            ok += 1
        except ValueError:
            pass
    return ok


def run_parse_url(urls):
    ok = 0
    parse = badport.parse_url
    for u in urls:
        try:
            parse(u).effective_port
            ok += 1
        except ValueError:
            pass
    return ok


def run_parse_urls(urls):
    ok = 0
    for i in range(0, len(urls), CHUNK):
        for parsed in badport.parse_urls(urls[i : i + CHUNK]):
            if parsed is not None:
                parsed.effective_port
                ok += 1
    return ok


def best_of(rounds, fn, urls):
    best = None
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        ok = fn(urls)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu, ok)
    return best


def main():
    path = sys.argv[1]
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    urls = read_urls(path, copies)
    rows = [(name, *best_of(rounds, fn, urls)) for name, fn in
            (("urlsplit", run_urlsplit), ("parse_url", run_parse_url), ("parse_urls", run_parse_urls))]
    print(f"{len(urls)} URLs ({path} x {copies}), best of {rounds}, Python {sys.version.split()[0]}")
    print(f"{'form':<11} {'wall s':>8} {'cpu s':>8} {'URLs/s wall':>12} {'parsed':>9}")
    for name, wall, cpu, ok in rows:
        print(f"{name:<11} {wall:>8.3f} {cpu:>8.3f} {len(urls) / wall:>12,.0f} {ok:>9}")
    base_wall, base_cpu = rows[0][1], rows[0][2]
    for name, wall, cpu, _ in rows[1:]:
        print(f"badport.{name} vs urllib.parse.urlsplit: {base_wall / wall:.1f}x faster (wall), {base_cpu / cpu:.1f}x (cpu)")


if __name__ == "__main__":
    main()
