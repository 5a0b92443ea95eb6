#include "webdriver.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace badport::io::detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;

result<nlohmann::json> webdriver_call(std::uint16_t port, std::string_view method, std::string_view path,
                                      const nlohmann::json& body, std::chrono::milliseconds timeout) {
  const std::string subject = "WebKitWebDriver " + std::string(method) + " " + std::string(path);
  asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::string_body> req{http::string_to_verb(method), path, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.set(http::field::content_type, "application/json; charset=utf-8");
  if (!body.is_null()) req.body() = body.dump();
  req.prepare_payload();
  http::response<http::string_body> res;
  beast::error_code result_ec = asio::error::would_block;
  stream.expires_after(timeout);
  beast::flat_buffer buffer;
  stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), port),
                       [&](beast::error_code ec) {
    if (ec) {
      result_ec = ec;
      return;
    }
    http::async_write(stream, req, [&](beast::error_code ec2, std::size_t) {
      if (ec2) {
        result_ec = ec2;
        return;
      }
      http::async_read(stream, buffer, res, [&](beast::error_code ec3, std::size_t) { result_ec = ec3; });
    });
  });
  io.run();
  if (result_ec) return fail(errc::io_error, subject, result_ec.message());
  auto j = nlohmann::json::parse(res.body(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("value"))
    return fail(errc::io_error, subject, "not a WebDriver response (HTTP " + std::to_string(res.result_int()) + ")");
  if (res.result_int() != 200) {
    const auto& v = j["value"];
    std::string why = v.is_object() ? v.value("error", std::string("error")) + ": " + v.value("message", std::string())
                                    : std::string("HTTP ") + std::to_string(res.result_int());
    return fail(errc::io_error, subject, why);
  }
  return j["value"];
}

}  // namespace badport::io::detail
