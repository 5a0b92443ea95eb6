#include "test_server.h"

#include "../io/loopback.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace badport::test {

class loopback_server::counting_server : public httplib::Server {
 public:
  std::atomic<int> connections{0};
  std::atomic<int> requests{0};

  counting_server() {
    // httplib hands each accepted connection to its task queue: counting there counts every
    // TCP connection, even one that never sends a request.
    new_task_queue = [this] { return new counting_queue(connections); };
  }

 private:
  class counting_queue : public httplib::TaskQueue {
   public:
    explicit counting_queue(std::atomic<int>& count) : count_(count) {}
    void enqueue(std::function<void()> fn) override {
      ++count_;
      pool_.enqueue(std::move(fn));
    }
    void shutdown() override { pool_.shutdown(); }

   private:
    std::atomic<int>& count_;
    httplib::ThreadPool pool_{4};
  };
};

loopback_server::loopback_server() { start(0); }
loopback_server::loopback_server(int port) { start(port); }

void loopback_server::start(int port) {
  server_ = std::make_unique<counting_server>();
  auto& s = *server_;
  // No SO_REUSEPORT (httplib's default sets it): with it, a second process could listen on
  // the same blocked port and take half the connections. A busy port must fail to bind.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  auto count = [this](const httplib::Request&, httplib::Response&) {
    ++server_->requests;
    return httplib::Server::HandlerResponse::Unhandled;
  };
  s.set_pre_routing_handler(count);
  s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello\n", "text/plain"); });
  s.Get("/no-location", [](const httplib::Request&, httplib::Response& res) { res.status = 302; });
  auto redirect = [](const httplib::Request& req, httplib::Response& res) {
    res.status = req.has_param("code") ? std::stoi(req.get_param_value("code")) : 302;
    res.set_header("Location", req.get_param_value("to"));
  };
  s.Get("/redirect", redirect);
  s.Post("/redirect", redirect);
  s.Get(R"(/chain/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    const int n = std::stoi(req.matches[1]);
    const std::string end = req.has_param("end") ? req.get_param_value("end") : "/ok";
    res.status = 302;
    if (n == 0) {
      res.set_header("Location", end);
    } else {
      const std::string query = req.has_param("end") ? "?end=" + httplib::detail::encode_query_param(end) : "";
      res.set_header("Location", "/chain/" + std::to_string(n - 1) + query);
    }
  });
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.method + " " + req.body, "text/plain");
  };
  s.Get("/echo", echo);
  s.Post("/echo", echo);
  s.Put("/echo", echo);
  if (port == 0) {
    port_ = s.bind_to_any_port("127.0.0.1");
  } else {
    port_ = s.bind_to_port("127.0.0.1", port) ? port : 0;
  }
  if (port_ <= 0) {
    port_ = 0;
    return;
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

loopback_server::~loopback_server() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string loopback_server::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}
int loopback_server::connections() const noexcept { return server_->connections.load(); }
int loopback_server::requests() const noexcept { return server_->requests.load(); }

std::unique_ptr<loopback_server> server_on_blocked_port() {
  for (const int p : blocked_port_candidates()) {
    auto s = std::make_unique<loopback_server>(p);
    if (s->valid()) return s;
  }
  return nullptr;
}

int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

}  // namespace badport::test
