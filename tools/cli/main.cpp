// badport: find, explain and avoid the TCP ports that browsers refuse to connect to.

#include "app.h"
#include "data_age.h"
#include "usage.h"

#include <badport/engine.h>
#include <badport/version.h>

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <string_view>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

using badport::exit_status;
using namespace badport::cli;


bool want_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

using add_command = void (*)(CLI::App&, app_state&);
constexpr std::pair<std::string_view, add_command> commands[] = {
    {"check", add_check_command}, {"list", add_list_command},   {"diff", add_diff_command},
    {"sockets", add_sockets_command}, {"pick", add_pick_command}, {"run", add_run_command},
    {"scan", add_scan_command},   {"fetch", add_fetch_command}, {"serve", add_serve_command},
    {"probe", add_probe_command}};
// What a user may type as the command: the subcommands and `help`.
constexpr std::string_view command_names[] = {"check", "list", "diff",  "sockets", "pick", "run",
                                              "scan",  "fetch", "serve", "probe",   "help"};

bool is_command(std::string_view word) {
  return std::find(std::begin(command_names), std::end(command_names), word) != std::end(command_names);
}

/// Where the command word is: after the top-level options that take a value (--color WHEN).
int command_index(int argc, char** argv) {
  int i = 1;
  while (i < argc) {
    const std::string_view a = argv[i];
    if (a == "--color") i += 2;
    else if (a.rfind("--color=", 0) == 0) ++i;
    else break;
  }
  return i;
}

int run(int argc, char** argv) {
  app_state state;
  state.argc = argc;
  state.argv = argv;
  CLI::App app{"badport: find, explain and avoid the TCP ports that browsers refuse to connect to.\n"
               "Exit status: 0 nothing blocked, 1 something blocked, 2 error.",
               "badport"};
  app.footer("Run badport help COMMAND (or badport COMMAND --help) for a command's options.");
  // The version and how old the port data is (built only when asked for).
  app.set_version_flag("--version", [] {
    std::string text = "badport " + std::string(badport::version()) + "\n" +
                       data_age_text(badport::engine_set::all());
    text.pop_back();  // CLI11 ends the text with a newline of its own
    return text;
  });
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--color", state.color_mode, "Color output: auto (on a terminal, not with NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");

  // `badport` alone is `badport --help`; `badport help [COMMAND]` is `badport [COMMAND] --help`,
  // so both print exactly the same text.
  std::vector<char*> args(argv, argv + argc);
  static char help_flag[] = "--help";
  const int at = command_index(argc, argv);
  if (argc == 1) {
    args.push_back(help_flag);
  } else if (at < argc && std::string_view(argv[at]) == "help") {
    args.resize(static_cast<std::size_t>(at));
    if (at + 1 < argc) {
      const std::string_view name = argv[at + 1];
      if (!is_command(name) || name == "help") {
        if (name != "help") {
          print_usage_error("badport help", unknown_command_text(name, command_names));
          return badport::to_int(exit_status::error);
        }
      } else {
        args.push_back(argv[at + 1]);
      }
      if (at + 2 < argc) {
        print_usage_error("badport help", fmt::format("unexpected argument \"{}\"; usage: badport help [COMMAND]",
                                                      argv[at + 2]));
        return badport::to_int(exit_status::error);
      }
    }
    args.push_back(help_flag);
  }
  const int parse_argc = static_cast<int>(args.size());
  char** parse_argv = args.data();

  // Building every subcommand's options costs more than `badport check 6000` itself, so when
  // the command word names a subcommand only that one is built. Anything else (top-level
  // --help, a global option that is not --color) gets all of them.
  const std::string_view word = at < parse_argc ? std::string_view(parse_argv[at]) : std::string_view();
  const auto chosen = std::find_if(std::begin(commands), std::end(commands), [&](const auto& c) { return c.first == word; });
  if (chosen != std::end(commands)) {
    chosen->second(app, state);
  } else {
    for (const auto& c : commands) c.second(app, state);
  }

  // "did you mean" for a mistyped command, before the parser sees it.
  if (!word.empty() && word[0] != '-' && chosen == std::end(commands)) {
    print_usage_error("badport", unknown_command_text(word, command_names));
    return badport::to_int(exit_status::error);
  }

  try {
    app.parse(parse_argc, parse_argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_usage_error(usage_error_speaker(app), usage_error_text(e, app));
    return badport::to_int(exit_status::error);
  }

  state.out.set_color(want_color(state.color_mode));
  const exit_status status = state.run ? state.run() : exit_status::error;
  state.out.flush();
  return badport::to_int(status);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe becomes EPIPE, handled below
  try {
    return run(argc, argv);
  } catch (const broken_pipe&) {
    return 0;  // `badport list | head` ends quietly
  } catch (const write_error& e) {
    print_error(fmt::format("cannot write output: {}", std::strerror(e.err)));
    return badport::to_int(exit_status::error);
  } catch (const std::bad_alloc&) {
    print_error("out of memory");
    return badport::to_int(exit_status::error);
  } catch (const std::exception& e) {
    print_error(fmt::format("internal error: {}", e.what()));
    return badport::to_int(exit_status::error);
  }
}
