// badport diff E1 E2: the ports one engine blocks and the other does not.

#include "options.h"
#include "report.h"

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
    doc["only_left"] = side(only_left);
    doc["only_right"] = side(only_right);
    out.write(doc.dump(2));
    out.write("\n");
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
