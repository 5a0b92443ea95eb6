#pragma once
/// \file io/overrides.h
/// The user's engine overrides as people hand them over: a Chromium command line and the path
/// of a Firefox prefs.js or user.js, which is read from disk (with io/file.h's size limit).
/// The parsing is the core's (rules.h parse_chromium_flags, parse_firefox_prefs).

#include <badport/result.h>
#include <badport/rules.h>

#include <string>
#include <string_view>

namespace badport::io {

/// Reads the overrides: `chromium_flags` is a Chromium command line (empty: none),
/// `firefox_prefs_path` the path of a prefs.js or user.js (empty: none). Fails with the
/// core's error for bad flags or prefs (the reason then starts with the path, "prefs.js: ..."),
/// or errc::io_error when the file cannot be read.
[[nodiscard]] result<overrides> read_overrides(std::string_view chromium_flags, const std::string& firefox_prefs_path);

}  // namespace badport::io
