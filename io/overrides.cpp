// The user's engine overrides from a Chromium command line and a Firefox prefs file on disk.

#include <badport/io/file.h>
#include <badport/io/overrides.h>

#include <utility>

namespace badport::io {

result<overrides> read_overrides(std::string_view chromium_flags, const std::string& firefox_prefs_path) {
  overrides user;
  if (!chromium_flags.empty()) {
    auto c = parse_chromium_flags(chromium_flags);
    if (!c) return std::move(c).error();
    user.chromium = std::move(*c);
  }
  if (!firefox_prefs_path.empty()) {
    auto text = read_file(firefox_prefs_path);
    if (!text) return std::move(text).error();
    auto f = parse_firefox_prefs(*text);
    if (!f) {
      auto e = std::move(f).error();
      e.reason = firefox_prefs_path + ": " + e.reason;
      return e;
    }
    user.firefox = std::move(*f);
  }
  return user;
}

}  // namespace badport::io
