#include "sources.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace badport::sync {

namespace {

// The canonical files. Chromium's GitHub repository is its official read-only mirror of
// chromium.googlesource.com; mozilla-firefox/firefox is Firefox's own repository.
constexpr std::array<upstream_source, 9> sources{{
    {"fetch", source_format::fetch_bikeshed, "whatwg/fetch", "main", "fetch.bs", ""},
    {"chromium", source_format::chromium_cc, "chromium/chromium", "main", "net/base/port_util.cc", ""},
    {"firefox", source_format::firefox_cc, "mozilla-firefox/firefox", "main", "netwerk/base/nsIOService.cpp", ""},
    {"webkit", source_format::webkit_cc, "WebKit/WebKit", "main", "Source/WTF/wtf/URL.cpp", ""},
    {"servo", source_format::servo_rs, "servo/servo", "main", "components/net/fetch/methods.rs", ""},
    {"ladybird", source_format::ladybird_cc, "LadybirdBrowser/ladybird", "master", "Libraries/LibHTTP/Port.cpp", ""},
    {"node", source_format::undici_js, "nodejs/undici", "main", "lib/web/fetch/constants.js", ""},
    {"deno", source_format::deno_js, "denoland/deno", "main", "ext/fetch/26_fetch.js", ""},
    {"bun", std::nullopt, "oven-sh/bun", "main", "",
     "Bun's fetch checks no port (oven-sh/bun#20352 is open; PR #20366 to add the check was closed)"},
}};

}  // namespace

std::span<const upstream_source> upstream_sources() noexcept { return sources; }

const upstream_source* find_source(std::string_view engine) noexcept {
  const auto it = std::find_if(sources.begin(), sources.end(), [&](const upstream_source& s) { return s.engine == engine; });
  return it == sources.end() ? nullptr : &*it;
}

std::string raw_url(const upstream_source& s) {
  return "https://raw.githubusercontent.com/" + std::string(s.repo) + "/" + std::string(s.branch) + "/" +
         std::string(s.path);
}

std::string commit_url(const upstream_source& s) {
  return "https://api.github.com/repos/" + std::string(s.repo) + "/commits?path=" + std::string(s.path) +
         "&sha=" + std::string(s.branch) + "&per_page=1";
}

std::string mirrored(std::string_view url, std::string_view mirror) {
  constexpr std::string_view https = "https://";
  if (url.substr(0, https.size()) == https) url.remove_prefix(https.size());
  std::string base(mirror);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/" + std::string(url);
}

std::optional<commit_info> parse_commit_list(std::string_view json_text) {
  const auto doc = nlohmann::json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array() || doc.empty() || !doc[0].is_object()) return std::nullopt;
  const auto& first = doc[0];
  const auto sha = first.find("sha");
  if (sha == first.end() || !sha->is_string()) return std::nullopt;
  commit_info out{sha->get<std::string>(), {}};
  if (out.sha.size() < 7 || out.sha.size() > 64 ||
      !std::all_of(out.sha.begin(), out.sha.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }))
    return std::nullopt;
  const auto commit = first.find("commit");
  if (commit != first.end() && commit->is_object()) {
    for (const char* who : {"committer", "author"}) {
      const auto w = commit->find(who);
      if (w == commit->end() || !w->is_object()) continue;
      const auto date = w->find("date");
      if (date != w->end() && date->is_string() && date->get<std::string>().size() >= 10) {
        out.date = date->get<std::string>().substr(0, 10);
        break;
      }
    }
  }
  return out;
}

}  // namespace badport::sync
