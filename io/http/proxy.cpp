#include <badport/io/probe.h>
#include <badport/pages.h>

#include "host_check.h"
#include "listener.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <nlohmann/json.hpp>

#include <badport/port_spec.h>
#include <badport/ports.h>

#include <fmt/format.h>

#include <algorithm>
#include <bitset>
#include <mutex>
#include <set>
#include <thread>

namespace badport::io {

const std::vector<url_form>& probe_forms() {
  static const std::vector<url_form> forms{
      {"default-port", "the default port written out (:80)", "http://default.probe.badport.test:80/f", "http",
       "default.probe.badport.test", 80},
      {"leading-zeros-blocked", "leading zeros before a blocked port (:06000)", "http://zeros.probe.badport.test:06000/f",
       "http", "zeros.probe.badport.test", 6000},
      {"leading-zeros-allowed", "leading zeros before an allowed port (:08000)", "http://zeros.probe.badport.test:08000/f",
       "http", "zeros.probe.badport.test", 8000},
      {"ipv6-blocked", "an IPv6 literal with a blocked port", "http://[2001:db8::1]:6000/f", "http", "[2001:db8::1]",
       6000},
      {"ipv6-allowed", "an IPv6 literal with an allowed port", "http://[2001:db8::1]:8000/f", "http", "[2001:db8::1]",
       8000},
      {"ipv4-blocked", "an IPv4 literal with a blocked port", "http://192.0.2.1:6000/f", "http", "192.0.2.1", 6000},
      {"ipv4-allowed", "an IPv4 literal with an allowed port", "http://192.0.2.1:8000/f", "http", "192.0.2.1", 8000},
      {"ws-blocked", "a ws:// URL with a blocked port", "ws://ws.probe.badport.test:6000/", "ws",
       "ws.probe.badport.test", 6000},
      {"ws-allowed", "a ws:// URL with an allowed port", "ws://ws.probe.badport.test:8000/", "ws",
       "ws.probe.badport.test", 8000},
      {"port-0", "port 0", "http://zero.probe.badport.test:0/f", "http", "zero.probe.badport.test", 0},
  };
  return forms;
}

namespace {

using namespace detail;
using json = nlohmann::json;
namespace urls = boost::urls;

std::string form_key(std::string_view host, int port) { return std::string(host) + ":" + std::to_string(port); }

class proxy_impl final : public probe_proxy {
 public:
  explicit proxy_impl(probe_plan plan)
      : ports_(std::move(plan.ports)), retries_(plan.retries), window_(plan.window),
        chain_(std::clamp(plan.chain, 1u, max_chain)), after_probe_(plan.after_probe), token_(random_token()) {
    for (const auto& r : ports_)
      for (std::uint32_t p = r.first; p <= r.last; ++p) in_set_.set(p);
    // A port some engine refuses is never reached through a redirect: its verdict always
    // comes from requests for it alone.
    for (const engine e : all_engines)
      for (const std::uint16_t p : blocked_ports(e))
        if (in_set_.test(p)) alone_.insert(p);
    total_ = in_set_.count();
    hosts_.insert(std::string(probe_host));
    for (const auto& f : probe_forms()) hosts_.insert(f.host);
  }

  result<bool> open(const http_limits& limits, std::uint16_t port) {
    auto l = http_listener::open(io_, {boost::asio::ip::make_address("127.0.0.1"), port}, limits,
                                 [this](const request_context& c, const request& r) { return handle(c, r); });
    if (!l) return std::move(l).error();
    listener_ = *l;
    build_page();
    listener_->start();
    thread_ = std::thread([this] { io_.run(); });
    return true;
  }

  ~proxy_impl() override { stop(); }

  std::uint16_t port() const override { return listener_->port(); }
  std::string token() const override { return token_; }
  std::string page_url() const override { return "http://" + std::string(probe_host) + "/"; }

  probe_progress progress() const override {
    std::lock_guard lock(mutex_);
    probe_progress p;
    p.arrived = (arrived_ & in_set_).count();
    p.total = total_;
    p.round = round_;
    p.done = done_;
    p.page_error = page_error_;
    return p;
  }

  std::vector<std::uint16_t> missing() const override {
    std::lock_guard lock(mutex_);
    return missing_locked();
  }

  bool form_arrived(const url_form& f) const override {
    std::lock_guard lock(mutex_);
    return forms_seen_.contains(form_key(f.host, f.port));
  }

  std::size_t foreign_requests() const override {
    std::lock_guard lock(mutex_);
    return foreign_;
  }

  void stop() override {
    if (!thread_.joinable()) return;
    boost::asio::post(io_, [this] {
      listener_->stop();
      io_.stop();
    });
    thread_.join();
  }

 private:
  std::vector<std::uint16_t> missing_locked() const {
    std::vector<std::uint16_t> out;
    for (std::size_t p = 0; p < in_set_.size(); ++p)
      if (in_set_.test(p) && !arrived_.test(p)) out.push_back(static_cast<std::uint16_t>(p));
    return out;
  }

  void build_page() {
    json cfg;
    cfg["token"] = token_;
    cfg["host"] = probe_host;
    cfg["window"] = window_;
    cfg["chain"] = chain_;
    cfg["alone"] = alone_;
    cfg["ranges"] = json::array();
    for (const auto& r : ports_) cfg["ranges"].push_back({r.first, r.last});
    cfg["forms"] = json::array();
    for (const auto& f : probe_forms()) cfg["forms"].push_back({{"id", f.id}, {"url", f.url}, {"ws", f.scheme == "ws"}});
    page_ = embed_page_config(probe_page_html(), cfg.dump());
  }

  response refuse(const request& req) {
    ++foreign_;
    response res = text_response(req, http::status::forbidden, "badport's probe proxy serves only its own hosts");
    res.keep_alive(false);
    return res;
  }

  response handle(const request_context&, const request& req) {
    std::lock_guard lock(mutex_);
    if (req.method() == http::verb::connect) {
      // ws:// goes through the proxy as a tunnel: the CONNECT itself is the arrival.
      const auto where = split_authority(req.target());
      if (!where || !where->port || !hosts_.contains(where->host)) return refuse(req);
      forms_seen_.insert(form_key(where->host, *where->port));
      response res = text_response(req, http::status::forbidden, "probe recorded");
      res.keep_alive(false);
      return res;
    }
    auto u = urls::parse_absolute_uri(req.target());
    if (!u || (u->scheme() != "http" && u->scheme() != "ws")) {
      response res = text_response(req, http::status::bad_request,
                                   "this is badport's probe proxy: it takes absolute http:// request targets");
      res.keep_alive(false);
      return res;
    }
    std::string host;
    if (u->host_type() == urls::host_type::ipv6)
      host = "[" + u->host_ipv6_address().to_string() + "]";
    else
      host = std::string(u->encoded_host());
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!hosts_.contains(host)) return refuse(req);
    // Boost.URL's port_number() wraps past 65535 (":80660" reads as 15124): the core decides.
    int port = 80;
    if (u->has_port() && !u->port().empty()) {
      const auto n = parse_port(u->port());
      if (!n) return text_response(req, http::status::bad_request, "port out of range");
      port = *n;
    }
    const std::string path(u->encoded_path());

    if (host != probe_host) {
      forms_seen_.insert(form_key(host, port));
      return probe_answer(req);
    }
    if (path.rfind("/p/", 0) == 0) {
      arrived_.set(static_cast<std::size_t>(port));
      return probe_answer(req);
    }
    if (path.rfind("/c/", 0) == 0) {
      arrived_.set(static_cast<std::size_t>(port));
      return chain_answer(req, port, std::string_view(path).substr(3));
    }
    if (port != 80) return text_response(req, http::status::not_found, "not found");
    if (req.method() == http::verb::get && path == "/")
      return make_response(req, http::status::ok, "text/html; charset=utf-8", page_);
    if (path == "/favicon.ico") return empty(req);
    if (req.method() == http::verb::post && path.rfind("/ctl/", 0) == 0) {
      const auto params = u->params();
      const auto t = params.find("t");
      if (t == params.end() || !(*t).has_value || (*t).value != token_) return text_response(req, http::status::forbidden, "missing or wrong token");
      const json body = json::parse(req.body(), nullptr, false);
      if (body.is_discarded() || !body.is_object()) return text_response(req, http::status::bad_request, "expected JSON");
      if (path == "/ctl/error") {
        page_error_ = body.value("message", std::string("unknown error")).substr(0, 500);
        done_ = true;
        return text_response(req, http::status::ok, "noted");
      }
      if (path == "/ctl/round") {
        round_ = std::max(round_, body.value("round", 0u));
        json r;
        r["retest"] = missing_locked();
        r["forms"] = json::array();
        for (const auto& f : probe_forms())
          if (!forms_seen_.contains(form_key(f.host, f.port))) r["forms"].push_back(f.id);
        // The first round along chains is not one of the retries: after it, every port that
        // did not arrive is requested on its own 1 + retries times.
        const unsigned rounds = retries_ + 1 + (chain_ > 1 ? 1 : 0);
        r["done"] = round_ >= rounds || (r["retest"].empty() && r["forms"].empty());
        if (r["done"].get<bool>()) done_ = true;
        return make_response(req, http::status::ok, "application/json", r.dump());
      }
    }
    return text_response(req, http::status::not_found, "not found");
  }

  /// Along a chain "/c/LAST" that started at most max_chain - 1 ports before LAST: a redirect
  /// to the next port of the set, or the 204 at LAST.
  response chain_answer(const request& req, int port, std::string_view last_text) const {
    const auto last = chain_end(last_text, static_cast<std::uint16_t>(port), max_chain);
    if (!last)
      return text_response(req, http::status::bad_request, "a chain ends at a port at most 19 above the current one");
    const auto next = static_cast<std::size_t>(port) + 1;
    if (port == *last || !in_set_.test(next) || alone_.contains(static_cast<std::uint16_t>(next)))
      return probe_answer(req);
    response res{http::status::temporary_redirect, req.version()};
    res.set(http::field::location, fmt::format("http://{}:{}/c/{}", probe_host, next, *last));
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive() && after_probe_ != probe_connection::close);
    res.prepare_payload();
    return res;
  }

  response probe_answer(const request& req) const {
    response res = empty(req);
    if (after_probe_ == probe_connection::close) res.keep_alive(false);
    return res;
  }

  static response empty(const request& req) {
    response res{http::status::no_content, req.version()};
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.prepare_payload();
    return res;
  }

  std::vector<port_interval> ports_;
  unsigned retries_;
  std::size_t window_;
  unsigned chain_;
  probe_connection after_probe_;
  std::string token_;
  std::set<std::string> hosts_;
  std::set<std::uint16_t> alone_;
  std::string page_;
  boost::asio::io_context io_{1};
  std::shared_ptr<http_listener> listener_;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::bitset<65536> in_set_, arrived_;
  std::size_t total_ = 0;
  std::set<std::string> forms_seen_;
  unsigned round_ = 0;
  bool done_ = false;
  std::string page_error_;
  std::size_t foreign_ = 0;
};

}  // namespace

result<std::unique_ptr<probe_proxy>> probe_proxy::start(probe_plan plan, const http_limits& limits,
                                                        std::uint16_t port) {
  auto p = std::make_unique<proxy_impl>(std::move(plan));
  auto ok = p->open(limits, port);
  if (!ok) return std::move(ok).error();
  return std::unique_ptr<probe_proxy>(std::move(p));
}

}  // namespace badport::io
