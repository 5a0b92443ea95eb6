#pragma once
// A test client on real loopback sockets: sends raw bytes (well-formed or not) and reads the
// answer with Beast's parser.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace badport::test {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

/// One connection to 127.0.0.1:port.
class connection {
 public:
  explicit connection(std::uint16_t port) : stream_(io_) {
    stream_.expires_after(std::chrono::seconds(20));  // a guard against hanging, not a timing check
    stream_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  void send(const std::string& bytes) {
    stream_.expires_after(std::chrono::seconds(20));
    boost::asio::write(stream_, boost::asio::buffer(bytes));
  }
  /// The next response, or nullopt when the server closed the connection instead.
  std::optional<http::response<http::string_body>> receive() {
    stream_.expires_after(std::chrono::seconds(20));
    http::response<http::string_body> res;
    beast::error_code ec;
    http::read(stream_, buffer_, res, ec);
    if (ec) return std::nullopt;
    return res;
  }
  /// Whether the server has closed the connection (reads EOF).
  bool closed_by_server() {
    stream_.expires_after(std::chrono::seconds(20));
    char c;
    beast::error_code ec;
    stream_.read_some(boost::asio::buffer(&c, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

/// Sends one request on a new connection and returns the response (nullopt: connection closed).
inline std::optional<http::response<http::string_body>> round_trip(std::uint16_t port, const std::string& bytes) {
  connection c(port);
  c.send(bytes);
  return c.receive();
}

}  // namespace badport::test
