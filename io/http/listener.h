#pragma once
// A small HTTP/1.1 server on Boost.Beast: one listener per port, keep-alive sessions, and
// hard bounds on header size, body size, read time and connection count. Beast parses every
// request, including the absolute-form and authority-form targets a proxy receives.

#include <badport/io/serve.h>
#include <badport/result.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace badport::io::detail {

namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

/// Where a request came in.
struct request_context {
  std::uint16_t local_port = 0;
  tcp::endpoint remote;
};

/// Answers one parsed request. Setting `keep_alive(false)` on the response closes the
/// connection after it is written.
using request_handler = std::function<response(const request_context&, const request&)>;

/// A response with a plain-text body.
[[nodiscard]] response text_response(const request& req, http::status status, std::string_view body);
/// A response with a body and a content type, never cached.
[[nodiscard]] response make_response(const request& req, http::status status, std::string_view content_type,
                                     std::string body);

/// Whether an accept failed for want of descriptors or memory (EMFILE, ENFILE, ENOBUFS,
/// ENOMEM): the listener then waits before accepting again instead of spinning.
[[nodiscard]] bool is_out_of_resources(const boost::system::error_code& ec) noexcept;

/// How many connections each of `listeners` listeners may hold so that all of them fit in the
/// process's descriptor limit (RLIMIT_NOFILE, whose soft value is first raised to the hard
/// one), at most `wanted` and at least 1.
[[nodiscard]] std::size_t connections_per_listener(std::size_t listeners, std::size_t wanted);

/// Accepts connections on one endpoint and serves each with `handler`. Requests with more than
/// one Host header, or HTTP/1.1 requests with none, are answered 400 before the handler sees
/// them (RFC 9112, section 3.2).
class http_listener : public std::enable_shared_from_this<http_listener> {
 public:
  /// Binds and listens; fails with errc::io_error naming the endpoint and the reason.
  [[nodiscard]] static result<std::shared_ptr<http_listener>> open(boost::asio::io_context& io,
                                                                   const tcp::endpoint& where,
                                                                   const http_limits& limits,
                                                                   request_handler handler);
  /// The port actually bound (useful after binding port 0).
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// Starts accepting; call once, from any thread before io.run().
  void start();
  /// Stops accepting (open sessions end on their own).
  void stop();

  http_listener(boost::asio::io_context& io, tcp::acceptor acceptor, const http_limits& limits,
                request_handler handler);

 private:
  void accept();
  boost::asio::io_context& io_;
  tcp::acceptor acceptor_;
  http_limits limits_;
  request_handler handler_;
  std::uint16_t port_ = 0;
  std::shared_ptr<std::size_t> live_;  // open sessions
  boost::asio::steady_timer backoff_;   // between accepts that ran out of descriptors
};

}  // namespace badport::io::detail
