// badport sockets [--all] [--json] [--engine E]: the TCP listeners of this machine, and which of
// them sit on a port that browsers refuse.

#include "options.h"
#include "report.h"

#include <badport/decision.h>
#include <badport/io/listening.h>
#include <badport/io/sockets.h>
#include <badport/ports.h>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <unistd.h>

namespace badport::cli {

namespace {

struct sockets_options {
  engine_options engines;
  bool all = false;
  bool json = false;
};

/// Why a listener has no process.
enum class owner_state { visible, other_user, hidden, unknown };

struct row {
  const socket_entry* socket = nullptr;
  engine_set blocked_by;
  /// When blocked: decision.h's suggestion, never a port that is already listening.
  std::optional<std::uint16_t> suggestion;
  std::vector<pid_t> pids;
  owner_state owner = owner_state::visible;
};

std::string owner_note(const row& r) {
  switch (r.owner) {
    case owner_state::visible: return {};
    case owner_state::other_user:
      return fmt::format("pid unknown: owned by another user (uid {}); run as root to see it", r.socket->uid);
    case owner_state::hidden: return "pid unknown: its process hides its fds from this user; run as root to see it";
    case owner_state::unknown: return "pid unknown: no process of this PID namespace holds it";
  }
  return {};
}

std::string_view owner_name(owner_state s) {
  switch (s) {
    case owner_state::visible: return "visible";
    case owner_state::other_user: return "other-user";
    case owner_state::hidden: return "hidden";
    case owner_state::unknown: return "unknown";
  }
  return "unknown";
}

/// A command line on one line: control characters become spaces, long ones end in "...".
std::string one_line(std::string_view text) {
  constexpr std::size_t max_shown = 200;
  std::string out;
  out.reserve(std::min(text.size(), max_shown + 3));
  for (const char c : text) {
    if (out.size() == max_shown) {
      out += "...";
      break;
    }
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  }
  return out;
}

std::string endpoint(const socket_entry& s) {
  return s.family == address_family::ipv6 ? fmt::format("[{}]:{}", s.address_text(), s.port)
                                          : fmt::format("{}:{}", s.address_text(), s.port);
}

exit_status run_sockets(const sockets_options& opt, output& out) {
  auto engines = resolve_engines(opt.engines);
  if (!engines) {
    print_error(engines.error().message());
    return exit_status::error;
  }
  auto table = io::read_tcp_sockets();
  if (!table) {
    print_error(table.error().message());
    return exit_status::error;
  }

  // The verdict and the suggestion come from the one decision; a port that is already
  // listening here is never suggested.
  decide_options decide_with;
  decide_with.engines = *engines;
  decide_with.is_taken = io::listening_ports(*table).is_taken();
  std::vector<row> rows;
  std::size_t blocked_count = 0;
  for (const auto& s : table->sockets) {
    const decision d = decide(s.port, decide_with);
    if (d.blocked()) ++blocked_count;
    if (opt.all || d.blocked()) rows.push_back(row{&s, d.blocked_by, d.suggestion, {}, owner_state::visible});
  }
  std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) {
    if (a.socket->port != b.socket->port) return a.socket->port < b.socket->port;
    if (a.socket->family != b.socket->family) return a.socket->family < b.socket->family;
    return a.socket->address < b.socket->address;
  });

  // Owners: only the inodes shown are looked for; every process holding one is listed.
  std::vector<std::uint64_t> wanted;
  wanted.reserve(rows.size());
  for (const auto& r : rows) wanted.push_back(r.socket->inode);
  io::socket_owners owners;
  if (!wanted.empty()) owners = io::find_socket_owners({}, wanted);
  const auto me = ::geteuid();
  std::map<pid_t, io::process_info> processes;
  for (auto& r : rows) {
    const auto it = owners.by_inode.find(r.socket->inode);
    if (it != owners.by_inode.end()) {
      r.pids = it->second;
      for (const pid_t p : r.pids)
        if (processes.count(p) == 0) processes.emplace(p, io::read_process(p));
    } else if (owners.hidden_processes > 0) {
      r.owner = r.socket->uid != me ? owner_state::other_user : owner_state::hidden;
    } else {
      r.owner = owner_state::unknown;
    }
  }
  const exit_status status = blocked_count > 0 ? exit_status::blocked : exit_status::ok;

  if (opt.json) {
    using json = nlohmann::ordered_json;
    json doc;
    doc["schema"] = "badport.sockets/2";
    doc["source"] = table->source == io::socket_source::netlink ? "netlink" : "proc";
    doc["engines"] = json::array();
    for (engine e : all_engines)
      if (engines->contains(e)) doc["engines"].push_back(name(e));
    doc["all"] = opt.all;
    doc["listeners_total"] = table->sockets.size();
    doc["blocked_total"] = blocked_count;
    json list = json::array();
    for (const auto& r : rows) {
      const socket_entry& s = *r.socket;
      json j;
      j["family"] = s.family == address_family::ipv4 ? "ipv4" : "ipv6";
      j["address"] = s.address_text();
      j["port"] = s.port;
      j["uid"] = s.uid;
      j["inode"] = s.inode;
      const port_info* p = r.blocked_by.empty() ? nullptr : find_port(s.port);
      j["blocked_by"] = json::array();
      for (engine e : all_engines)
        if (r.blocked_by.contains(e)) j["blocked_by"].push_back(name(e));
      j["service"] = p != nullptr ? json(p->service) : json(nullptr);
      j["suggestion"] = r.suggestion ? json(*r.suggestion) : json(nullptr);
      j["owner"] = owner_name(r.owner);
      j["processes"] = json::array();
      for (const pid_t pid : r.pids) {
        const auto& pi = processes[pid];
        j["processes"].push_back({{"pid", pid}, {"name", pi.name}, {"cmdline", pi.cmdline}});
      }
      if (r.owner != owner_state::visible) j["note"] = owner_note(r);
      list.push_back(std::move(j));
    }
    doc["listeners"] = std::move(list);
    out.write(doc.dump(2, ' ', false, json::error_handler_t::replace));
    out.write("\n");
    return status;
  }

  if (!rows.empty()) {
    std::size_t addr_width = 7;
    for (const auto& r : rows) addr_width = std::max(addr_width, endpoint(*r.socket).size());
    out.write(fmt::format("{}{:<{}}  {:>7}  {:<15}  {}{}\n", out.bold(), "address", addr_width, "pid", "process",
                          "command", out.reset()));
    for (const auto& r : rows) {
      const socket_entry& s = *r.socket;
      std::string pid = "?", proc, command;
      if (!r.pids.empty()) {
        const auto& pi = processes[r.pids.front()];
        pid = std::to_string(r.pids.front());
        proc = pi.name;
        command = pi.cmdline.empty() ? "[" + one_line(pi.name) + "]" : one_line(pi.cmdline);
        if (r.pids.size() > 1) command += fmt::format("  (and {} more processes)", r.pids.size() - 1);
      } else {
        command = owner_note(r);
      }
      out.write(fmt::format("{:<{}}  {:>7}  {:<15}  {}\n", endpoint(s), addr_width, pid, one_line(proc), command));
      if (!r.blocked_by.empty()) {
        const port_info* p = find_port(s.port);
        std::string flag = fmt::format("  {}blocked{} by {}", out.red(), out.reset(), join_engines(r.blocked_by, ", "));
        if (p != nullptr) flag += fmt::format(" ({})", p->service);
        if (r.suggestion) flag += fmt::format("; use port {} instead", *r.suggestion);
        out.write(flag + "\n");
      }
    }
    out.write("\n");
  }
  const std::size_t total = table->sockets.size();
  if (blocked_count == 0) {
    out.write(fmt::format("No listener on a port that the chosen engines block ({} listener{}{}).\n", total,
                          total == 1 ? "" : "s", opt.all ? "" : "; --all lists them"));
  } else {
    out.write(fmt::format("{} of {} listener{} {} on a port that browsers refuse{}.\n", blocked_count, total,
                          total == 1 ? "" : "s", blocked_count == 1 ? "is" : "are",
                          opt.all ? "" : "; --all lists every listener"));
  }
  return status;
}

}  // namespace

void add_sockets_command(CLI::App& root, app_state& state) {
  auto opt = std::make_shared<sockets_options>();
  auto* cmd = root.add_subcommand(
      "sockets", "List this machine's TCP listeners (IPv4, IPv6) on ports that browsers refuse, and who holds them");
  add_engine_flag(*cmd, opt->engines);
  cmd->add_flag("-a,--all", opt->all, "List every listener, not only those on a port a chosen engine blocks");
  cmd->add_flag("--json", opt->json, "Print JSON (schema badport.sockets/2)");
  cmd->footer(
      "Reads the socket table through netlink (NETLINK_SOCK_DIAG, as ss does), else /proc/net/tcp{,6},\n"
      "and the owning processes through /proc/PID/fd. Another user's processes are shown as\n"
      "\"pid unknown\" unless run as root.\n"
      "Exit status: 0 no listener on a blocked port, 1 some listener is on a blocked port, 2 error.\n"
      "Examples:\n  badport sockets\n  badport sockets --all\n  badport sockets --engine chromium --json");
  cmd->callback([opt, &state] { state.run = [opt, &state] { return run_sockets(*opt, state.out); }; });
}

}  // namespace badport::cli
