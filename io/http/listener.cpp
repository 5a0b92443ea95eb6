#include "listener.h"

#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <sys/resource.h>

namespace badport::io::detail {

namespace beast = boost::beast;
namespace asio = boost::asio;

response make_response(const request& req, http::status status, std::string_view content_type, std::string body) {
  response res{status, req.version() == 10 ? 10u : 11u};
  res.set(http::field::server, "badport");
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = std::move(body);
  res.keep_alive(req.keep_alive());
  res.prepare_payload();
  return res;
}

response text_response(const request& req, http::status status, std::string_view body) {
  std::string text(body);
  if (!text.empty() && text.back() != '\n') text += '\n';
  return make_response(req, status, "text/plain; charset=utf-8", std::move(text));
}

namespace {

class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, const http_limits& limits, const request_handler& handler,
          std::shared_ptr<std::size_t> live)
      : stream_(std::move(socket)), limits_(limits), handler_(handler), live_(std::move(live)) {
    ++*live_;
    boost::system::error_code ec;
    context_.local_port = stream_.socket().local_endpoint(ec).port();
    context_.remote = stream_.socket().remote_endpoint(ec);
  }
  session(const session&) = delete;
  session& operator=(const session&) = delete;
  ~session() { --*live_; }

  void start() { read(); }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_header_bytes));
    parser_->body_limit(limits_.max_body_bytes);
    stream_.expires_after(limits_.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
      close();
      return;
    }
    if (ec == beast::error::timeout) {
      // Too slow (nothing, or only part of a request, in time): Beast has already closed the
      // socket, which is the answer a slow client gets.
      close();
      return;
    }
    if (ec == http::error::header_limit) {
      fail(http::status::request_header_fields_too_large, "request header too large");
      return;
    }
    if (ec == http::error::body_limit) {
      fail(http::status::payload_too_large, "request body too large");
      return;
    }
    if (ec) {
      fail(http::status::bad_request, "malformed request: " + ec.message());
      return;
    }
    request req = parser_->release();
    // RFC 9112, section 3.2: an HTTP/1.1 request without a Host, or any request with two,
    // gets 400; which of two Hosts a check reads would be the attacker's choice.
    const auto hosts = req.count(http::field::host);
    if (hosts > 1 || (hosts == 0 && req.version() >= 11)) {
      fail(http::status::bad_request, hosts > 1 ? "more than one Host header" : "no Host header");
      return;
    }
    response res;
    try {
      res = handler_(context_, req);
    } catch (const std::exception& e) {
      res = text_response(req, http::status::internal_server_error, e.what());
      res.keep_alive(false);
    }
    write(std::move(res));
  }

  void fail(http::status status, std::string_view why) {
    request dummy;
    dummy.version(11);
    response res = text_response(dummy, status, why);
    res.keep_alive(false);
    write(std::move(res));
  }

  void write(response res) {
    auto owned = std::make_shared<response>(std::move(res));
    stream_.expires_after(limits_.read_timeout);
    http::async_write(stream_, *owned, [self = shared_from_this(), owned](beast::error_code ec, std::size_t) {
      if (ec || !owned->keep_alive()) {
        self->close();
        return;
      }
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http_limits limits_;
  request_handler handler_;
  std::shared_ptr<std::size_t> live_;
  request_context context_;
};

}  // namespace

http_listener::http_listener(asio::io_context& io, tcp::acceptor acceptor, const http_limits& limits,
                             request_handler handler)
    : io_(io), acceptor_(std::move(acceptor)), limits_(limits), handler_(std::move(handler)),
      live_(std::make_shared<std::size_t>(0)), backoff_(io) {
  boost::system::error_code ec;
  port_ = acceptor_.local_endpoint(ec).port();
}

result<std::shared_ptr<http_listener>> http_listener::open(asio::io_context& io, const tcp::endpoint& where,
                                                           const http_limits& limits, request_handler handler) {
  const std::string subject =
      where.address().is_v6() ? "[" + where.address().to_string() + "]:" + std::to_string(where.port())
                              : where.address().to_string() + ":" + std::to_string(where.port());
  tcp::acceptor acceptor(io);
  boost::system::error_code ec;
  if (acceptor.open(where.protocol(), ec); ec) return fail(errc::io_error, subject, ec.message());
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) return fail(errc::io_error, subject, ec.message());
  if (acceptor.bind(where, ec); ec) return fail(errc::io_error, subject, ec.message());
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) return fail(errc::io_error, subject, ec.message());
  return std::make_shared<http_listener>(io, std::move(acceptor), limits, std::move(handler));
}

void http_listener::start() { accept(); }

void http_listener::stop() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  backoff_.cancel();
}

void http_listener::accept() {
  acceptor_.async_accept(asio::make_strand(io_), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (!ec) {
      if (*self->live_ >= self->limits_.max_connections) {
        boost::system::error_code ignored;
        socket.close(ignored);  // over the bound: refuse rather than queue without limit
      } else {
        std::make_shared<session>(std::move(socket), self->limits_, self->handler_, self->live_)->start();
      }
    } else if (is_out_of_resources(ec)) {
      // Out of file descriptors (or kernel memory): accepting again at once fails again at
      // once, at 100% CPU, while the pending connection stays in the backlog. Wait for open
      // connections to end; the backlog keeps the others meanwhile.
      self->backoff_.expires_after(std::chrono::milliseconds(100));
      self->backoff_.async_wait([self](beast::error_code wait_ec) {
        if (!wait_ec && self->acceptor_.is_open()) self->accept();
      });
      return;
    }
    self->accept();
  });
}

bool is_out_of_resources(const boost::system::error_code& ec) noexcept {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space || ec == asio::error::no_memory ||
         ec == boost::system::errc::too_many_files_open_in_system;
}

std::size_t connections_per_listener(std::size_t listeners, std::size_t wanted) {
  // The soft limit up to the hard one, as servers do; then what is left after the listeners
  // and a reserve for everything else the process opens, shared among the listeners.
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return wanted;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  if (lim.rlim_cur == RLIM_INFINITY) return wanted;
  constexpr rlim_t reserve = 32;
  const rlim_t n = std::max<rlim_t>(listeners, 1);
  if (lim.rlim_cur <= reserve + n) return 1;
  return std::max<std::size_t>(1, std::min<std::size_t>(wanted, static_cast<std::size_t>((lim.rlim_cur - reserve - n) / n)));
}

}  // namespace badport::io::detail
