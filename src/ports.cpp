#include <badport/ports.h>
#include <badport/suggest.h>

#include "port_table.h"

#include <algorithm>
#include <array>

namespace badport {

std::string_view name(attack a) noexcept {
  switch (a) {
    case attack::cross_protocol: return "cross-protocol";
    case attack::nat_slipstreaming: return "nat-slipstreaming";
    case attack::nat_slipstreaming_v2: return "nat-slipstreaming-v2";
    case attack::alpaca: return "alpaca";
    case attack::invalid_port: return "invalid-port";
  }
  return "unknown";
}

std::string_view describe(attack a) noexcept { return detail::attack_texts[static_cast<std::size_t>(a)]; }

std::string_view database_date() noexcept { return detail::database_checked; }

data_source data_source_of(engine e) noexcept {
  const engine_info& i = info(e);
  return {e, i.source_ref, i.source_commit, i.source_date};
}

std::span<const port_info> known_ports() noexcept { return detail::port_table; }

const port_info* find_port(int port) noexcept {
  const auto& t = detail::port_table;
  const auto it = std::lower_bound(t.begin(), t.end(), port,
                                   [](const port_info& p, int value) { return p.port < value; });
  return (it != t.end() && it->port == port) ? &*it : nullptr;
}

namespace {

// Per port, the mask of engines whose list holds it. Built once from the table.
const std::array<engine_mask, 65536>& mask_by_port() noexcept {
  static const auto table = [] {
    std::array<engine_mask, 65536> m{};
    for (const auto& p : detail::port_table) m[p.port] = p.blocked_mask;
    return m;
  }();
  return table;
}

constexpr engine_mask bit(engine e) noexcept { return static_cast<engine_mask>(1u << static_cast<unsigned>(e)); }

// Engines that refuse a port by their range check rather than their list: every blocking engine
// refuses ports outside 0..65535, and Firefox's AllowPort also refuses 0 (port <= 0).
engine_mask range_mask(int port) noexcept {
  const auto blocking = static_cast<engine_mask>(engine_set::all().mask() & ~bit(engine::bun));
  if (port < 0 || port > 65535) return blocking;
  if (port == 0) return bit(engine::firefox);
  return 0;
}

engine_mask blocked_mask(int port) noexcept {
  const engine_mask listed = (port >= 0 && port <= 65535) ? mask_by_port()[static_cast<std::size_t>(port)] : engine_mask{0};
  return static_cast<engine_mask>(listed | range_mask(port));
}

}  // namespace

std::vector<std::uint16_t> blocked_ports(engine e) {
  std::vector<std::uint16_t> out;
  for (const auto& p : detail::port_table)
    if ((p.blocked_mask & bit(e)) != 0) out.push_back(p.port);
  return out;
}

bool is_blocked(int port, engine e) noexcept { return (blocked_mask(port) & bit(e)) != 0; }

bool is_blocked(int port, engine_set engines) noexcept { return (blocked_mask(port) & engines.mask()) != 0; }

engine_set blocking_engines(int port, engine_set engines) noexcept {
  return engine_set::from_mask(static_cast<engine_mask>(blocked_mask(port) & engines.mask()));
}

std::optional<since_info> blocked_since(int port, engine e) noexcept {
  const port_info* p = find_port(port);
  if (p == nullptr || (p->blocked_mask & bit(e)) == 0) return std::nullopt;
  return p->since[static_cast<std::size_t>(e)];
}

nearest_ports nearest_allowed(int port, engine_set engines) noexcept {
  nearest_ports out;
  for (int p = std::min(port - 1, 65535); p >= 1; --p)
    if (!is_blocked(p, engines)) {
      out.below = static_cast<std::uint16_t>(p);
      break;
    }
  for (int p = std::max(port + 1, 1); p <= 65535; ++p)
    if (!is_blocked(p, engines)) {
      out.above = static_cast<std::uint16_t>(p);
      break;
    }
  return out;
}

std::optional<std::uint16_t> suggest_port(int port, engine_set engines) noexcept {
  // One policy: suggest.h's, with no overrides and no taken ports (no allocation on this path).
  suggest_options options;
  options.engines = engines;
  return suggest_port(port, options);
}

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A query date must be a real calendar date, YYYY-MM-DD.
bool is_valid_query_date(std::string_view d) noexcept {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!is_digit(d[i])) return false;
  const int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  const int month = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> days{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > days[static_cast<std::size_t>(month - 1)]) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

// The first and last day of a date's period: "2020-11" runs from 2020-11-01 to 2020-11-31
// (compared as text, so a 31st stands for any month's end).
std::string period_start(std::string_view d) {
  return std::string(d) + (d.size() == 4 ? "-01-01" : d.size() == 7 ? "-01" : "");
}
std::string period_end(std::string_view d) {
  return std::string(d) + (d.size() == 4 ? "-12-31" : d.size() == 7 ? "-31" : "");
}

}  // namespace

result<list_at_date> blocked_ports_at(engine e, std::string_view date) {
  if (!is_valid_query_date(date)) return fail(errc::invalid_date, date, "expected a date as YYYY-MM-DD");
  list_at_date out;
  for (const auto& p : detail::port_table) {
    if ((p.blocked_mask & bit(e)) == 0) continue;
    const std::string_view since = p.since[static_cast<std::size_t>(e)].date;
    if (since.empty()) {
      out.unknown.push_back(p.port);
      continue;
    }
    // A partial date (YYYY or YYYY-MM) covers a period: listed for sure only after its end,
    // surely not before its start, unknown within it.
    const std::string start = period_start(since), end = period_end(since);
    if (end <= date) {
      out.ports.push_back(p.port);
    } else if (start <= date) {
      out.unknown.push_back(p.port);
    }
  }
  return out;
}

std::string history_begins(engine e) {
  std::string first;
  for (const auto& p : detail::port_table) {
    if ((p.blocked_mask & bit(e)) == 0) continue;
    const std::string_view since = p.since[static_cast<std::size_t>(e)].date;
    if (since.empty()) continue;
    if (first.empty() || period_start(since) < period_start(first)) first = since;
  }
  return first;
}

result<std::array<list_at_date, engine_count>> blocked_ports_at(engine_set engines, std::string_view date) {
  if (!is_valid_query_date(date)) return fail(errc::invalid_date, date, "expected a date as YYYY-MM-DD");
  // The earliest day any chosen engine's history records; before it nothing is known.
  std::string earliest;
  engine earliest_engine{};
  for (engine e : all_engines) {
    if (!engines.contains(e)) continue;
    const std::string begins = history_begins(e);
    if (!begins.empty() && (earliest.empty() || period_start(begins) < period_start(earliest))) {
      earliest = begins;
      earliest_engine = e;
    }
  }
  if (earliest.empty())
    return fail(errc::invalid_date, date, "the database records no dates in these engines' history");
  if (date < period_start(earliest))
    return fail(errc::invalid_date, date,
                "before the recorded history; the earliest date the database records for these engines is " + earliest +
                    " (" + std::string(name(earliest_engine)) + ")");
  std::array<list_at_date, engine_count> out;
  for (engine e : all_engines) {
    if (!engines.contains(e)) continue;
    auto at = blocked_ports_at(e, date);
    if (!at) return std::move(at).error();
    out[static_cast<std::size_t>(e)] = std::move(*at);
  }
  return out;
}

}  // namespace badport
