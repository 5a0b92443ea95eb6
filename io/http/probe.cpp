#include <badport/io/probe.h>

#include <badport/ports.h>
#include <badport/rules.h>

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <ctime>

#include <pthread.h>
#include <sys/prctl.h>

namespace badport::io {

bool probe_result::agrees() const noexcept {
  if (!only_browser.empty() || !only_database.empty()) return false;
  return std::all_of(forms.begin(), forms.end(), [](const form_result& f) { return f.agrees(); });
}

namespace {

// Holds SIGINT, SIGTERM and SIGHUP for the probe's lifetime (threads started meanwhile inherit
// the mask), so that they are taken with sigtimedwait in the main loop and cleanup always runs.
class held_signals {
 public:
  held_signals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGHUP);
    ::pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  held_signals(const held_signals&) = delete;
  held_signals& operator=(const held_signals&) = delete;
  ~held_signals() {
    // Drop what arrived: it has been handled as an interruption already.
    timespec zero{0, 0};
    while (::sigtimedwait(&set_, nullptr, &zero) > 0) {
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  /// Waits up to `ms` for one of the signals; returns it, or 0.
  int wait(long ms) {
    timespec t{ms / 1000, (ms % 1000) * 1'000'000};
    const int sig = ::sigtimedwait(&set_, nullptr, &t);
    return sig > 0 ? sig : 0;
  }

 private:
  sigset_t set_{}, old_{};
};

}  // namespace

unsigned default_chain(browser_kind kind) noexcept { return kind == browser_kind::chromium ? max_chain : 1; }

std::size_t default_window(unsigned chain) noexcept { return chain > 1 ? 64 : 192; }

result<probe_result> run_probe(const probe_options& opt) {
  const auto started = std::chrono::steady_clock::now();
  held_signals signals;
  // Browsers start helpers that may leave their process group; as subreaper, badport inherits
  // them when their parent dies, so that cleanup can still find and reap them.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

  // Firefox sends every request through a few kept-alive proxy connections; Chromium and
  // WebKitGTK open one per destination port and never reuse it, so the proxy closes those.
  const auto after_probe =
      opt.browser.kind == browser_kind::firefox ? probe_connection::keep_alive : probe_connection::close;
  probe_plan plan;
  plan.ports = opt.ports;
  plan.retries = opt.retries;
  plan.chain = opt.chain != 0 ? std::min(opt.chain, max_chain) : default_chain(opt.browser.kind);
  plan.window = opt.window != 0 ? opt.window : default_window(plan.chain);
  plan.after_probe = after_probe;
  auto proxy = probe_proxy::start(plan);
  if (!proxy) return std::move(proxy).error();
  const auto subject = std::string(name(opt.browser.kind));

  auto session = browser_session::launch(opt.browser, (*proxy)->port(), (*proxy)->page_url());
  if (!session) return std::move(session).error();

  while (true) {
    if (const int sig = signals.wait(100)) {
      session->close();
      return fail(errc::io_error, subject,
                  fmt::format("interrupted by {}; browser stopped and its profile removed", sigabbrev_np(sig)
                                                                                                ? std::string("SIG") + sigabbrev_np(sig)
                                                                                                : std::to_string(sig)));
    }
    const probe_progress now = (*proxy)->progress();
    if (opt.on_progress) opt.on_progress(now);
    if (!now.page_error.empty()) return fail(errc::io_error, subject, "the probe page failed: " + now.page_error);
    if (now.done) break;
    if (std::string why = session->crashed(); !why.empty())
      return fail(errc::io_error, subject, "the browser died before the probe finished (" + why + ")");
    if (std::chrono::steady_clock::now() - started > opt.timeout)
      return fail(errc::io_error, subject,
                  fmt::format("timed out after {} s with {} of {} ports seen", opt.timeout.count(), now.arrived,
                              now.total));
  }

  probe_result r;
  r.browser = opt.browser.kind;
  r.engine_id = engine_of(opt.browser.kind);
  r.version = session->version();
  r.ports = opt.ports;
  const probe_progress last = (*proxy)->progress();
  r.tested = last.total;
  r.rounds = last.round;
  r.chain = plan.chain;
  r.window = plan.window;
  r.blocked = (*proxy)->missing();
  for (const auto& f : probe_forms()) {
    form_result fr;
    fr.form = f;
    fr.arrived = (*proxy)->form_arrived(f);
    fr.expected_blocked = check(f.port, r.engine_id, f.scheme).blocked;
    r.forms.push_back(std::move(fr));
  }
  session->close();
  (*proxy)->stop();
  // The control: a plain allowed URL every browser fetches. When it never arrived, the browser
  // did not use the proxy (or the page could not run), and every port would look blocked.
  const auto control = std::find_if(r.forms.begin(), r.forms.end(),
                                    [](const form_result& f) { return f.form.id == "default-port"; });
  if (control != r.forms.end() && !control->arrived)
    return fail(errc::io_error, subject,
                "no request of the probe page reached the proxy, so nothing can be concluded "
                "(the browser ignored the proxy settings or could not run the page)");

  std::vector<bool> blocked(65536, false);
  for (auto p : r.blocked) blocked[p] = true;
  for (const auto& range : r.ports)
    for (std::uint32_t p = range.first; p <= range.last; ++p) {
      const bool db = is_blocked(static_cast<int>(p), r.engine_id);
      if (blocked[p] && !db) r.only_browser.push_back(static_cast<std::uint16_t>(p));
      if (!blocked[p] && db) r.only_database.push_back(static_cast<std::uint16_t>(p));
    }
  std::sort(r.only_browser.begin(), r.only_browser.end());
  r.only_browser.erase(std::unique(r.only_browser.begin(), r.only_browser.end()), r.only_browser.end());
  std::sort(r.only_database.begin(), r.only_database.end());
  r.only_database.erase(std::unique(r.only_database.begin(), r.only_database.end()), r.only_database.end());
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return r;
}

}  // namespace badport::io
