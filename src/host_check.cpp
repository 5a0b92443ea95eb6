// The Host check against DNS rebinding, on a header already split by io.

#include <badport/host_check.h>

#include <algorithm>
#include <cctype>

namespace badport {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::vector<std::string> accepted_host_names(std::string_view bind, bool bind_is_unspecified,
                                             const std::vector<std::string>& extra, std::string_view hostname) {
  std::vector<std::string> names{"localhost", "127.0.0.1", "[::1]"};
  const auto add = [&names](std::string name) {
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(std::move(name));
  };
  if (!bind_is_unspecified) add(lowercase(bind));
  for (const auto& e : extra) add(lowercase(e));
  if (bind_is_unspecified) add(lowercase(hostname));
  return names;
}

bool is_allowed_host(std::string_view host, std::optional<std::uint16_t> port, const std::vector<std::string>& names,
                     const std::vector<std::uint16_t>& ports) {
  if (host.empty() || std::find(names.begin(), names.end(), host) == names.end()) return false;
  return !port || std::find(ports.begin(), ports.end(), *port) != ports.end();
}

}  // namespace badport
