// Golden tests of `sockets`, `pick` and `run` text, in a network namespace of their own
// (unshare -rn: a user namespace maps this user to root inside, so no privilege is needed).
// There, no other program listens: the listeners are the test's own, on the ports it names
// (6000, X11, refused by every engine but Bun; 6001, free and allowed, held so that the
// suggestion has to move on), and the output is exact.

#include "run.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace badport::test {
namespace {

const std::string helper = BADPORT_TEST_HELPER;

// Brings loopback up, starts helpers listening on 127.0.0.1 at the ports in $LISTEN (each
// waits until it says "ready"), prints their pids as "pids: A B", then runs "$@" (badport and
// its arguments, each command separated by ";;"), each followed by "exit N".
const char* const script = R"sh(
set -u
ip link set lo up || exit 90
d=$(mktemp -d) || exit 91
pids=""
for port in $LISTEN; do
  "$HELPER" listen 127.0.0.1 "$port" > "$d/$port" &
  pids="$pids $!"
  until grep -q ready "$d/$port" 2>/dev/null; do sleep 0.02; done
done
echo "pids:$pids"
cmd=""
for a in "$@" ";;"; do
  if [ "$a" = ";;" ]; then
    eval "$cmd"; echo "exit $?"; cmd=""
  else
    cmd="$cmd '$a'"
  fi
done
[ -z "$pids" ] || kill $pids
wait
rm -rf "$d"
)sh";

struct netns_run {
  bool ok = false;
  std::string skip_reason;
  std::string out, err;
};

/// Runs the commands (each a badport argument list) in a fresh network namespace with
/// listeners on `listen`; pids and the helper's path in the output become PID and HELPER.
netns_run in_netns(const std::string& listen, const std::vector<std::vector<std::string>>& commands) {
  std::vector<std::string> argv{"unshare", "-rn", "sh", "-c", script, "sh"};
  for (const auto& c : commands) {
    argv.push_back(BADPORT_EXE);
    argv.insert(argv.end(), c.begin(), c.end());
    argv.emplace_back(";;");
  }
  argv.pop_back();
  run_options o;
  o.env = {"LISTEN=" + listen, "HELPER=" + helper};
  const auto r = run_program(argv, o);
  netns_run n;
  if (r.exit_code != 0 || r.out.rfind("pids:", 0) != 0) {
    n.skip_reason = "cannot make a network namespace (unshare -rn, ip): exit " + std::to_string(r.exit_code) +
                    ": " + r.err;
    return n;
  }
  const auto eol = r.out.find('\n');
  std::vector<std::string> pids;
  for (std::size_t at = 5; at < eol;) {
    const auto end = std::min(r.out.find(' ', at + 1), eol);
    if (end > at + 1) pids.push_back(r.out.substr(at + 1, end - at - 1));
    at = end;
  }
  auto scrub = [&](std::string text) {
    for (std::size_t at; (at = text.find(helper)) != std::string::npos;) text.replace(at, helper.size(), "HELPER");
    for (const auto& pid : pids) {
      // The pid column is 7 wide, right-aligned; "(pid N)" in run's banner.
      const std::string column = std::string(7 - std::min<std::size_t>(7, pid.size()), ' ') + pid + "  ";
      for (std::size_t at; (at = text.find(column)) != std::string::npos;) text.replace(at, column.size(), "    PID  ");
      const std::string paren = "(pid " + pid + ")";
      for (std::size_t at; (at = text.find(paren)) != std::string::npos;) text.replace(at, paren.size(), "(pid PID)");
    }
    return text;
  };
  n.ok = true;
  n.out = scrub(r.out.substr(eol + 1));
  n.err = scrub(r.err);
  return n;
}

TEST(NetnsGolden, Sockets) {
  // 6000 is refused; 6001, check's suggestion for it, is taken: sockets suggests 6002.
  const auto r = in_netns("6000 6001", {{"sockets"}, {"sockets", "--all"}, {"sockets", "--engine", "bun"}});
  if (!r.ok) GTEST_SKIP() << r.skip_reason;
  EXPECT_EQ(r.out, golden("sockets-netns.txt", r.out));
  EXPECT_EQ(r.err, "");
}

TEST(NetnsGolden, Pick) {
  // With nothing listening, pick --near gives check's suggestion (6665 -> 6670, above the IRC
  // run); with 6001 taken, 6000 -> 6002.
  const auto r = in_netns("6001", {{"pick", "--near", "6665"},
                                  {"pick", "--near", "6000"},
                                  {"pick", "--near", "6665", "--count", "3"},
                                  {"pick", "--near", "6000", "--range", "5990-6010", "--engine", "chromium"},
                                  {"pick", "--range", "6665-6669"}});
  if (!r.ok) GTEST_SKIP() << r.skip_reason;
  EXPECT_EQ(r.out, golden("pick-netns.txt", r.out));
  EXPECT_EQ(r.err, "badport: no port in 6665-6669 is both free and allowed by every chosen engine "
                   "(no free port that no chosen engine blocks)\n");
}

TEST(NetnsGolden, Run) {
  // A child listens on 6000 for a moment; 6001 is taken: the banner suggests 6002.
  const auto r = in_netns("6001", {{"run", "--interval", "50", "--", "sh", "-c",
                                    "\"$0\" listen 127.0.0.1 6000 & p=$!; sleep 1; kill $p; wait $p 2>/dev/null; echo done",
                                    helper}});
  if (!r.ok) GTEST_SKIP() << r.skip_reason;
  EXPECT_EQ(r.out, "ready 6000\ndone\nexit 0\n");
  // The child's pid is not one of the listeners the script started: scrub it here.
  std::string err = r.err;
  if (const auto at = err.find("(pid "); at != std::string::npos) {
    const auto end = err.find(')', at);
    err.replace(at, end - at + 1, "(pid PID)");
  }
  EXPECT_EQ(err, golden("run-netns.txt", err));
}

TEST(NetnsGolden, RunJson) {
  const auto r = in_netns("6001", {{"run", "--interval", "50", "--json", "--", "sh", "-c",
                                    "\"$0\" listen 127.0.0.1 6000 & p=$!; sleep 1; kill $p; wait $p 2>/dev/null; exit 0",
                                    helper}});
  if (!r.ok) GTEST_SKIP() << r.skip_reason;
  EXPECT_EQ(r.out, "ready 6000\nexit 0\n");
  std::string err = r.err;
  if (const auto at = err.find("\"pid\":"); at != std::string::npos) {
    const auto end = err.find(',', at);
    err.replace(at, end - at, "\"pid\":PID");
  }
  EXPECT_EQ(err, "{\"schema\":\"badport.run.listener/1\",\"pid\":PID,\"process\":\"badport_test_he\",\"family\":\"ipv4\","
                 "\"address\":\"127.0.0.1\",\"port\":6000,\"blocked_by\":[\"fetch\",\"chromium\",\"firefox\",\"webkit\","
                 "\"servo\",\"ladybird\",\"node\",\"deno\"],\"service\":\"x11\",\"suggestion\":6002}\n");
}

}  // namespace
}  // namespace badport::test
