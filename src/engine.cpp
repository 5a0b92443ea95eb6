#include <badport/engine.h>
#include <badport/text.h>

#include "port_table.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace badport {

std::string_view name(engine e) noexcept { return detail::engine_table[static_cast<std::size_t>(e)].name; }

const engine_info& info(engine e) noexcept { return detail::engine_table[static_cast<std::size_t>(e)]; }

namespace {

struct alias {
  std::string_view text;
  engine id;
};

// Canonical names first, then the product names people type.
constexpr std::array aliases{
    alias{"fetch", engine::fetch},       alias{"chromium", engine::chromium},
    alias{"firefox", engine::firefox},   alias{"webkit", engine::webkit},
    alias{"node", engine::node},         alias{"deno", engine::deno},
    alias{"bun", engine::bun},           alias{"servo", engine::servo},
    alias{"ladybird", engine::ladybird}, alias{"spec", engine::fetch},
    alias{"whatwg", engine::fetch},      alias{"chrome", engine::chromium},
    alias{"edge", engine::chromium},     alias{"brave", engine::chromium},
    alias{"opera", engine::chromium},    alias{"electron", engine::chromium},
    alias{"gecko", engine::firefox},     alias{"safari", engine::webkit},
    alias{"nodejs", engine::node},       alias{"undici", engine::node},
    alias{"verso", engine::servo},       alias{"libweb", engine::ladybird},
    alias{"serenity", engine::ladybird}, alias{"serenityos", engine::ladybird},
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}


}  // namespace

result<engine> parse_engine(std::string_view text) {
  const std::string key = lower(text);
  for (const auto& a : aliases)
    if (a.text == key) return a.id;
  std::string reason = "expected one of fetch, chromium, firefox, webkit, servo, ladybird, node, deno, bun";
  if (key.size() < 64) {  // suggest only for plausible names
    std::size_t best = 3;  // at most two edits away
    std::string_view suggestion;
    for (const auto& a : aliases) {
      const auto d = edit_distance(key, a.text);
      if (d < best) {
        best = d;
        suggestion = a.text;
      }
    }
    if (!suggestion.empty()) reason = "did you mean " + std::string(suggestion) + "?";
  }
  return fail(errc::unknown_engine, text, reason);
}

result<engine_set> parse_engine_list(std::string_view text) {
  engine_set set;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (item.empty()) return fail(errc::unknown_engine, text, "empty engine name in list");
    if (lower(item) == "all") {
      set = engine_set::all();
    } else {
      auto e = parse_engine(item);
      if (!e) return std::move(e).error();
      set.insert(*e);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return set;
}

std::span<const engine_alias> engine_aliases() noexcept {
  static const auto table = [] {
    std::array<engine_alias, aliases.size()> out{};
    for (std::size_t i = 0; i < aliases.size(); ++i) out[i] = {aliases[i].text, aliases[i].id};
    return out;
  }();
  return table;
}

}  // namespace badport
