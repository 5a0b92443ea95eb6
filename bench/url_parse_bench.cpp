// Micro-benchmarks of the URL parser and of the URL decision's fast path.
// Run: build/release/bench/badport_url_bench

#include <badport/url.h>
#include <badport/url_check.h>

#include <benchmark/benchmark.h>

#include <array>
#include <string_view>

namespace {

// A mix like the URLs of a web crawl, plus the forms the fast path leaves to the full parser.
constexpr std::array<std::string_view, 10> plain = {
    "https://www.sec.gov/edgar.shtml",
    "https://www.taxsites.com/associations2.html",
    "http://localhost:6000/",
    "https://pacioli.loyola.edu/aecm/",
    "http://example.com:8080/path/to/page?query=1&b=2#frag",
    "HTTPS://WWW.EXAMPLE.ORG/Index.HTML",
    "wss://chat.example.net:5061/socket",
    "https://www.ficpa.org/content/home.aspx",
    "http://www.example.com/a/b/../c/./d.html",
    "ftp://ftp.example.org/pub/file.txt",
};
constexpr std::array<std::string_view, 6> unusual = {
    "http://127.0.0.1:06000",
    "http://0x7f.1/",
    "ws://[::1]:5060/socket",
    "https://user:pass@bücher.example/",
    "http://xn--bcher-kva.example:6667/",
    "non-special://host:6000/path",
};

template <std::size_t N>
void parse(benchmark::State& state, const std::array<std::string_view, N>& inputs) {
  std::size_t bytes = 0;
  for (auto _ : state)
    for (auto in : inputs) {
      auto u = badport::parse_url(in);
      benchmark::DoNotOptimize(u);
      bytes += in.size();
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(N));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void bm_parse_url_plain(benchmark::State& state) { parse(state, plain); }
void bm_parse_url_unusual(benchmark::State& state) { parse(state, unusual); }

void bm_blocking_engines_for_url(benchmark::State& state) {
  const auto engines = badport::engine_set::all();
  for (auto _ : state)
    for (auto in : plain) {
      auto r = badport::blocking_engines_for_url(in, engines);
      benchmark::DoNotOptimize(r);
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(plain.size()));
}

void bm_full_decision(benchmark::State& state) {
  const auto engines = badport::engine_set::all();
  for (auto _ : state)
    for (auto in : plain) {
      auto u = badport::parse_url(in);
      auto r = u ? badport::blocking_engines(*u, engines) : badport::engine_set();
      benchmark::DoNotOptimize(r);
    }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(plain.size()));
}

}  // namespace

BENCHMARK(bm_parse_url_plain);
BENCHMARK(bm_parse_url_unusual);
BENCHMARK(bm_blocking_engines_for_url);
BENCHMARK(bm_full_decision);
