#include "report.h"

#include <fmt/format.h>

namespace badport::cli {

bool port_report::blocked() const noexcept {
  for (const auto& v : verdicts)
    if (v.blocked) return true;
  return false;
}

engine_set port_report::blocked_by() const noexcept {
  engine_set s;
  for (const auto& v : verdicts)
    if (v.blocked) s.insert(v.engine_id);
  return s;
}

port_report make_port_report(std::string input, int port, std::string_view scheme, engine_set engines,
                             const overrides& user) {
  port_report r;
  r.input = std::move(input);
  r.port = port;
  r.scheme = std::string(scheme);
  r.entry = find_port(port);
  for (engine e : all_engines)
    if (engines.contains(e)) r.verdicts.push_back(check(port, e, scheme, user));
  r.nearest = nearest_allowed(port, engines);
  return r;
}

port_report make_url_report(std::string input, const url& u, engine_set engines, const overrides& user) {
  port_report r;
  r.input = std::move(input);
  const auto effective = u.effective_port();
  r.has_port = effective.has_value();
  r.port = effective ? int{*effective} : -1;
  r.scheme = std::string(u.scheme());
  r.entry = effective ? find_port(*effective) : nullptr;
  r.verdicts = check_url(u, engines, user);
  if (effective) r.nearest = nearest_allowed(*effective, engines);
  r.href = std::string(u.href());
  r.url_port = u.port();
  return r;
}

std::string with_port(std::string_view text, int port) {
  std::string out;
  const std::string p = std::to_string(port);
  std::size_t start = 0;
  while (true) {
    const auto at = text.find("{port}", start);
    out.append(text.substr(start, at == text.npos ? text.npos : at - start));
    if (at == text.npos) break;
    out += p;
    start = at + 6;
  }
  return out;
}

std::string join_engines(engine_set set, std::string_view separator) {
  std::string out;
  for (engine e : all_engines)
    if (set.contains(e)) {
      if (!out.empty()) out += separator;
      out += name(e);
    }
  return out;
}

namespace {

std::string since_text(const port_report& r, const verdict& v) {
  if (!v.blocked) return "-";
  if (v.why != reason::listed) return "(your settings)";
  const auto s = blocked_since(r.port, v.engine_id);
  if (!s) return "-";
  if (!s->known()) return "unknown";
  return s->version.empty() ? std::string(s->date) : fmt::format("{} ({})", s->date, s->version);
}

std::string source_text(const port_report& r, const verdict& v) {
  if (v.blocked && v.why == reason::listed) {
    const auto s = blocked_since(r.port, v.engine_id);
    if (s) return std::string(s->source);
  }
  return std::string(describe(v.why));
}

}  // namespace

void print_port_report(output& out, const port_report& r, bool full) {
  const engine_set chosen = [&] {
    engine_set s;
    for (const auto& v : r.verdicts) s.insert(v.engine_id);
    return s;
  }();
  const engine_set blocked = r.blocked_by();
  const std::string service =
      r.entry ? fmt::format("{}: {}", r.entry->service, r.entry->description) : std::string("no engine lists this port");
  // A port is headed by its number; a URL by its normalized form and its effective port.
  std::string head;
  if (!r.href) head = fmt::format("{}{}{}  {}", out.bold(), r.port, out.reset(), service);
  else if (!r.has_port) head = fmt::format("{}{}{}  no port", out.bold(), *r.href, out.reset());
  else
    head = fmt::format("{}{}{}  port {}{}  {}", out.bold(), *r.href, out.reset(), r.port,
                       r.url_port ? "" : " (the scheme's default)", service);
  if (r.href) full = true;

  if (!r.blocked()) {
    out.write(head + "\n");
    if (r.href)
      out.write(fmt::format("  {}fine{}: no chosen engine blocks this URL ({})\n", out.green(), out.reset(),
                            join_engines(chosen)));
    else
      out.write(fmt::format("  {}fine{}: no chosen engine blocks port {} ({})\n", out.green(), out.reset(), r.port,
                            join_engines(chosen)));
    if (!full) return;
  } else {
    out.write(head + "\n");
    out.write(fmt::format("  {}blocked{} by {} of {} engines: {}\n", out.red(), out.reset(), blocked.size(),
                          chosen.size(), join_engines(blocked)));
    if (r.entry) out.write(fmt::format("  why: {}\n", describe(r.entry->why)));
  }

  out.write(fmt::format("\n  {}{:<9} {:<8} {:<26} {}{}\n", out.dim(), "engine", "verdict", "since", "source",
                        out.reset()));
  for (const auto& v : r.verdicts) {
    const auto verdict_word = v.blocked ? fmt::format("{}blocked{}", out.red(), out.reset())
                                        : fmt::format("{}allowed{}", out.green(), out.reset());
    out.write(fmt::format("  {:<9} {} {:<26} {}\n", name(v.engine_id),
                          verdict_word + " ", since_text(r, v), source_text(r, v)));
  }
  if (!r.blocked()) return;

  out.write("\n  what you will see\n");
  for (const auto& v : r.verdicts)
    if (v.blocked) out.write(fmt::format("  {:<9} {}\n", name(v.engine_id), with_port(info(v.engine_id).error_text, r.port)));
  out.write("\n  how to override\n");
  for (const auto& v : r.verdicts)
    if (v.blocked) out.write(fmt::format("  {:<9} {}\n", name(v.engine_id), with_port(info(v.engine_id).override_text, r.port)));

  out.write("\n  nearest ports no chosen engine blocks: ");
  if (r.nearest.below && r.nearest.above)
    out.write(fmt::format("{}{}{} below, {}{}{} above\n", out.bold(), *r.nearest.below, out.reset(), out.bold(),
                          *r.nearest.above, out.reset()));
  else if (r.nearest.below || r.nearest.above)
    out.write(fmt::format("{}\n", r.nearest.below ? *r.nearest.below : *r.nearest.above));
  else
    out.write("none\n");
}

nlohmann::ordered_json port_report_json(const port_report& r) {
  using json = nlohmann::ordered_json;
  json j;
  j["input"] = r.input;
  j["port"] = r.has_port ? json(r.port) : json(nullptr);
  j["scheme"] = r.scheme;
  if (r.href) {
    j["url"] = {{"href", *r.href}, {"port", r.url_port ? json(*r.url_port) : json(nullptr)}};
  }
  j["blocked"] = r.blocked();
  j["blocked_by"] = json::array();
  for (engine e : all_engines)
    if (r.blocked_by().contains(e)) j["blocked_by"].push_back(name(e));
  j["service"] = r.entry ? json(r.entry->service) : json(nullptr);
  j["description"] = r.entry ? json(r.entry->description) : json(nullptr);
  j["attack"] = r.entry ? json(name(r.entry->why)) : json(nullptr);
  j["attack_description"] = r.entry ? json(describe(r.entry->why)) : json(nullptr);
  j["data_checked"] = database_date();
  j["verdicts"] = json::array();
  for (const auto& v : r.verdicts) {
    json e;
    e["engine"] = name(v.engine_id);
    e["blocked"] = v.blocked;
    e["reason"] = name(v.why);
    const auto s = blocked_since(r.port, v.engine_id);
    if (s) {
      e["since"] = {{"date", s->known() ? json(s->date) : json(nullptr)},
                    {"version", s->version.empty() ? json(nullptr) : json(s->version)},
                    {"source", s->source.empty() ? json(nullptr) : json(s->source)}};
    } else {
      e["since"] = nullptr;
    }
    e["error_code"] = v.blocked ? json(with_port(info(v.engine_id).error_code, r.port)) : json(nullptr);
    e["error_text"] = v.blocked ? json(with_port(info(v.engine_id).error_text, r.port)) : json(nullptr);
    e["override"] = v.blocked ? json(with_port(info(v.engine_id).override_text, r.port)) : json(nullptr);
    const data_source source = data_source_of(v.engine_id);
    e["data_source"] = {{"commit", source.commit.empty() ? json(nullptr) : json(source.commit)},
                        {"date", source.date.empty() ? json(nullptr) : json(source.date)}};
    j["verdicts"].push_back(std::move(e));
  }
  j["nearest"] = {{"below", r.nearest.below ? json(*r.nearest.below) : json(nullptr)},
                  {"above", r.nearest.above ? json(*r.nearest.above) : json(nullptr)}};
  return j;
}

}  // namespace badport::cli
