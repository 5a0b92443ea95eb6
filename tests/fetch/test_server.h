#pragma once
// A real HTTP server on loopback for the fetch and guard tests (cpp-httplib), counting the
// connections it accepts and the requests it answers, so a test can prove that nothing reached it.
//
//   /ok                        200 "hello"
//   /redirect?to=URL&code=N    N (default 302) with Location: URL, sent as is
//   /chain/N?end=URL           302 to /chain/N-1 ... and from /chain/0 to URL (or /ok)
//   /echo                      200 with "METHOD BODY"
//   /no-location               302 without a Location

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace badport::test {

class loopback_server {
 public:
  /// Binds 127.0.0.1:0 (any free port).
  loopback_server();
  /// Binds 127.0.0.1:port; valid() is false when the port is busy.
  explicit loopback_server(int port);
  ~loopback_server();
  loopback_server(const loopback_server&) = delete;
  loopback_server& operator=(const loopback_server&) = delete;

  [[nodiscard]] bool valid() const noexcept { return port_ > 0; }
  [[nodiscard]] int port() const noexcept { return port_; }
  /// "http://127.0.0.1:PORT" + path
  [[nodiscard]] std::string url(const std::string& path = "/ok") const;
  [[nodiscard]] int connections() const noexcept;
  [[nodiscard]] int requests() const noexcept;

 private:
  class counting_server;
  void start(int port);
  std::unique_ptr<counting_server> server_;
  std::thread thread_;
  int port_ = 0;
};

/// A server on a port every engine but Bun blocks: the first free one of the database's, tried
/// in a random order; nullptr when every one is busy (the test then fails).
std::unique_ptr<loopback_server> server_on_blocked_port();

/// A loopback port where nothing listens (bound, then closed).
int closed_port();

}  // namespace badport::test
