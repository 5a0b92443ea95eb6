#include "options.h"

#include <badport/io/file.h>

namespace badport::cli {

void add_engine_flag(CLI::App& cmd, engine_options& opt) {
  cmd.add_option("-e,--engine", opt.engines,
                 "Engines to consider, comma-separated: fetch, chromium, firefox, webkit, servo, ladybird, node, deno, bun, or all")
      ->default_str("all");
}

void add_override_flags(CLI::App& cmd, engine_options& opt) {
  cmd.add_option("--chromium-flags", opt.chromium_flags,
                 "Chromium command line to apply, e.g. '--explicitly-allowed-ports=6000,6665'");
  cmd.add_option("--firefox-prefs", opt.firefox_prefs,
                 "Firefox prefs.js or user.js whose network.security.ports.* prefs to apply");
}

result<engine_set> resolve_engines(const engine_options& opt) { return parse_engine_list(opt.engines); }

result<overrides> resolve_overrides(const engine_options& opt) {
  overrides user;
  if (!opt.chromium_flags.empty()) {
    auto c = parse_chromium_flags(opt.chromium_flags);
    if (!c) return std::move(c).error();
    user.chromium = std::move(*c);
  }
  if (!opt.firefox_prefs.empty()) {
    auto text = io::read_file(opt.firefox_prefs);
    if (!text) return std::move(text).error();
    auto f = parse_firefox_prefs(*text);
    if (!f) {
      auto e = std::move(f).error();
      e.reason = opt.firefox_prefs + ": " + e.reason;
      return e;
    }
    user.firefox = std::move(*f);
  }
  return user;
}

}  // namespace badport::cli
