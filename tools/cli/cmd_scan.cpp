// badport scan [PATH...]: finds browser-blocked ports wherever a project writes them (server
// code, Compose, Dockerfile, .env, scripts, app configs, docs' code blocks, Kubernetes, systemd,
// URLs and local addresses in any text).

#include "options.h"
#include "printers/scan_printers.h"
#include "usage.h"

#include <badport/io/scan_tree.h>
#include <badport/ports.h>
#include <badport/scan.h>
#include <badport/suggest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <unistd.h>

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
  std::string stdin_name;  ///< --stdin-name: the name that chooses the reader for `-`
};

enum class stdin_status { ok, binary, too_large, terminal, failed };

// Reads standard input whole, but never more than `max` bytes: past the limit it stops
// reading (the writer gets a broken pipe) rather than holding an unbounded stream. A NUL byte
// in the first 8 KiB marks it binary, as for files. A terminal is refused, never waited on.
stdin_status read_stdin(std::uint64_t max, std::string& buf, std::string& why) {
  if (::isatty(STDIN_FILENO) == 1) return stdin_status::terminal;
  constexpr std::size_t chunk = 1u << 16;
  while (true) {
    const std::size_t got = buf.size();
    if (got > max) return stdin_status::too_large;
    buf.resize(got + chunk);
    const ssize_t n = ::read(STDIN_FILENO, buf.data() + got, chunk);
    if (n < 0) {
      buf.resize(got);
      if (errno == EINTR) continue;
      why = std::strerror(errno);
      return stdin_status::failed;
    }
    buf.resize(got + static_cast<std::size_t>(n));
    if (n == 0) break;
  }
  if (buf.size() > max) return stdin_status::too_large;
  if (std::memchr(buf.data(), 0, std::min<std::size_t>(buf.size(), 8192)) != nullptr) return stdin_status::binary;
  return stdin_status::ok;
}

// `-` among the paths: standard input, scanned as one file named <stdin> (or --stdin-name,
// whose name also chooses the reader). Adds it to `scan` like a file of the tree.
void scan_stdin(const scan_options& opt, std::uint64_t max, engine_set engines, io::tree_scan& scan) {
  const std::string shown = opt.stdin_name.empty() ? "<stdin>" : opt.stdin_name;
  std::string content, why;
  switch (read_stdin(max, content, why)) {
    case stdin_status::terminal:
      scan.notices.push_back({shown, "cannot read: standard input is a terminal; pipe a file into badport scan -", true});
      return;
    case stdin_status::failed:
      scan.notices.push_back({shown, "cannot read: " + why, true});
      return;
    case stdin_status::too_large:
      scan.notices.push_back(
          {shown, "skipped: over the size limit of " + std::to_string(max) + " bytes (--max-size)", false});
      return;
    case stdin_status::binary:
      ++scan.binary_skipped;
      scan.notices.push_back({shown, "skipped: binary (a NUL byte in its first 8 KiB)", false});
      return;
    case stdin_status::ok: break;
  }
  ++scan.files_read;
  scan_input in;
  in.path = shown;
  in.content = content;
  in.engines = engines;
  io::scanned_file file;
  file.path = shown;
  file.report = scan_file(in);
  if (!file.report.findings.empty() || !file.report.problems.empty()) scan.files.push_back(std::move(file));
}

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
  const bool with_stdin = std::find(opt.paths.begin(), opt.paths.end(), "-") != opt.paths.end();
  if (with_stdin && opt.diff) {
    print_usage_error("badport scan", "--diff cannot be used with - (standard input has no file to patch)");
    return exit_status::error;
  }
  if (!opt.stdin_name.empty() && !with_stdin) {
    print_usage_error("badport scan", "--stdin-name names standard input; give - among the paths");
    return exit_status::error;
  }
  io::tree_scan_options o;
  o.walk.respect_ignore = !opt.no_ignore;
  o.walk.follow_symlinks = opt.follow;
  o.walk.max_file_size = *max;
  o.engines = *engines;
  o.keep_content = opt.diff;
  std::vector<std::string> paths;
  for (const auto& p : opt.paths)
    if (p != "-") paths.push_back(p);
  if (opt.paths.empty()) paths.push_back(".");
  io::tree_scan scan;
  if (!paths.empty()) scan = io::scan_tree(paths, o);
  if (with_stdin) scan_stdin(opt, *max, *engines, scan);
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
  cmd->add_option("paths", opt->paths, "Files and folders to scan (default: .); - reads standard input as one file");
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
  cmd->add_option("--stdin-name", opt->stdin_name,
                  "With -: the file name standard input stands for, which chooses how it is read "
                  "(compose.yaml, Dockerfile, .env; default: <stdin>, read as text)");
  cmd->footer("Exit status: 0 no blocked port, 1 blocked ports found, 2 error (an unreadable or invalid file;\n"
              "the scan goes on and reports the rest).\n"
              "Examples:\n  badport scan\n  badport scan compose.yaml docs/ --engine chromium,firefox\n"
              "  badport scan --format sarif > badport.sarif\n  badport scan --diff | git apply\n"
              "  docker compose config | badport scan - --stdin-name compose.yaml");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_scan(*opt, state.out); }; });
}

}  // namespace badport::cli
