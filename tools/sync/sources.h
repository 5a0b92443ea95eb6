#pragma once
// Where each engine keeps its list: one table of canonical files, and what their hosts say
// about them. Pure: URLs are built and answers parsed here; tools/sync/download.cpp fetches.

#include "extract.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace badport::sync {

/// One engine's source file upstream. Every list lives in a GitHub repository (Chromium's and
/// Firefox's official mirrors there), so one raw-file URL and one commits API URL fit all.
struct upstream_source {
  std::string_view engine;               ///< badport's engine name: "chromium"
  std::optional<source_format> format;   ///< how to read the file; none: the engine has no list
  std::string_view repo;                 ///< "chromium/chromium"
  std::string_view branch;               ///< "main"
  std::string_view path;                 ///< "net/base/port_util.cc"
  std::string_view no_list_reason;       ///< when there is no file: why (Bun)
};

/// Every engine, in badport's display order.
[[nodiscard]] std::span<const upstream_source> upstream_sources() noexcept;

/// The source of an engine by name, or nullptr.
[[nodiscard]] const upstream_source* find_source(std::string_view engine) noexcept;

/// https://raw.githubusercontent.com/<repo>/<branch>/<path>
[[nodiscard]] std::string raw_url(const upstream_source& s);

/// The GitHub API's last commit that touched the file:
/// https://api.github.com/repos/<repo>/commits?path=<path>&sha=<branch>&per_page=1
[[nodiscard]] std::string commit_url(const upstream_source& s);

/// `url` with its "https://" replaced by `mirror` + "/" (a local copy laid out by host).
[[nodiscard]] std::string mirrored(std::string_view url, std::string_view mirror);

/// A commit as a host tells it.
struct commit_info {
  std::string sha;   ///< the full hash
  std::string date;  ///< YYYY-MM-DD of the commit (committer date), or "" when not given
};

/// The first commit of a GitHub "list commits" answer (a JSON array), or nullopt when the text
/// is not such an answer.
[[nodiscard]] std::optional<commit_info> parse_commit_list(std::string_view json_text);

}  // namespace badport::sync
