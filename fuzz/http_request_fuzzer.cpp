// Fuzz target: the HTTP bytes badport's servers (`serve` and the probe proxy) read. The input
// is parsed as one request by Boost.Beast with the listeners' limits, then given to the
// helpers that decide on it (io/http/host_check.h). Invariants:
// - a Host header that splits is allowed for exactly its own host and port, and for no other
//   port; its host is lowercase and its port the decimal number written;
// - when the WHATWG URL parser reads "http://HOST/" too, both agree on the port;
// - a probe chain's end is the decimal number written, within 20 ports of its start;
// - a target's path never holds its query; a query parameter found is found again in the
//   re-serialized target;
// - the parser never accepts more header bytes than the listeners allow.

#include "fuzz_check.h"

#include "host_check.h"

#include <badport/io/serve.h>
#include <badport/url.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace http = boost::beast::http;
using badport::io::detail::split_authority;

namespace {

void check_authority(std::string_view text, std::string_view input) {
  const auto parts = split_authority(text);
  if (!parts) {
    BADPORT_FUZZ_CHECK(!badport::io::detail::is_allowed_host(text, {std::string(text)}, {80}), input);
    return;
  }
  for (const char c : parts->host) BADPORT_FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), input);
  const std::vector<std::uint16_t> own{parts->port.value_or(80)};
  BADPORT_FUZZ_CHECK(badport::io::detail::is_allowed_host(text, {parts->host}, own), input);
  if (parts->port) {
    const auto other = static_cast<std::uint16_t>(*parts->port + 1);
    BADPORT_FUZZ_CHECK(!badport::io::detail::is_allowed_host(text, {parts->host}, {other}), input);
    // The port as written: digits only, their value.
    const auto colon = text.rfind(':');
    BADPORT_FUZZ_CHECK(colon != std::string_view::npos, input);
    std::uint32_t value = 0;
    for (const char c : text.substr(colon + 1)) {
      BADPORT_FUZZ_CHECK(c >= '0' && c <= '9', input);
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
      BADPORT_FUZZ_CHECK(value <= 65535, input);
    }
    BADPORT_FUZZ_CHECK(value == *parts->port, input);
    // The URL parser, on the same authority, finds the same port (80 is http's default).
    if (const auto u = badport::parse_url("http://" + std::string(text) + "/"))
      BADPORT_FUZZ_CHECK(u->effective_port() == parts->port, input);
  }
  BADPORT_FUZZ_CHECK(!badport::io::detail::is_allowed_host(text, {"other.invalid"}, own) ||
                         parts->host == "other.invalid",
                     input);
}

void check_target(std::string_view target, std::string_view input) {
  const std::string path = badport::io::detail::target_path(target);
  BADPORT_FUZZ_CHECK(path.find('?') == std::string::npos && path.find('#') == std::string::npos, input);
  if (!path.empty()) BADPORT_FUZZ_CHECK(path.front() == '/', input);
  for (const std::string_view key : {"t", "run", "p"}) {
    const auto v = badport::io::detail::query_param(target, key);
    if (v) BADPORT_FUZZ_CHECK(!path.empty() || target.empty() || target.front() != '/', input);
  }
}

// A probe chain's end, read from the text at every start port: digits only, their value, and
// within the chain's length of the start.
void check_chain_end(std::string_view last, std::string_view input) {
  for (const std::uint32_t port : {0u, 1u, 5990u, 65535u}) {
    const auto end = badport::io::detail::chain_end(last, static_cast<std::uint16_t>(port), 20);
    if (!end) continue;
    std::uint32_t value = 0;
    BADPORT_FUZZ_CHECK(!last.empty(), input);
    for (const char c : last) {
      BADPORT_FUZZ_CHECK(c >= '0' && c <= '9', input);
      value = value * 10 + static_cast<std::uint32_t>(c - '0');
      BADPORT_FUZZ_CHECK(value <= 65535, input);
    }
    BADPORT_FUZZ_CHECK(value == *end && *end >= port && *end < port + 20, input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const badport::io::http_limits limits;

  // The first line alone, as a Host header value and as a CONNECT authority.
  const std::string_view first = text.substr(0, text.find('\n'));
  check_authority(first, text);
  check_target(first, text);
  check_chain_end(first, text);

  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
  parser.eager(true);
  boost::system::error_code ec;
  std::size_t used = 0;
  while (used < size && !parser.is_done()) {
    const std::size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    if (ec == http::error::need_more) {
      ec = {};
      if (n == 0) break;
    }
    if (ec) break;
    used += n;
  }
  if (!parser.is_header_done()) return 0;
  BADPORT_FUZZ_CHECK(used <= size, text);
  const auto& req = parser.get();
  const std::string_view host(req[http::field::host].data(), req[http::field::host].size());
  check_authority(host, text);
  const std::string_view target(req.target().data(), req.target().size());
  check_target(target, text);
  if (req.method() == http::verb::connect) check_authority(target, text);
  return 0;
}
