// badport diff E1 E2: the ports one engine blocks and the other does not.

#include "options.h"
#include "report.h"

#include <badport/text.h>

#include <fmt/format.h>

#include <memory>

namespace badport::cli {

namespace {

struct diff_options {
  std::string left, right;
  bool json = false;
};

exit_status run_diff(const diff_options& opt, output& out) {
  auto left = parse_engine(opt.left);
  auto right = parse_engine(opt.right);
  if (!left || !right) {
    if (!left) print_error(left.error().message());
    if (!right) print_error(right.error().message());
    return exit_status::error;
  }
  std::vector<const port_info*> only_left, only_right;
  for (const auto& p : known_ports()) {
    const bool l = is_blocked(p.port, *left), r = is_blocked(p.port, *right);
    if (l && !r) only_left.push_back(&p);
    if (r && !l) only_right.push_back(&p);
  }
  if (opt.json) {
    using json = nlohmann::ordered_json;
    const auto side = [](const std::vector<const port_info*>& v) {
      json a = json::array();
      for (const auto* p : v) a.push_back({{"port", p->port}, {"service", p->service}});
      return a;
    };
    json doc;
    doc["schema"] = "badport.diff/1";
    doc["left"] = name(*left);
    doc["right"] = name(*right);
    doc["requested"] = {{"left", printable_line(opt.left)}, {"right", printable_line(opt.right)}};
    doc["same_list"] = *left == *right;
    doc["only_left"] = side(only_left);
    doc["only_right"] = side(only_right);
    out.write(doc.dump(2));
    out.write("\n");
  } else if (*left == *right) {
    // Two names for one engine ("chrome edge"): one list, nothing to compare.
    const std::string l = printable_line(opt.left), r = printable_line(opt.right);
    const std::string_view engine_name = name(*left);
    if (l == r && l == engine_name)
      out.write(fmt::format("both sides are {}: no difference\n", engine_name));
    else if (l == r)
      out.write(fmt::format("both sides are {}, which uses {}'s list: no difference\n", l, engine_name));
    else if (l == engine_name || r == engine_name)
      out.write(fmt::format("{} uses {}'s list: no difference\n", l == engine_name ? r : l, engine_name));
    else
      out.write(fmt::format("{} and {} both use {}'s list: no difference\n", l, r, engine_name));
  } else if (only_left.empty() && only_right.empty()) {
    out.write(fmt::format("{} and {} block the same ports: no difference\n", name(*left), name(*right)));
  } else {
    const auto side = [&](engine a, engine b, const std::vector<const port_info*>& v) {
      out.write(fmt::format("{}{} blocks, {} allows ({}){}{}\n", out.bold(), name(a), name(b), v.size(), out.reset(),
                            v.empty() ? ": none" : ":"));
      for (const auto* p : v) out.write(fmt::format("  {:>5}  {}\n", p->port, p->service));
    };
    side(*left, *right, only_left);
    side(*right, *left, only_right);
  }
  return only_left.empty() && only_right.empty() ? exit_status::ok : exit_status::blocked;
}

}  // namespace

void add_diff_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<diff_options>();
  auto* cmd = root.add_subcommand("diff", "Show the ports one engine blocks and another does not");
  cmd->add_option("left", opt->left, "First engine")->required();
  cmd->add_option("right", opt->right, "Second engine")->required();
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.diff/1)");
  cmd->footer("Exit status: 0 the engines block the same ports, 1 they differ, 2 error.\n"
              "Example:\n  badport diff chromium firefox");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_diff(*opt, state.out); }; });
}

}  // namespace badport::cli
