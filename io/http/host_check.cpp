#include "host_check.h"

#include <badport/host_check.h>
#include <badport/port_spec.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

namespace badport::io::detail {

namespace urls = boost::urls;

std::optional<authority_parts> split_authority(std::string_view text) {
  auto a = urls::parse_authority(text);
  if (!a || a->has_userinfo() || a->host().empty()) return std::nullopt;
  authority_parts out;
  out.host = std::string(a->encoded_host());
  std::transform(out.host.begin(), out.host.end(), out.host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (a->has_port()) {
    // Boost.URL's port_number() does not say when the digits pass 65535 ("80660" read as
    // 15124; found by the http_request fuzz target): the core's parser decides.
    const auto n = parse_port(a->port());
    if (!n) return std::nullopt;
    out.port = *n;
  }
  return out;
}

bool is_allowed_host(std::string_view host_header, const std::vector<std::string>& names,
                     const std::vector<std::uint16_t>& ports) {
  const auto parts = split_authority(host_header);
  return parts && badport::is_allowed_host(parts->host, parts->port, names, ports);
}

std::optional<std::string> query_param(std::string_view target, std::string_view key) {
  auto u = urls::parse_origin_form(target);
  if (!u) return std::nullopt;
  auto params = u->params();
  auto it = params.find(key);
  if (it == params.end() || !(*it).has_value) return std::nullopt;
  return std::string((*it).value);
}

std::optional<std::uint16_t> chain_end(std::string_view last, std::uint16_t port, unsigned max_length) {
  const auto n = parse_port(last);
  if (!n || *n < port || static_cast<unsigned>(*n - port) >= max_length) return std::nullopt;
  return static_cast<std::uint16_t>(*n);
}

std::string target_path(std::string_view target) {
  auto u = urls::parse_origin_form(target);
  if (!u) return {};
  return std::string(u->encoded_path());
}

}  // namespace badport::io::detail
