// badport: find, explain and avoid the TCP ports that browsers refuse to connect to.

#include "app.h"
#include "data_age.h"

#include <badport/engine.h>
#include <badport/text.h>
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

int run(int argc, char** argv) {
  app_state state;
  state.argc = argc;
  state.argv = argv;
  CLI::App app{"badport: find, explain and avoid the TCP ports that browsers refuse to connect to.\n"
               "Exit status: 0 nothing blocked, 1 something blocked, 2 error.",
               "badport"};
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

  // Building every subcommand's options costs more than `badport check 6000` itself, so when
  // the first argument names a subcommand only that one is built. Anything else (top-level
  // --help, an unknown or mistyped name, a global option first) gets all of them.
  using add_command = void (*)(CLI::App&, app_state&);
  static constexpr std::pair<std::string_view, add_command> commands[] = {
      {"check", add_check_command}, {"list", add_list_command},   {"diff", add_diff_command},
      {"sockets", add_sockets_command}, {"pick", add_pick_command}, {"run", add_run_command},
      {"scan", add_scan_command},   {"fetch", add_fetch_command}, {"serve", add_serve_command},
      {"probe", add_probe_command}};
  const auto chosen = std::find_if(std::begin(commands), std::end(commands), [&](const auto& c) {
    return argc > 1 && c.first == std::string_view(argv[1]);
  });
  if (chosen != std::end(commands)) {
    chosen->second(app, state);
  } else {
    for (const auto& c : commands) c.second(app, state);
  }

  // "did you mean" for a mistyped subcommand, before CLI11 says only "not expected".
  if (argc > 1 && argv[1][0] != '-') {
    const std::string_view given = argv[1];
    std::string_view best;
    std::size_t best_distance = 3;
    bool known = false;
    for (const auto* sub : app.get_subcommands({})) {
      if (sub->get_name() == given) known = true;
      const auto d = badport::edit_distance(given, sub->get_name());
      if (d < best_distance) {
        best_distance = d;
        best = sub->get_name();
      }
    }
    if (!known) {
      print_error(best.empty() ? fmt::format("unknown command \"{}\"; run badport --help for the list", given)
                               : fmt::format("unknown command \"{}\": did you mean {}?", given, best));
      return badport::to_int(exit_status::error);
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(e.what());
    std::fprintf(stderr, "Run with --help for more information.\n");
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
