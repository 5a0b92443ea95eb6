#pragma once
// Options shared by several subcommands: the engines to consider and the user's overrides.

#include "app.h"

#include <badport/engine.h>
#include <badport/result.h>
#include <badport/rules.h>

#include <string>

namespace badport::cli {

/// --engine, --chromium-flags, --firefox-prefs as typed, before they are checked.
struct engine_options {
  std::string engines = "all";
  std::string chromium_flags;
  std::string firefox_prefs;  ///< a path to prefs.js or user.js
};

/// Adds --engine/-e.
void add_engine_flag(CLI::App& cmd, engine_options& opt);
/// Adds --chromium-flags and --firefox-prefs.
void add_override_flags(CLI::App& cmd, engine_options& opt);

/// The chosen engines, or an error naming the bad name.
[[nodiscard]] result<engine_set> resolve_engines(const engine_options& opt);
/// The user's overrides, read from the flags string and the prefs file.
[[nodiscard]] result<overrides> resolve_overrides(const engine_options& opt);

}  // namespace badport::cli
