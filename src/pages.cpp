// How a page gets its configuration.

#include <badport/pages.h>

namespace badport {

std::string embed_page_config(std::string_view page, std::string_view config_json) {
  constexpr std::string_view placeholder = "/*CONFIG*/";
  const auto at = page.find(placeholder);
  if (at == std::string_view::npos) return std::string(page);
  std::string out;
  out.reserve(page.size() + config_json.size() + 16);
  out.append(page.substr(0, at));
  // Inside <script>, "</" could end the element early; "<\/" is the same string to JavaScript.
  for (std::size_t i = 0; i < config_json.size(); ++i) {
    out += config_json[i];
    if (config_json[i] == '<' && i + 1 < config_json.size() && config_json[i + 1] == '/') out += '\\';
  }
  out.append(page.substr(at + placeholder.size()));
  return out;
}

}  // namespace badport
