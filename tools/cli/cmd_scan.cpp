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

// The project's replacements, decided once by the core's replacement_plan and printed alike
// by every output: one per blocked port and one per range for the whole project, never a port
// the project already uses (with --diff, every file is read for the ports it uses).
struct project_plan {
  std::map<std::uint16_t, std::uint16_t> ports;
  std::map<std::pair<std::uint16_t, std::uint16_t>, port_interval> ranges;
};

project_plan plan_replacements(const io::tree_scan& scan, engine_set engines) {
  suggest_options options;
  options.engines = engines;
  replacement_plan plan(options);
  for (const auto p : scan.ports_used) plan.reserve(p);
  std::set<std::pair<std::uint16_t, std::uint16_t>> reserved;  // each range once: it costs its width
  for (const auto& file : scan.files) {
    for (const auto p : file.report.ports_used) plan.reserve(p);
    for (const auto& f : file.report.findings) {
      plan.reserve(f.port);
      if (f.range_first != f.range_last && reserved.emplace(f.range_first, f.range_last).second)
        plan.reserve(port_interval{f.range_first, f.range_last});
    }
  }
  project_plan out;
  for (const auto& file : scan.files)
    for (const auto& f : file.report.findings) {
      if (f.range_first != f.range_last) {
        const auto key = std::make_pair(f.range_first, f.range_last);
        if (!out.ranges.contains(key))
          if (const auto r = plan.replacement(port_interval{f.range_first, f.range_last})) out.ranges.emplace(key, *r);
        continue;
      }
      if (!out.ports.contains(f.port))
        if (const auto r = plan.replacement(f.port)) out.ports.emplace(f.port, *r);
    }
  return out;
}

// The patch that applies the plan where each port is written: a listen call's default, a
// config value, a doc line, a compose mapping; a range as a whole; a port a Compose file takes
// from .env in .env. Each file appears once, whichever findings touch it.
std::string make_patch(const io::tree_scan& scan, const project_plan& plan) {
  struct file_edits {
    const std::string* content;
    std::vector<text_edit> edits;
    std::set<std::size_t> at;  // offsets already edited: one edit per place
  };
  std::vector<std::string> order;
  std::map<std::string, file_edits> files;
  const auto edit = [&](const std::string& path, const std::string& content, text_edit e) {
    auto [it, inserted] = files.try_emplace(path, file_edits{&content, {}, {}});
    if (inserted) order.push_back(path);
    if (it->second.at.insert(e.offset).second) it->second.edits.push_back(std::move(e));
  };
  for (const auto& file : scan.files) {
    for (const auto& f : file.report.findings) {
      if (f.range_first != f.range_last) {
        const auto r = plan.ranges.find(std::make_pair(f.range_first, f.range_last));
        if (f.range_length > 0 && r != plan.ranges.end())
          edit(file.path, file.content, {f.offset, f.range_length, fmt::format("{}-{}", r->second.first, r->second.last)});
        continue;
      }
      const auto r = plan.ports.find(f.port);
      if (r == plan.ports.end() || r->second == f.port) continue;
      if (f.length > 0) edit(file.path, file.content, {f.offset, f.length, std::to_string(r->second)});
      else if (f.dotenv_length > 0 && !file.dotenv_path.empty())
        edit(file.dotenv_path, file.dotenv, {f.dotenv_offset, f.dotenv_length, std::to_string(r->second)});
    }
  }
  std::string patch;
  for (const auto& path : order) {
    auto& f = files.at(path);
    patch += make_unified_diff(path, *f.content, std::move(f.edits));
  }
  return patch;
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
  const project_plan plan = plan_replacements(scan, *engines);
  scan.replacements = plan.ports;
  scan.range_replacements = plan.ranges;

  exit_status status = exit_status::ok;
  for (const auto& n : scan.notices) {
    if (n.is_error) {
      status = exit_status::error;
      print_warning(fmt::format("{}: {}", n.path, n.message));
    } else {
      print_error(fmt::format("note: {}: {}", n.path, n.message));  // escapes what a file name holds
    }
  }
  bool found = false;
  for (const auto& file : scan.files) {
    for (const auto& p : file.report.problems) {
      status = exit_status::error;
      print_warning(problem_text(file.path, p));
    }
    if (!file.report.findings.empty()) found = true;
  }
  if (found && status != exit_status::error) status = exit_status::blocked;

  const std::string format = opt.json ? "json" : opt.format;
  if (opt.diff) {
    out.write(make_patch(scan, plan));
  } else if (format == "json") {
    print_scan_json(out, scan, *engines);
  } else if (format == "sarif") {
    print_scan_sarif(out, scan, *engines);
  } else {
    print_scan_text(out, scan, *engines);
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
