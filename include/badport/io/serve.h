#pragma once
/// \file io/serve.h
/// `badport serve`: one HTTP server on several ports at once. Each port serves a page that
/// makes the visitor's browser request every served port and shows, live, which requests
/// reached the server and which the browser refused (and why, from the port database).
/// Everything served is built into the binary; nothing is read from disk.

#include <badport/result.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace badport::io {

/// Bounds every server of badport applies to each connection.
struct http_limits {
  std::size_t max_header_bytes = 8 * 1024;   ///< request line + headers; beyond: 431
  std::size_t max_body_bytes = 64 * 1024;    ///< beyond: 413
  std::chrono::milliseconds read_timeout{10'000};  ///< per request; a slower connection is closed
  /// Per listening port; beyond, new ones are closed. `serve` lowers it so that all its ports
  /// fit in the descriptor limit (RLIMIT_NOFILE); a listener out of descriptors waits 100 ms
  /// before accepting again.
  std::size_t max_connections = 4096;
};

/// What `serve` listens on and whom it answers.
struct serve_options {
  std::vector<std::uint16_t> ports;   ///< 0 binds a free port (tests)
  std::string bind = "127.0.0.1";     ///< the address to listen on
  std::vector<std::string> hosts;     ///< extra Host names to accept besides loopback names and `bind`
  std::vector<std::uint16_t> untested; ///< ports the page lists as not tested (e.g. privileged ones)
  std::string title = "badport serve"; ///< the page's heading
  http_limits limits;
};

/// One request that reached the server.
struct serve_event {
  std::chrono::system_clock::time_point time;
  std::uint16_t port = 0;        ///< the local port it arrived on
  std::string remote;            ///< the peer address
  std::string method;
  std::string target;
  std::string user_agent;
  int status = 0;                ///< the status answered
  std::string note;              ///< for result posts: what the visitor's browser reported
};

/// A port the server could not listen on, and why.
struct bind_failure {
  std::uint16_t port = 0;
  std::string address;  ///< the endpoint it tried: "127.0.0.1:2024", "[::1]:2024"
  std::string reason;   ///< the OS's reason, lowercase: "address already in use"
};

/// A running `serve` server. It runs on its own thread until stop() or destruction.
class server {
 public:
  /// Binds every port it can and starts serving. Ports that cannot be bound are reported by
  /// failures(); it fails only when the bind address is invalid. When no requested port could
  /// be bound, the server serves nothing: ports() is empty and failures() says why per port.
  ///
  /// The page is always served on a port that no engine refuses (page_port()): the first
  /// requested port that no engine blocks, else one more port chosen by the core's suggestion
  /// policy (suggest.h: the next usable port above the first requested one) among those this
  /// process can bind. `log` is called (from the server thread) for every request.
  [[nodiscard]] static result<std::unique_ptr<server>> start(const serve_options& opt,
                                                             std::function<void(const serve_event&)> log);
  virtual ~server() = default;
  /// The ports bound, in the order given; the added page port, if any, last.
  [[nodiscard]] virtual std::vector<std::uint16_t> ports() const = 0;
  /// The port whose page every browser can open; 0 when nothing is served.
  [[nodiscard]] virtual std::uint16_t page_port() const = 0;
  /// The ports that could not be bound.
  [[nodiscard]] virtual std::vector<bind_failure> failures() const = 0;
  /// The per-run random token that result posts must carry.
  [[nodiscard]] virtual std::string token() const = 0;
  /// Stops listening and joins the server thread.
  virtual void stop() = 0;
};

/// A random hex token of `bytes` bytes from the OS's random source.
[[nodiscard]] std::string random_token(std::size_t bytes = 16);

}  // namespace badport::io
