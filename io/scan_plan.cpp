// The project's replacements for `badport scan` (the core's replacement_plan over a whole
// tree) and the patch that writes them where each port is written.

#include <badport/io/scan_tree.h>
#include <badport/suggest.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace badport::io {

void plan_replacements(tree_scan& scan, engine_set engines) {
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
  scan.replacements.clear();
  scan.range_replacements.clear();
  for (const auto& file : scan.files)
    for (const auto& f : file.report.findings) {
      if (f.range_first != f.range_last) {
        const auto key = std::make_pair(f.range_first, f.range_last);
        if (!scan.range_replacements.contains(key))
          if (const auto r = plan.replacement(port_interval{f.range_first, f.range_last}))
            scan.range_replacements.emplace(key, *r);
        continue;
      }
      if (!scan.replacements.contains(f.port))
        if (const auto r = plan.replacement(f.port)) scan.replacements.emplace(f.port, *r);
    }
}

std::optional<port_interval> range_replacement_of(const tree_scan& scan, const scan_finding& f) {
  if (f.range_first == f.range_last) return std::nullopt;
  const auto it = scan.range_replacements.find(std::make_pair(f.range_first, f.range_last));
  if (it == scan.range_replacements.end()) return std::nullopt;
  return it->second;
}

std::optional<std::uint16_t> replacement_of(const tree_scan& scan, const scan_finding& f) {
  if (f.range_first != f.range_last) {
    const auto r = range_replacement_of(scan, f);
    if (!r) return std::nullopt;
    return static_cast<std::uint16_t>(r->first + (f.port - f.range_first));
  }
  const auto it = scan.replacements.find(f.port);
  if (it == scan.replacements.end()) return std::nullopt;
  return it->second;
}

std::string make_patch(const tree_scan& scan) {
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
        const auto r = scan.range_replacements.find(std::make_pair(f.range_first, f.range_last));
        if (f.range_length > 0 && r != scan.range_replacements.end() && r->second != port_interval{f.range_first, f.range_last})
          edit(file.path, file.content,
               {f.offset, f.range_length, std::to_string(r->second.first) + "-" + std::to_string(r->second.last)});
        continue;
      }
      const auto r = scan.replacements.find(f.port);
      if (r == scan.replacements.end() || r->second == f.port) continue;
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

}  // namespace badport::io
