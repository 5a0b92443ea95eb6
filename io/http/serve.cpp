#include <badport/io/serve.h>

#include "host_check.h"
#include "listener.h"

#include <badport/engine.h>
#include <badport/host_check.h>
#include <badport/pages.h>
#include <badport/ports.h>
#include <badport/suggest.h>

#include <boost/asio/ip/address.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

namespace badport::io {

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  std::FILE* f = std::fopen("/dev/urandom", "rb");
  if (f == nullptr || std::fread(raw.data(), 1, raw.size(), f) != raw.size()) {
    if (f != nullptr) std::fclose(f);
    throw std::runtime_error("cannot read /dev/urandom");
  }
  std::fclose(f);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

namespace {

using namespace detail;
using json = nlohmann::ordered_json;

constexpr std::array<engine, 3> browser_engines{engine::chromium, engine::firefox, engine::webkit};

json port_facts(std::uint16_t port) {
  json j;
  j["port"] = port;
  const port_info* p = find_port(port);
  j["blocked_by"] = json::array();
  for (engine e : browser_engines)
    if (is_blocked(port, e)) j["blocked_by"].push_back(info(e).display_name);
  j["service"] = p ? json(p->service) : json("");
  j["description"] = p ? json(p->description) : json("");
  j["why"] = p ? json(describe(p->why)) : json("");
  return j;
}

bool is_run_id(std::string_view s) {
  return !s.empty() && s.size() <= 32 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); });
}

class serve_server final : public server {
 public:
  serve_server(const serve_options& opt, std::function<void(const serve_event&)> log)
      : opt_(opt), log_(std::move(log)), token_(random_token()) {}

  result<bool> open() {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(opt_.bind, ec);
    if (ec) return fail(errc::invalid_argument, opt_.bind, "not an IP address");
    // Every listener's bound on connections fits in the descriptor limit: 4096 per port above
    // a limit of 1024 made accept() fail with EMFILE. One more for the page port.
    opt_.limits.max_connections = connections_per_listener(opt_.ports.size() + 1, opt_.limits.max_connections);
    for (std::uint16_t p : opt_.ports) {
      auto l = listen(address, p);
      if (!l) {
        failures_.push_back({p, l.error().subject, lowercase_first(l.error().reason)});
        continue;
      }
      bound_.push_back((*l)->port());
      listeners_.push_back(*l);
    }
    if (listeners_.empty()) return true;  // nothing to serve; failures() says why
    add_page_port(address);
    std::vector<std::string> extra;
    for (const auto& h : opt_.hosts)
      if (auto parts = split_authority(h)) extra.push_back(parts->host);
    std::array<char, 256> hostname{};
    if (address.is_unspecified() && ::gethostname(hostname.data(), hostname.size() - 1) != 0) hostname[0] = '\0';
    const std::string bind = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    names_ = accepted_host_names(bind, address.is_unspecified(), extra, hostname.data());
    build_page();
    for (auto& l : listeners_) l->start();
    thread_ = std::thread([this] { io_.run(); });
    return true;
  }

  ~serve_server() override { stop(); }

  std::vector<std::uint16_t> ports() const override { return bound_; }
  std::uint16_t page_port() const override { return page_; }
  std::vector<bind_failure> failures() const override { return failures_; }
  std::string token() const override { return token_; }

  void stop() override {
    if (!thread_.joinable()) return;
    boost::asio::post(io_, [this] {
      for (auto& l : listeners_) l->stop();
      io_.stop();
    });
    thread_.join();
  }

 private:
  result<std::shared_ptr<http_listener>> listen(const boost::asio::ip::address& address, std::uint16_t port) {
    return http_listener::open(io_, {address, port}, opt_.limits,
                               [this](const request_context& c, const request& r) { return handle(c, r); });
  }

  // A page every browser opens: on a requested port no engine blocks, else on one more port
  // from the core's suggestion policy, skipping the requested ports and any this process
  // cannot bind (taken by another program).
  void add_page_port(const boost::asio::ip::address& address) {
    for (std::uint16_t p : bound_)
      if (is_allowed(p, engine_set::all())) {
        page_ = p;
        return;
      }
    std::set<std::uint16_t> taken(opt_.ports.begin(), opt_.ports.end());
    taken.insert(bound_.begin(), bound_.end());
    suggest_options policy;
    policy.is_taken = [&taken](std::uint16_t p) { return taken.count(p) != 0; };
    const std::uint16_t from = opt_.ports.empty() || opt_.ports.front() == 0 ? bound_.front() : opt_.ports.front();
    for (int tries = 0; tries < 64; ++tries) {
      const auto candidate = suggest_port(from, policy);
      if (!candidate) break;
      if (auto l = listen(address, *candidate)) {
        add_listener(*l);
        return;
      }
      taken.insert(*candidate);
    }
    // Nothing near is free: any port the OS hands out that no engine blocks.
    for (int tries = 0; tries < 16; ++tries) {
      auto l = listen(address, 0);
      if (!l) return;
      if (is_allowed((*l)->port(), engine_set::all())) {
        add_listener(*l);
        return;
      }
    }
  }

  void add_listener(const std::shared_ptr<http_listener>& l) {
    page_ = l->port();
    page_added_ = true;
    bound_.push_back(page_);
    listeners_.push_back(l);
  }

  static std::string lowercase_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
  }

  void build_page() {
    json cfg;
    cfg["title"] = opt_.title;
    cfg["token"] = token_;
    cfg["run"] = "RUN";
    cfg["ports"] = json::array();
    for (std::size_t i = 0, b = 0; i < opt_.ports.size(); ++i) {
      const std::uint16_t requested = opt_.ports[i];
      const auto failed = std::find_if(failures_.begin(), failures_.end(),
                                       [&](const bind_failure& f) { return f.port == requested && requested != 0; });
      if (failed != failures_.end()) {
        json j = port_facts(requested);
        j["bound"] = false;
        j["reason"] = failed->reason;
        cfg["ports"].push_back(j);
      } else if (b < bound_.size()) {
        json j = port_facts(bound_[b++]);
        j["bound"] = true;
        j["reason"] = "";
        cfg["ports"].push_back(j);
      }
    }
    if (page_added_) {
      json j = port_facts(page_);
      j["bound"] = true;
      j["reason"] = "";
      cfg["ports"].push_back(j);
    }
    cfg["untested"] = json::array();
    for (std::uint16_t p : opt_.untested) cfg["untested"].push_back(port_facts(p));
    config_ = cfg.dump();
  }

  response handle(const request_context& c, const request& req) {
    serve_event ev;
    ev.time = std::chrono::system_clock::now();
    ev.port = c.local_port;
    ev.remote = c.remote.address().to_string();
    ev.method = std::string(req.method_string());
    ev.target = std::string(req.target());
    ev.user_agent = std::string(req[http::field::user_agent]);
    response res = answer(req, ev);
    ev.status = static_cast<int>(res.result_int());
    if (log_) log_(ev);
    return res;
  }

  response answer(const request& req, serve_event& ev) {
    if (!is_allowed_host(req[http::field::host], names_, bound_))
      return text_response(req, http::status::forbidden, "unknown host: badport serves only its own host names");
    const std::string path = target_path(req.target());
    const auto token_ok = [&] {
      const auto t = query_param(req.target(), "t");
      return t && *t == token_;
    };
    if (req.method() == http::verb::get && path == "/") {
      std::string cfg = config_;
      const std::string run = random_token(8);
      cfg.replace(cfg.find("\"RUN\""), 5, "\"" + run + "\"");
      return make_response(req, http::status::ok, "text/html; charset=utf-8",
                           embed_page_config(serve_page_html(), cfg));
    }
    if (req.method() == http::verb::get && path.rfind("/ping/", 0) == 0) {
      const std::string run = path.substr(6);
      if (!is_run_id(run)) return text_response(req, http::status::bad_request, "bad run id");
      remember(run, ev.port);
      response res = make_response(req, http::status::no_content, "text/plain", "");
      res.set(http::field::access_control_allow_origin, "*");
      return res;
    }
    if (req.method() == http::verb::get && path == "/status") {
      if (!token_ok()) return text_response(req, http::status::forbidden, "missing or wrong token");
      const auto run = query_param(req.target(), "run");
      json j;
      j["arrived"] = json::array();
      if (run) {
        const auto it = runs_.find(*run);
        if (it != runs_.end())
          for (auto p : it->second) j["arrived"].push_back(p);
      }
      return make_response(req, http::status::ok, "application/json", j.dump());
    }
    if (req.method() == http::verb::post && path == "/result") {
      if (!token_ok()) return text_response(req, http::status::forbidden, "missing or wrong token");
      const json j = json::parse(req.body(), nullptr, false);
      if (j.is_discarded() || !j.contains("results") || !j["results"].is_array())
        return text_response(req, http::status::bad_request, "expected JSON with results");
      std::string refused, arrived;
      for (const auto& r : j["results"]) {
        if (!r.is_object() || !r.contains("port") || !r["port"].is_number_integer()) continue;
        const std::string p = std::to_string(r["port"].get<int>());
        std::string& list = r.value("arrived", false) ? arrived : refused;
        list += (list.empty() ? "" : ",") + p;
      }
      ev.note = "reached: " + (arrived.empty() ? std::string("none") : arrived) +
                "; refused by the browser: " + (refused.empty() ? std::string("none") : refused);
      return text_response(req, http::status::ok, "thanks");
    }
    if (path == "/favicon.ico") return make_response(req, http::status::no_content, "text/plain", "");
    return text_response(req, http::status::not_found, "not found");
  }

  void remember(const std::string& run, std::uint16_t port) {
    auto [it, inserted] = runs_.try_emplace(run);
    it->second.insert(port);
    if (inserted) {
      order_.push_back(run);
      if (order_.size() > 1000) {  // bounded memory, whatever visitors do
        runs_.erase(order_.front());
        order_.pop_front();
      }
    }
  }

  serve_options opt_;
  std::function<void(const serve_event&)> log_;
  std::string token_;
  boost::asio::io_context io_{1};
  std::vector<std::shared_ptr<http_listener>> listeners_;
  std::vector<std::uint16_t> bound_;
  std::vector<bind_failure> failures_;
  std::uint16_t page_ = 0;
  bool page_added_ = false;
  std::vector<std::string> names_;
  std::string config_;
  std::map<std::string, std::set<std::uint16_t>> runs_;
  std::deque<std::string> order_;
  std::thread thread_;
};

}  // namespace

result<std::unique_ptr<server>> server::start(const serve_options& opt, std::function<void(const serve_event&)> log) {
  auto s = std::make_unique<serve_server>(opt, std::move(log));
  auto ok = s->open();
  if (!ok) return std::move(ok).error();
  return std::unique_ptr<server>(std::move(s));
}

}  // namespace badport::io
