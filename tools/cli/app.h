#pragma once
// What every subcommand shares: the output streams, color, and how a subcommand registers.

#include <badport/exit_status.h>

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace badport::cli {

/// Where to write and how: printers format, `output` decides nothing but the bytes' fate.
class output {
 public:
  /// Writes to stdout; on a broken pipe throws broken_pipe, on other errors write_error.
  void write(std::string_view text);
  void flush();
  [[nodiscard]] bool color() const noexcept { return color_; }
  void set_color(bool on) noexcept { color_ = on; }

  /// ANSI styles, empty when color is off.
  [[nodiscard]] std::string_view bold() const noexcept { return color_ ? "\x1b[1m" : ""; }
  [[nodiscard]] std::string_view red() const noexcept { return color_ ? "\x1b[31m" : ""; }
  [[nodiscard]] std::string_view green() const noexcept { return color_ ? "\x1b[32m" : ""; }
  [[nodiscard]] std::string_view yellow() const noexcept { return color_ ? "\x1b[33m" : ""; }
  [[nodiscard]] std::string_view dim() const noexcept { return color_ ? "\x1b[2m" : ""; }
  [[nodiscard]] std::string_view reset() const noexcept { return color_ ? "\x1b[0m" : ""; }

 private:
  bool color_ = false;
  std::string buffer_;
};

struct broken_pipe {};
struct write_error {
  int err;
};

/// Prints `badport: <message>` on stderr.
void print_error(std::string_view message);
/// Prints `badport: warning: <message>` on stderr.
void print_warning(std::string_view message);

/// The state all subcommands share, and the action the chosen subcommand sets.
struct app_state {
  output out;
  std::string color_mode = "auto";
  std::function<exit_status()> run;
  /// The command line as given, for a command that hands it to a helper program.
  int argc = 0;
  char** argv = nullptr;
};

/// Each subcommand registers its options on `root` and sets `state.run` when chosen.
void add_check_command(CLI::App& root, app_state& state);
void add_list_command(CLI::App& root, app_state& state);
void add_diff_command(CLI::App& root, app_state& state);
void add_sockets_command(CLI::App& root, app_state& state);
void add_pick_command(CLI::App& root, app_state& state);
void add_run_command(CLI::App& root, app_state& state);
void add_scan_command(CLI::App& root, app_state& state);
void add_fetch_command(CLI::App& root, app_state& state);
void add_serve_command(CLI::App& root, app_state& state);
void add_probe_command(CLI::App& root, app_state& state);

/// Shared option: --engine LIST, checked with parse_engine_list.
struct engine_option {
  std::string text = "all";
};
void add_engine_option(CLI::App& cmd, engine_option& opt);

}  // namespace badport::cli
