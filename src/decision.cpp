// The one decision: verdicts, explanation and suggestion for a port, a URL or a target.

#include <badport/decision.h>

namespace badport {

std::string with_port(std::string_view text, int port) {
  std::string out;
  const std::string p = std::to_string(port);
  for (;;) {
    const std::size_t at = text.find("{port}");
    if (at == std::string_view::npos) break;
    out.append(text.substr(0, at));
    out.append(p);
    text.remove_prefix(at + 6);
  }
  out.append(text);
  return out;
}

namespace {

suggest_options suggestion_options(const decide_options& o) {
  suggest_options s;
  s.engines = o.engines;
  s.user = o.user;
  s.is_taken = o.is_taken;
  return s;
}

nearest_ports nearest_under(int port, const decide_options& o) {
  nearest_ports out;
  for (int p = std::min(port - 1, 65535); p >= 1; --p)
    if (is_allowed(p, o.engines, o.user)) {
      out.below = static_cast<std::uint16_t>(p);
      break;
    }
  for (int p = std::max(port + 1, 1); p <= 65535; ++p)
    if (is_allowed(p, o.engines, o.user)) {
      out.above = static_cast<std::uint16_t>(p);
      break;
    }
  return out;
}

// Fills in everything but the verdicts' engine, blocked and why, which the caller decided.
decision explain(int port, std::string scheme, std::vector<verdict> verdicts, const decide_options& o) {
  decision d;
  d.port = port;
  d.scheme = std::move(scheme);
  d.engines = o.engines;
  d.entry = port >= 0 ? find_port(port) : nullptr;
  d.verdicts.reserve(verdicts.size());
  for (const verdict& v : verdicts) {
    engine_decision e;
    e.id = v.engine_id;
    e.blocked = v.blocked;
    e.why = v.why;
    if (v.why == reason::listed) e.since = blocked_since(port, v.engine_id);
    if (v.blocked) {
      d.blocked_by.insert(v.engine_id);
      const engine_info& i = info(v.engine_id);
      e.error_code = with_port(i.error_code, port);
      e.error_text = with_port(i.error_text, port);
      e.override_text = with_port(i.override_text, port);
    }
    d.verdicts.push_back(std::move(e));
  }
  if (port >= 0) {
    d.nearest = nearest_under(port, o);
    if (d.blocked()) d.suggestion = suggest_port(port, suggestion_options(o));
  }
  return d;
}

}  // namespace

decision decide(int port, const decide_options& options, std::string_view scheme) {
  std::vector<verdict> verdicts;
  for (engine e : all_engines)
    if (options.engines.contains(e)) verdicts.push_back(check(port, e, scheme, options.user));
  return explain(port, std::string(scheme), std::move(verdicts), options);
}

decision decide(const url& u, const decide_options& options) {
  const auto port = u.effective_port();
  return explain(port ? int{*port} : -1, std::string(u.scheme()), check_url(u, options.engines, options.user), options);
}

void decide_each(const target& t, const decide_options& options, const std::function<void(const decision&)>& fn) {
  if (t.address) {
    fn(decide(*t.address, options));
    return;
  }
  if (!t.ports) return;
  for (std::uint32_t p = t.ports->first; p <= t.ports->last; ++p) fn(decide(static_cast<int>(p), options));
}

std::optional<port_interval> suggest_for(const target& t, const decide_options& options) {
  if (t.address || !t.ports || t.ports->first == t.ports->last) return std::nullopt;
  auto s = suggest_range(*t.ports, suggestion_options(options));
  if (s && *s == *t.ports) return std::nullopt;
  return s;
}

}  // namespace badport
