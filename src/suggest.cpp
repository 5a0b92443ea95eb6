// The one suggestion policy (see suggest.h): the port itself when usable, else the next usable
// port above, else the nearest below; ranges move as a whole.

#include <badport/suggest.h>

#include <algorithm>

namespace badport {

bool is_allowed(int port, engine_set engines, const overrides& user) noexcept {
  if (port < 0 || port > 65535) return false;
  for (engine e : all_engines)
    if (engines.contains(e) && check(port, e, "http", user).blocked) return false;
  return true;
}

bool is_usable(int port, const suggest_options& options) {
  if (port < options.within.first || port > options.within.last) return false;
  if (!is_allowed(port, options.engines, options.user)) return false;
  return !(options.is_taken && options.is_taken(static_cast<std::uint16_t>(port)));
}

std::optional<std::uint16_t> suggest_port(int port, const suggest_options& options) {
  if (is_usable(port, options)) return static_cast<std::uint16_t>(port);
  const int first = options.within.first;
  const int last = options.within.last;
  for (int p = std::max(port + 1, first); p <= last; ++p)
    if (is_usable(p, options)) return static_cast<std::uint16_t>(p);
  for (int p = std::min(port - 1, last); p >= first; --p)
    if (is_usable(p, options)) return static_cast<std::uint16_t>(p);
  return std::nullopt;
}

std::optional<port_interval> suggest_range(port_interval range, const suggest_options& options) {
  const int length = static_cast<int>(range.size());
  const int first = options.within.first;
  const int last = options.within.last;
  bool whole = true;
  for (int p = range.first; p <= range.last && whole; ++p) whole = is_usable(p, options);
  if (whole) return range;
  // The first run above: the run that ends first is also the run that starts first.
  int run = 0;
  for (int p = std::max(int{range.first} + 1, first); p <= last; ++p) {
    run = is_usable(p, options) ? run + 1 : 0;
    if (run == length)
      return port_interval{static_cast<std::uint16_t>(p - length + 1), static_cast<std::uint16_t>(p)};
  }
  run = 0;
  for (int p = std::min(int{range.first} - 1, last); p >= first; --p) {
    run = is_usable(p, options) ? run + 1 : 0;
    if (run == length)
      return port_interval{static_cast<std::uint16_t>(p), static_cast<std::uint16_t>(p + length - 1)};
  }
  return std::nullopt;
}

replacement_plan::replacement_plan(suggest_options options) : options_(std::move(options)) {}

void replacement_plan::reserve(std::uint16_t port) { reserved_.insert(port); }

void replacement_plan::reserve(port_interval range) {
  for (std::uint32_t p = range.first; p <= range.last; ++p) reserved_.insert(static_cast<std::uint16_t>(p));
}

bool replacement_plan::is_taken(std::uint16_t port) const {
  return reserved_.contains(port) || (options_.is_taken && options_.is_taken(port));
}

std::optional<std::uint16_t> replacement_plan::replacement(std::uint16_t port) {
  if (const auto it = ports_.find(port); it != ports_.end()) return it->second;
  std::optional<std::uint16_t> out;
  if (is_allowed(port, options_.engines, options_.user)) {
    out = port;
  } else {
    suggest_options o = options_;
    o.is_taken = [this](std::uint16_t p) { return is_taken(p); };
    out = suggest_port(port, o);
  }
  if (out) reserved_.insert(*out);
  ports_.emplace(port, out);
  return out;
}

std::optional<port_interval> replacement_plan::replacement(port_interval range) {
  const auto key = std::make_pair(range.first, range.last);
  if (const auto it = ranges_.find(key); it != ranges_.end()) return it->second;
  bool allowed = true;
  for (std::uint32_t p = range.first; p <= range.last && allowed; ++p)
    allowed = is_allowed(static_cast<int>(p), options_.engines, options_.user);
  std::optional<port_interval> out;
  if (allowed) {
    out = range;
  } else {
    suggest_options o = options_;
    o.is_taken = [this, range](std::uint16_t p) { return !(range.first <= p && p <= range.last) && is_taken(p); };
    out = suggest_range(range, o);
  }
  if (out && *out != range) reserve(*out);
  ranges_.emplace(key, out);
  return out;
}

}  // namespace badport
