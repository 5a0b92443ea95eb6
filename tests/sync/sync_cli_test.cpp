// The real badport-sync: local files, drift both ways, a missing list, --write read back by the
// real generator, and --upstream through a mirror served on 127.0.0.1:0.

#include "database.h"
#include "run.h"

#include <badport/ports.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace badport::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::string fixtures = BADPORT_SYNC_FIXTURES;

run_result sync(std::vector<std::string> args) {
  args.insert(args.begin(), BADPORT_SYNC_EXE);
  return run_program(args);
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

void put(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A temporary folder with a copy of the database, removed at the end.
struct workspace {
  fs::path dir;
  workspace() {
    dir = fs::temp_directory_path() / ("badport-sync-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(counter()++));
    fs::create_directories(dir);
    fs::copy_file(BADPORT_DATABASE, db());
  }
  ~workspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  [[nodiscard]] fs::path db() const { return dir / "ports.yaml"; }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// Servo's file with 6679 taken out and 2525, a port no engine lists yet, put in.
std::string drifted_servo() {
  return "fn is_bad_port(port: u16) -> bool {\n"
         "    static BAD_PORTS: [u16; 83] = [\n" +
         [] {
           std::string body;
           for (auto p : blocked_ports(engine::servo))
             if (p != 6679) body += "        " + std::to_string(p) + ",\n";
           return body + "        2525, // smtp-alt\n";
         }() +
         "    ];\n    BAD_PORTS.binary_search(&port).is_ok()\n}\n";
}

TEST(SyncCli, EveryCurrentFileMatchesTheDatabase) {
  const auto r = sync({"--from", fixtures + "/current", "--database", BADPORT_DATABASE, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = json::parse(r.out);
  EXPECT_EQ(doc["schema"], "badport.sync/1");
  EXPECT_FALSE(doc["drift"]);
  ASSERT_EQ(doc["engines"].size(), engine_count);
  for (const auto& e : doc["engines"]) {
    const auto id = parse_engine(e["engine"].get<std::string>());
    ASSERT_TRUE(id);
    EXPECT_EQ(e["ports"], json(blocked_ports(*id))) << e["engine"];
    EXPECT_EQ(e["added"], json::array());
    EXPECT_EQ(e["removed"], json::array());
    EXPECT_TRUE(e["error"].is_null()) << e["error"];
  }
  EXPECT_EQ(doc["engines"][8]["engine"], "bun");
  EXPECT_NE(doc["engines"][8]["no_list"].get<std::string>().find("oven-sh/bun#20352"), std::string::npos);
  const auto text = sync({"--from", fixtures + "/current", "--database", BADPORT_DATABASE});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("servo     servo/servo components/net/fetch/methods.rs (a local copy), fn is_bad_port "
                          "BAD_PORTS at line 13: 83 ports, matches the database"),
            std::string::npos)
      << text.out;
}

TEST(SyncCli, DriftIsReportedBothWays) {
  workspace w;
  put(w.dir / "methods.rs", drifted_servo());
  const auto r = sync({"--engine", "servo=" + (w.dir / "methods.rs").string(), "--database", w.db().string(), "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto doc = json::parse(r.out);
  EXPECT_TRUE(doc["drift"]);
  ASSERT_EQ(doc["engines"].size(), 1u);  // only the engine given
  EXPECT_EQ(doc["engines"][0]["added"], json({2525}));
  EXPECT_EQ(doc["engines"][0]["removed"], json({6679}));
  const auto text = sync({"--engine", "servo=" + (w.dir / "methods.rs").string(), "--database", w.db().string()});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("added (in the source, not in the database): 2525"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("removed (in the database, not in the source): 6679"), std::string::npos) << text.out;
}

TEST(SyncCli, AListThatCannotBeFoundIsAnErrorNotAnEmptyList) {
  const auto moved = sync({"--engine", "ladybird=" + fixtures + "/variants/ladybird-PortBlocking.cpp", "--database",
                           BADPORT_DATABASE, "--json"});
  EXPECT_EQ(moved.exit_code, 2);
  const auto doc = json::parse(moved.out);
  EXPECT_TRUE(doc["errors"]);
  EXPECT_TRUE(doc["engines"][0]["ports"].is_null());
  EXPECT_NE(doc["engines"][0]["error"].get<std::string>().find("the list has moved"), std::string::npos);

  const auto unreadable = sync({"--engine", "fetch=/nonexistent/fetch.bs", "--database", BADPORT_DATABASE});
  EXPECT_EQ(unreadable.exit_code, 2);
  EXPECT_NE(unreadable.out.find("/nonexistent/fetch.bs"), std::string::npos) << unreadable.out;

  // An engine chosen with --only but given no file is an error, not a download.
  const auto no_file = sync({"--engine", "servo=" + fixtures + "/current/methods.rs", "--only", "servo,fetch",
                             "--database", BADPORT_DATABASE});
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_NE(no_file.out.find("fetch     error: no file for fetch: give --engine fetch=FILE, --from DIR or --upstream"),
            std::string::npos)
      << no_file.out;

  workspace w;  // --from a folder that lacks some files
  fs::copy_file(fixtures + "/current/fetch.bs", w.dir / "fetch.bs");
  const auto partial = sync({"--from", w.dir.string(), "--database", BADPORT_DATABASE});
  EXPECT_EQ(partial.exit_code, 2);
  EXPECT_NE(partial.out.find("fetch     whatwg/fetch fetch.bs (a local copy)"), std::string::npos) << partial.out;
  EXPECT_NE(partial.out.find("chromium  error: no file for chromium in"), std::string::npos) << partial.out;
}

TEST(SyncCli, WriteRecordsTheDriftAndTheGeneratorReadsItBack) {
  workspace w;
  put(w.dir / "methods.rs", drifted_servo());
  const std::string before = slurp(w.db());
  const std::vector<std::string> args{"--engine", "servo=" + (w.dir / "methods.rs").string(), "--database",
                                      w.db().string()};
  auto write = args;
  write.insert(write.end(), {"--write", "--date", "2026-12-01"});
  const auto r = sync(write);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // drift was found (and recorded)
  EXPECT_NE(r.err.find("1 history batch, 1 new port row (check them)"), std::string::npos) << r.err;
  const std::string after = slurp(w.db());

  // Layout and comments kept: every line of the old file is still there, in order.
  std::istringstream old_lines(before);
  std::size_t from = 0;
  for (std::string line; std::getline(old_lines, line);) {
    const auto at = after.find(line + "\n", from);
    ASSERT_NE(at, std::string::npos) << "lost: " << line;
    from = at + line.size() + 1;
  }
  EXPECT_NE(after.find("    - date: 2026-12-01\n"
                       "      source: servo/servo components/net/fetch/methods.rs (a local copy), read by badport-sync\n"
                       "      ports: [2525]\n"
                       "      removed: [6679]\n"),
            std::string::npos)
      << after;
  EXPECT_NE(after.find("{port: 2525, service: \"smtp-alt\""), std::string::npos);

  // The real generator accepts it; the database now reads as the source's list.
  const auto generated = run_program({BADPORT_GEN_EXE, w.db().string(), (w.dir / "table.cpp").string()});
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_NE(slurp(w.dir / "table.cpp").find("{2525, \"smtp-alt\""), std::string::npos);
  const auto db = gen::read_database(YAML::LoadFile(w.db().string()));
  auto want = blocked_ports(engine::servo);
  want.erase(std::find(want.begin(), want.end(), 6679));
  want.insert(std::lower_bound(want.begin(), want.end(), 2525), 2525);
  EXPECT_EQ(db.list(gen::engine_index("servo")), want);
  EXPECT_EQ(sync(args).exit_code, 0);  // no drift left
  // Written from local files: the checked date and the source commits are left alone.
  EXPECT_NE(after.find("checked: " + std::string(database_date())), std::string::npos);
}

TEST(SyncCli, WriteRefusesWhenAnyListIsMissing) {
  workspace w;
  put(w.dir / "methods.rs", drifted_servo());
  const std::string before = slurp(w.db());
  const auto r = sync({"--engine", "servo=" + (w.dir / "methods.rs").string(), "--engine",
                       "node=" + fixtures + "/variants/node-missing.js", "--database", w.db().string(), "--write"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(w.db()), before);
}

// The canonical files laid out by host under a folder, served on loopback.
class mirror {
 public:
  explicit mirror(const fs::path& root) {
    server_.set_mount_point("/", root.string());
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~mirror() {
    server_.stop();
    thread_.join();
  }
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

struct upstream_file {
  const char* repo;
  const char* branch;
  const char* path;
  const char* fixture;
  const char* sha;
};

const upstream_file upstream[] = {
    {"whatwg/fetch", "main", "fetch.bs", "fetch.bs", "1111111111111111111111111111111111111111"},
    {"chromium/chromium", "main", "net/base/port_util.cc", "port_util.cc", "2222222222222222222222222222222222222222"},
    {"mozilla-firefox/firefox", "main", "netwerk/base/nsIOService.cpp", "nsIOService.cpp",
     "3333333333333333333333333333333333333333"},
    {"WebKit/WebKit", "main", "Source/WTF/wtf/URL.cpp", "URL.cpp", "4444444444444444444444444444444444444444"},
    {"servo/servo", "main", "components/net/fetch/methods.rs", "methods.rs", "5555555555555555555555555555555555555555"},
    {"LadybirdBrowser/ladybird", "master", "Libraries/LibHTTP/Port.cpp", "Port.cpp",
     "6666666666666666666666666666666666666666"},
    {"nodejs/undici", "main", "lib/web/fetch/constants.js", "constants.js", "7777777777777777777777777777777777777777"},
    {"denoland/deno", "main", "ext/fetch/26_fetch.js", "26_fetch.js", "8888888888888888888888888888888888888888"},
};

void lay_out(const fs::path& root) {
  for (const auto& f : upstream) {
    fs::create_directories(root / "raw.githubusercontent.com" / f.repo / f.branch / fs::path(f.path).parent_path());
    fs::copy_file(fixtures + "/current/" + f.fixture, root / "raw.githubusercontent.com" / f.repo / f.branch / f.path);
    // The GitHub API's answer to "the last commit that touched this file".
    put(root / "api.github.com/repos" / f.repo / "commits",
        std::string("[{\"sha\": \"") + f.sha + "\", \"commit\": {\"committer\": {\"date\": \"2026-11-30T12:00:00Z\"}}}]");
  }
}

TEST(SyncCli, UpstreamThroughAMirrorTellsEachFilesCommit) {
  workspace w;
  lay_out(w.dir / "mirror");
  mirror m(w.dir / "mirror");
  const auto r = sync({"--upstream", "--mirror", m.url(), "--database", w.db().string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = json::parse(r.out);
  for (std::size_t i = 0; i < 8; ++i) {
    const auto& e = doc["engines"][i];
    EXPECT_EQ(e["commit"].get<std::string>().size(), 40u) << e["engine"];
    EXPECT_EQ(e["date"], "2026-11-30");
    EXPECT_NE(e["origin"].get<std::string>().find(m.url() + "/raw.githubusercontent.com/"), std::string::npos);
  }
  EXPECT_EQ(doc["engines"][4]["engine"], "servo");
  EXPECT_EQ(doc["engines"][4]["commit"], "5555555555555555555555555555555555555555");

  // --write with every engine read: no batch (no drift), but the commits and the checked date.
  const auto write = sync({"--upstream", "--mirror", m.url(), "--database", w.db().string(), "--write", "--date", "2026-12-01"});
  EXPECT_EQ(write.exit_code, 0) << write.out << write.err;
  const auto root = YAML::LoadFile(w.db().string());
  EXPECT_EQ(root["checked"].as<std::string>(), "2026-12-01");
  EXPECT_EQ(root["engines"]["servo"]["source_commit"].as<std::string>(), "5555555555555555555555555555555555555555");
  EXPECT_EQ(root["engines"]["servo"]["source_date"].as<std::string>(), "2026-11-30");
  EXPECT_EQ(root["engines"]["ladybird"]["source_ref"].as<std::string>(),
            "Libraries/LibHTTP/Port.cpp is_bad_port bad_ports (LadybirdBrowser/ladybird @ 6666666)");
  EXPECT_EQ(run_program({BADPORT_GEN_EXE, w.db().string(), (w.dir / "table.cpp").string()}).exit_code, 0);

  // A commit the host does not tell: the list is still compared; the commit is unknown, and why.
  fs::remove(w.dir / "mirror/api.github.com/repos/denoland/deno/commits");
  const auto no_commit = sync({"--upstream", "--mirror", m.url(), "--only", "deno", "--database", w.db().string(), "--json"});
  EXPECT_EQ(no_commit.exit_code, 0) << no_commit.out;
  const auto deno = json::parse(no_commit.out)["engines"][0];
  EXPECT_TRUE(deno["commit"].is_null());
  EXPECT_EQ(deno["notes"], json({"the host did not tell the file's commit (HTTP 404)"}));

  // A file the host does not have: a clear error naming the URL, exit 2.
  fs::remove(w.dir / "mirror/raw.githubusercontent.com/servo/servo/main/components/net/fetch/methods.rs");
  const auto missing = sync({"--upstream", "--mirror", m.url(), "--only", "servo", "--database", w.db().string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.out.find("servo     error: cannot fetch " + m.url() +
                             "/raw.githubusercontent.com/servo/servo/main/components/net/fetch/methods.rs: HTTP 404"),
            std::string::npos)
      << missing.out;
}

TEST(SyncCli, BadArgumentsAreOneLineAndExitTwo) {
  const struct {
    std::vector<std::string> args;
    const char* says;
  } cases[] = {
      {{"--engine", "nosuch=x"}, "unknown engine \"nosuch\" in --engine"},
      {{"--engine", "servo"}, "invalid --engine \"servo\": expected ENGINE=FILE"},
      {{"--engine", "bun=x"}, "bun keeps no list"},
      {{"--only", "fetch"}, "nothing to read"},
      {{"--from", ".", "--date", "2026-13-01"}, "invalid date \"2026-13-01\""},
      {{"--mirror", "http://127.0.0.1:1"}, "--mirror needs --upstream"},
      {{"--from", ".", "--only", "fetch,chrome"}, "unknown engine \"chrome\" in --only"},
      {{"--from", ".", "--database", "/nonexistent.yaml"}, "/nonexistent.yaml"},
  };
  for (const auto& c : cases) {
    const auto r = sync(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.says;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "") << c.says;
  }
}

}  // namespace
}  // namespace badport::test
