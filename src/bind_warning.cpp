// The warning a server prints when it binds a port that browsers refuse.

#include <badport/bind_warning.h>
#include <badport/ports.h>
#include <badport/suggest.h>

#include <string_view>

namespace badport {

namespace {

void append_with_port(std::string& out, std::string_view text, int port) {
  const std::string port_text = std::to_string(port);
  for (;;) {
    const std::size_t at = text.find("{port}");
    if (at == std::string_view::npos) break;
    out.append(text.substr(0, at));
    out.append(port_text);
    text.remove_prefix(at + 6);
  }
  out.append(text);
}

}  // namespace

std::optional<std::string> blocked_port_warning(int port, engine_set engines) {
  return blocked_port_warning(port, engines, {});
}

std::optional<std::string> blocked_port_warning(int port, engine_set engines,
                                                const std::function<bool(std::uint16_t)>& is_taken) {
  const engine_set refusing = blocking_engines(port, engines);
  if (refusing.empty()) return std::nullopt;
  std::string out = "port " + std::to_string(port);
  if (const port_info* p = find_port(port); p != nullptr && !p->service.empty()) {
    out += " (";
    out += p->service;
    out += ")";
  }
  out += " is refused by ";
  bool first = true;
  for (engine e : all_engines) {
    if (!refusing.contains(e)) continue;
    if (!first) out += ", ";
    out += info(e).display_name;
    first = false;
  }
  out += ":\n";
  for (engine e : all_engines) {
    if (!refusing.contains(e)) continue;
    const engine_info& i = info(e);
    out += "  ";
    out += i.display_name;
    out += " (";
    out += i.products;
    out += "): ";
    append_with_port(out, i.error_text, port);
    out += "\n";
  }
  suggest_options options;
  options.engines = engines;
  options.is_taken = is_taken;
  if (const auto better = suggest_port(port, options)) {
    out += "use port " + std::to_string(*better) + " instead: no ";
    out += engines == engine_set::all() ? std::string("browser or runtime") : std::string("chosen engine");
    out += " blocks it\n";
  } else {
    out += "no nearby port is allowed by every chosen engine\n";
  }
  return out;
}

}  // namespace badport
