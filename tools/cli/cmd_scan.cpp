// badport scan [PATH...]: finds browser-blocked ports wherever a project writes them (server
// code, Compose, Dockerfile, .env, scripts, app configs, docs' code blocks, Kubernetes, systemd,
// URLs and local addresses in any text).

#include "options.h"
#include "printers/scan_printers.h"

#include <badport/io/scan_tree.h>
#include <badport/ports.h>
#include <badport/scan.h>
#include <badport/suggest.h>

#include <fmt/format.h>

#include <limits>
#include <map>
#include <memory>
#include <set>

namespace badport::cli {

namespace {

struct scan_options {
  std::vector<std::string> paths;
  engine_options engines;
  std::string format = "text";
  bool json = false;
  bool diff = false;
  bool no_ignore = false;
  bool follow = false;
  std::string max_size = "1M";
};

// "1048576", "512K", "4M", "1G" (powers of 1024), checked against overflow at every step:
// "17179869184G" is 2^64 bytes, which must not wrap to 0 (and skip every file).
result<std::uint64_t> parse_size(std::string_view text) {
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t value = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    if (value > (max - digit) / 10) return fail(errc::invalid_argument, text, "size too large");
    value = value * 10 + digit;
  }
  if (i == 0) return fail(errc::invalid_argument, text, "expected a size such as 1M, 512K or 1048576");
  const auto suffix = text.substr(i);
  unsigned shift = 0;
  if (suffix.empty() || suffix == "B") shift = 0;
  else if (suffix == "K" || suffix == "k" || suffix == "KiB") shift = 10;
  else if (suffix == "M" || suffix == "MiB") shift = 20;
  else if (suffix == "G" || suffix == "GiB") shift = 30;
  else return fail(errc::invalid_argument, text, "expected a size such as 1M, 512K or 1048576");
  if (value > (max >> shift)) return fail(errc::invalid_argument, text, "size too large");
  return value << shift;
}

exit_status run_scan(const scan_options& opt, output& out) {
  auto engines = resolve_engines(opt.engines);
  if (!engines) {
    print_error(engines.error().message());
    return exit_status::error;
  }
  auto max = parse_size(opt.max_size);
  if (!max) {
    print_error(max.error().message());
    return exit_status::error;
  }
  io::tree_scan_options o;
  o.walk.respect_ignore = !opt.no_ignore;
  o.walk.follow_symlinks = opt.follow;
  o.walk.max_file_size = *max;
  o.engines = *engines;
  o.keep_content = opt.diff;
  const auto paths = opt.paths.empty() ? std::vector<std::string>{"."} : opt.paths;
  auto scan = io::scan_tree(paths, o);
  io::plan_replacements(scan, *engines);

  // An unreadable path or an invalid file is an error (said so, exit 2 at the end) that does
  // not stop the scan; a note (a file skipped on purpose) changes nothing.
  exit_status status = exit_status::ok;
  for (const auto& n : scan.notices) {
    if (n.is_error) {
      status = exit_status::error;
      print_error(fmt::format("{}: {}", n.path, n.message));
    } else {
      print_error(fmt::format("note: {}: {}", n.path, n.message));  // escapes what a file name holds
    }
  }
  bool found = false;
  for (const auto& file : scan.files) {
    for (const auto& p : file.report.problems) {
      status = exit_status::error;
      print_error(problem_text(file.path, p));
    }
    if (!file.report.findings.empty()) found = true;
  }
  if (found && status != exit_status::error) status = exit_status::blocked;

  const std::string format = opt.json ? "json" : opt.format;
  if (opt.diff) {
    out.write(io::make_patch(scan));
  } else if (format == "json") {
    print_scan_json(out, scan, *engines);
  } else if (format == "sarif") {
    print_scan_sarif(out, scan);
  } else {
    print_scan_text(out, scan);
  }
  return status;
}

}  // namespace

void add_scan_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<scan_options>();
  auto* cmd = root.add_subcommand("scan", "Find browser-blocked ports where a project chooses them (server code, compose, configs, scripts, docs, URLs)");
  cmd->add_option("paths", opt->paths, "Files and folders to scan (default: .)");
  add_engine_flag(*cmd, opt->engines);
  cmd->add_option("--format", opt->format, "Output: text, json (schema badport.scan/1) or sarif (SARIF 2.1.0)")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->default_str("text");
  cmd->add_flag("--json", opt->json, "Same as --format json");
  cmd->add_flag("--diff", opt->diff,
                "Print a unified diff (for git apply or patch -p1) that replaces each blocked port where it is "
                "written, one replacement per port for the whole project, never a port the project uses; edits "
                "nothing");
  cmd->add_flag("--no-ignore", opt->no_ignore, "Also scan what .gitignore and .git/info/exclude ignore");
  cmd->add_flag("-L,--follow", opt->follow, "Follow symbolic links (loops are detected; each folder is walked once)");
  cmd->add_option("--max-size", opt->max_size, "Skip files larger than this, with a note (512K, 4M, bytes)")
      ->default_str("1M");
  cmd->footer("Exit status: 0 no blocked port, 1 blocked ports found, 2 error (an unreadable or invalid file;\n"
              "the scan goes on and reports the rest).\n"
              "Examples:\n  badport scan\n  badport scan compose.yaml docs/ --engine chromium,firefox\n"
              "  badport scan --format sarif > badport.sarif\n  badport scan --diff | git apply");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_scan(*opt, state.out); }; });
}

}  // namespace badport::cli
