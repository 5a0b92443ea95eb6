#include "report.h"

#include <fmt/format.h>

namespace badport::cli {

using json = nlohmann::ordered_json;

std::string join_engines(engine_set set, std::string_view separator) {
  std::string out;
  for (engine e : all_engines)
    if (set.contains(e)) {
      if (!out.empty()) out += separator;
      out += name(e);
    }
  return out;
}

std::string interval_text(port_interval p) {
  return p.first == p.last ? std::to_string(p.first) : fmt::format("{}-{}", p.first, p.last);
}

std::string ports_text(const std::vector<std::uint16_t>& ports) {
  std::string out;
  for (std::size_t i = 0; i < ports.size();) {
    std::size_t j = i;
    while (j + 1 < ports.size() && ports[j + 1] == ports[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += interval_text({ports[i], ports[j]});
    i = j + 1;
  }
  return out;
}

namespace {

std::string since_text(const engine_decision& v) {
  if (!v.blocked) return "-";
  if (v.why != reason::listed) return "(your settings)";
  if (!v.since) return "-";
  if (!v.since->known()) return "unknown";
  return v.since->version.empty() ? std::string(v.since->date) : fmt::format("{} ({})", v.since->date, v.since->version);
}

std::string source_text(const engine_decision& v) {
  if (v.blocked && v.why == reason::listed && v.since) return std::string(v.since->source);
  return std::string(describe(v.why));
}

std::string blocked_by_text(const decision& d) {
  if (d.engines.size() == 1) return join_engines(d.blocked_by);
  return fmt::format("{} of {} engines: {}", d.blocked_by.size(), d.engines.size(), join_engines(d.blocked_by));
}

}  // namespace

void print_decision(output& out, const target& t, const decision& d, bool full) {
  const std::string service = d.entry ? fmt::format("{}: {}", d.entry->service, d.entry->description)
                                      : std::string("no engine lists this port");
  // A port is headed by its number; a URL by its serialization and its effective port; what
  // was read from something else (host:port, a Docker mapping) says how it was read.
  std::string head;
  if (t.address) {
    const url& u = *t.address;
    const std::string shown = t.kind == target_kind::host_port ? fmt::format("{} (read as {})", t.input, u.href())
                                                                : std::string(u.href());
    if (d.port < 0) head = fmt::format("{}{}{}  no port", out.bold(), shown, out.reset());
    else
      head = fmt::format("{}{}{}  port {}{}  {}", out.bold(), shown, out.reset(), d.port,
                         u.port() ? "" : " (the scheme's default)", service);
    full = true;
  } else if (t.kind == target_kind::publish) {
    head = fmt::format("{}{}{}  {} {}  {}", out.bold(), t.input, out.reset(), "host port", d.port, service);
  } else {
    head = fmt::format("{}{}{}  {}", out.bold(), d.port, out.reset(), service);
  }
  out.write(head + "\n");

  if (!d.blocked()) {
    out.write(fmt::format("  {}fine{}: no chosen engine blocks {} ({})\n", out.green(), out.reset(),
                          t.address ? std::string("this URL") : fmt::format("port {}", d.port), join_engines(d.engines)));
    if (!full) return;
  } else {
    out.write(fmt::format("  {}blocked{} by {}\n", out.red(), out.reset(), blocked_by_text(d)));
    if (d.entry) out.write(fmt::format("  why: {}\n", describe(d.entry->why)));
  }

  out.write(fmt::format("\n  {}{:<9} {:<8} {:<26} {}{}\n", out.dim(), "engine", "verdict", "since", "source",
                        out.reset()));
  for (const auto& v : d.verdicts) {
    const auto verdict_word = v.blocked ? fmt::format("{}blocked{}", out.red(), out.reset())
                                        : fmt::format("{}allowed{}", out.green(), out.reset());
    out.write(fmt::format("  {:<9} {} {:<26} {}\n", name(v.id), verdict_word + " ", since_text(v), source_text(v)));
  }
  if (!d.blocked()) return;

  out.write("\n  what you will see\n");
  for (const auto& v : d.verdicts)
    if (v.blocked) out.write(fmt::format("  {:<9} {}\n", name(v.id), v.error_text));
  out.write("\n  how to override\n");
  for (const auto& v : d.verdicts)
    if (v.blocked) out.write(fmt::format("  {:<9} {}\n", name(v.id), v.override_text));

  out.write("\n  use instead: ");
  if (d.suggestion) out.write(fmt::format("{}{}{}", out.bold(), *d.suggestion, out.reset()));
  else out.write("no port is left that no chosen engine blocks");
  std::vector<std::string> near;
  if (d.nearest.below) near.push_back(fmt::format("{} below", *d.nearest.below));
  if (d.nearest.above) near.push_back(fmt::format("{} above", *d.nearest.above));
  if (!near.empty()) out.write(fmt::format("  (nearest allowed: {})", fmt::join(near, ", ")));
  out.write("\n");
}

namespace {

json interval_json(const std::optional<port_interval>& p) {
  if (!p) return nullptr;
  return json{{"first", p->first}, {"last", p->last}};
}

json port_json(std::optional<std::uint16_t> p) { return p ? json(*p) : json(nullptr); }

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json decision_json(const target& t, const decision& d, const std::optional<port_interval>& range_suggestion) {
  json j;
  j["target"] = {{"input", t.input},
                 {"kind", name(t.kind)},
                 {"read_as", t.read_as.empty() ? json(nullptr) : json(t.read_as)},
                 {"ports", interval_json(t.ports)},
                 {"range_suggestion", interval_json(range_suggestion)}};
  j["port"] = d.port >= 0 ? json(d.port) : json(nullptr);
  j["scheme"] = d.scheme;
  j["url"] = t.address ? json{{"href", t.address->href()}, {"port", port_json(t.address->port())}} : json(nullptr);
  j["blocked"] = d.blocked();
  j["blocked_by"] = json::array();
  for (engine e : all_engines)
    if (d.blocked_by.contains(e)) j["blocked_by"].push_back(name(e));
  j["service"] = d.entry ? json(d.entry->service) : json(nullptr);
  j["description"] = d.entry ? json(d.entry->description) : json(nullptr);
  j["attack"] = d.entry ? json(name(d.entry->why)) : json(nullptr);
  j["attack_description"] = d.entry ? json(describe(d.entry->why)) : json(nullptr);
  j["verdicts"] = json::array();
  for (const auto& v : d.verdicts) {
    json e;
    e["engine"] = name(v.id);
    e["blocked"] = v.blocked;
    e["reason"] = name(v.why);
    if (v.since) {
      e["since"] = {{"date", v.since->known() ? json(v.since->date) : json(nullptr)},
                    {"version", v.since->version.empty() ? json(nullptr) : json(v.since->version)},
                    {"source", v.since->source.empty() ? json(nullptr) : json(v.since->source)}};
    } else {
      e["since"] = nullptr;
    }
    e["error_code"] = v.blocked ? json(v.error_code) : json(nullptr);
    e["error_text"] = text_or_null(v.error_text);
    e["override"] = text_or_null(v.override_text);
    j["verdicts"].push_back(std::move(e));
  }
  j["nearest"] = {{"below", port_json(d.nearest.below)}, {"above", port_json(d.nearest.above)}};
  j["suggestion"] = port_json(d.suggestion);
  return j;
}

json data_json() {
  json sources = json::object();
  for (engine e : all_engines) sources[std::string(name(e))] = info(e).source_ref;
  return json{{"checked", database_date()}, {"sources", std::move(sources)}};
}

}  // namespace badport::cli
