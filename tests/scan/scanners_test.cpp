// The scanners on hostile or tricky text: invalid YAML/JSON, alias bombs, deep nesting,
// invalid UTF-8; and the pieces they share (formats by name, the unified diff).

#include <badport/scan.h>

#include <gtest/gtest.h>

#include <string>

namespace badport {
namespace {

scan_input input(std::string_view path, std::string_view content) {
  scan_input in;
  in.path = path;
  in.content = content;
  return in;
}

TEST(DetectFormat, ByNameOnly) {
  const std::pair<const char*, scan_format> table[] = {
      {"compose.yaml", scan_format::compose},
      {"a/docker-compose.override.yml", scan_format::compose},
      {"docker-compose.prod.yaml", scan_format::compose},
      {"Dockerfile", scan_format::dockerfile},
      {"api.Dockerfile", scan_format::dockerfile},
      {"Containerfile", scan_format::dockerfile},
      {".env", scan_format::dotenv},
      {"x/.env.local", scan_format::dotenv},
      {"package.json", scan_format::package_json},
      {"Procfile", scan_format::procfile},
      {"Makefile", scan_format::makefile},
      {"rules.mk", scan_format::makefile},
      {"run.sh", scan_format::shell},
      {".devcontainer/devcontainer.json", scan_format::devcontainer},
      {"Properties/launchSettings.json", scan_format::launch_settings},
      {"application-dev.properties", scan_format::spring_properties},
      {"k8s/service.yaml", scan_format::yaml},
      {"nginx.conf", scan_format::server_conf},
      {"sites-available/default", scan_format::server_conf},
      {"Caddyfile", scan_format::caddyfile},
      {"README.md", scan_format::docs},
      {"docs/guide.rst", scan_format::docs},
      {"docs/setup.adoc", scan_format::docs},
      {"composer.json", scan_format::json},
      {"app.py", scan_format::python},
      {"Tiltfile", scan_format::python},
      {"server.js", scan_format::javascript},
      {"vite.config.ts", scan_format::javascript},
      {"types/index.d.ts", scan_format::text},
      {"cmd/main.go", scan_format::go},
      {"config/puma.rb", scan_format::ruby},
      {"Gemfile", scan_format::ruby},
      {"src/main/java/App.java", scan_format::jvm},
      {"Application.kt", scan_format::jvm},
      {"index.php", scan_format::php},
      {"src/main.rs", scan_format::rust},
      {"Program.cs", scan_format::csharp},
      {"CMakeLists.txt", scan_format::cmake},
      {"config.toml", scan_format::toml},
      {"setup.cfg", scan_format::ini},
      {"supervisord.conf", scan_format::ini},
      {"gradle.properties", scan_format::properties},
      {"pom.xml", scan_format::xml},
      {"web.config", scan_format::xml},
      {"main.tf", scan_format::hcl},
      {"app.socket", scan_format::systemd},
      {"notes.txt", scan_format::text},
  };
  for (const auto& [path, format] : table) EXPECT_EQ(detect_format(path), format) << path;
}

TEST(ScanCompose, InvalidYamlIsAProblemWithItsPlace) {
  const auto r = scan_compose(input("compose.yaml", "services:\n  web:\n    ports: [\"6000:80\"\n  x: ]\n"));
  EXPECT_TRUE(r.findings.empty());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_GT(r.problems[0].line, 0u);
  EXPECT_NE(r.problems[0].message.find("invalid YAML"), std::string::npos);
}

// Texts that made yaml-cpp 0.7 loop forever, allocating; each is refused as invalid YAML in
// bounded time (ctest's timeout would stop a loop).
TEST(ScanCompose, TextsThatLoopYamlCppAreInvalidYaml) {
  for (const char* text : {",", "!,", "[],", "{},", "'',", "\"\",", "x\n...  ,", " ${M\n...\n# c\n  ,",
                           "services:\n  web:\n    ports:\n      - &a ,\n", " $..M.\n{\n# c\n  ,"}) {
    const auto r = scan_compose(input("compose.yaml", text));
    EXPECT_TRUE(r.findings.empty()) << text;
    ASSERT_EQ(r.problems.size(), 1u) << text;
    EXPECT_NE(r.problems[0].message.find("invalid YAML"), std::string::npos) << r.problems[0].message;
  }
}

// Compose interpolation: "${NAME:}" (a colon and nothing after it) reads as "${NAME}".
TEST(ScanCompose, InterpolationWithAColonAndNoOperator) {
  auto in = input("compose.yaml", "services:\n  web:\n    ports:\n      - \"${P:}6000:80\"\n      - \"${Q:}:80\"\n");
  in.dotenv = "Q=6665\n";
  const auto r = scan_compose(in);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].port, 6000);
  EXPECT_EQ(r.findings[1].port, 6665);
}

TEST(ScanYaml, AliasBombIsBounded) {
  // Nine levels of nine aliases: 9^9 nodes if a walk expanded them.
  std::string text = "a: &a [hostPort, hostPort, hostPort, hostPort, hostPort, hostPort, hostPort, hostPort, hostPort]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char p = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 9; ++k) text += std::string(k ? ", *" : "*") + p;
    text += "]\n";
  }
  text += "spec: {hostPort: 6000}\n";
  const auto r = scan_yaml(input("bomb.yaml", text));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("nodes"), std::string::npos);
}

TEST(ScanYaml, DeepNestingIsRefusedBeforeParsing) {
  const std::string flow(100'000, '[');
  auto r = scan_yaml(input("deep.yaml", "hostPort: 6000\nx: " + flow));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("nested deeper"), std::string::npos);

  std::string block = "hostPort: 6000\nx:\n";
  for (int i = 0; i < 100'000; ++i) block += "- ";
  block += "1\n";
  r = scan_yaml(input("deep.yaml", block));
  ASSERT_EQ(r.problems.size(), 1u);

  std::string indented = "services:\n";
  for (int i = 1; i < 2000; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "k" + std::to_string(i) + ":\n";
  r = scan_compose(input("compose.yaml", indented));
  ASSERT_EQ(r.problems.size(), 1u);
}

TEST(ScanJson, DeepNestingAndInvalidJsonAndInvalidUtf8) {
  auto r = scan_devcontainer(input("devcontainer.json", std::string(100'000, '[')));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("nested deeper"), std::string::npos);

  r = scan_devcontainer(input("devcontainer.json", "{\n  \"forwardPorts\": [6000 6001]\n}\n"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 2u);
  EXPECT_TRUE(r.findings.empty());

  r = scan_package_json(input("package.json", "{\"scripts\": {\"dev\": \"vite --port 6000 \xff\"}}"));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 1u);
  EXPECT_EQ(r.problems[0].column, 39u);
  EXPECT_NE(r.problems[0].message.find("UTF-8"), std::string::npos);
}

TEST(ScanFile, InvalidUtf8InPlainTextStillFindsUrls) {
  const auto r = scan_file(input("notes.txt", "caf\xe9 http://localhost:6000/\n"));
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].port, 6000);
}

TEST(ScanFile, PortZeroAndAllowedPortsAreNotReported) {
  const auto r = scan_file(input("run.sh", "vite --port 0\nvite --port 8080\nvite --port 6000\n"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, 3u);
}

TEST(ScanFile, EnginesChooseWhatIsReported) {
  auto in = input("notes.md", "http://localhost:10080/ http://localhost:6000/\n");
  in.engines = engine_set{engine::bun};
  EXPECT_TRUE(scan_file(in).findings.empty());
  in.engines = engine_set{engine::chromium};
  EXPECT_EQ(scan_file(in).findings.size(), 2u);
}

TEST(ScanFile, OneFindingPerPlace) {
  // The launchSettings scanner and the URL scanner both see this URL: one finding.
  const auto r = scan_file(input("launchSettings.json", R"({"profiles":{"a":{"applicationUrl":"http://localhost:6000"}}})"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].context, "applicationUrl http://localhost:6000");
}

// Hostile source: nesting deeper than any code, a line of a million tokens, an unterminated
// string and comment. The scan ends (ctest's timeout would stop a quadratic walk) and still
// reads what follows the nesting.
TEST(ScanSource, HostileNestingAndLongLinesStayBounded) {
  std::string deep = std::string(200'000, '(') + std::string(200'000, ')') + "\napp.listen(6000)\n";
  auto r = scan_source(input("server.js", deep));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, 2u);
  std::string wide = "x = [";
  for (int i = 0; i < 200'000; ++i) wide += "`a`, ";
  wide += "]\n";
  EXPECT_TRUE(scan_source(input("main.go", wide)).findings.empty());
  // Unterminated: the string or comment runs to the end, and the port in it is read once at most.
  for (const char* path : {"a.py", "a.js", "a.go", "a.rb", "A.java", "a.php", "a.rs", "a.cs", "CMakeLists.txt"}) {
    EXPECT_LE(scan_source(input(path, "app.run(port=\"6000")).findings.size(), 1u) << path;
    EXPECT_LE(scan_source(input(path, "/* app.listen(6000) ")).findings.size(), 1u) << path;
  }
}

// A comment or a string is not a call: only the tokenizer's code is read as code.
TEST(ScanSource, CommentsAndStringsAreNotCalls) {
  EXPECT_TRUE(scan_source(input("app.py", "# app.run(port=6000)\nx = \"app.run(port=6000)\"\n")).findings.empty());
  EXPECT_TRUE(scan_source(input("app.js", "// app.listen(6000)\n/* app.listen(6000) */\n")).findings.empty());
  EXPECT_TRUE(scan_source(input("app.rb", "=begin\nport 6000\n=end\n")).findings.empty());
  EXPECT_EQ(scan_source(input("app.rb", "=begin\nx\n=end\nport 6000\n")).findings.size(), 1u);
  // A raw string ends at its own quote only: the call after it is read.
  const auto r = scan_source(input("app.py", "RE = r\"\\\"(x)\"\napp.run(port=6000)\n"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, 2u);
  EXPECT_EQ(r.findings[0].kind, finding_kind::listen_call);
}

// Many members of one name: their places are found once, not once per member.
TEST(ScanConfig, ManyMembersOfOneNameStayLinear) {
  std::string json = "[";
  for (int i = 0; i < 100'000; ++i) json += std::string(i ? "," : "") + "{\"port\": 6000}";
  json += "]";
  const auto r = scan_config(input("config.json", json));
  // The first findings by place are kept, the rest counted: all 100,000 are read.
  ASSERT_EQ(r.findings.size(), max_findings_per_file);
  EXPECT_EQ(r.more_findings, 100'000u - max_findings_per_file);
  std::size_t nth = 0;
  for (std::size_t i = 0; i < max_findings_per_file; ++i) nth = json.find("6000", nth + 1);
  EXPECT_EQ(r.findings.back().offset, nth);
}

// A finding in a doc's code block points at the file's own bytes, and a block that is not
// valid in its language is no problem of the file's.
TEST(ScanDocs, BlocksPointAtTheFilesOwnBytes) {
  const std::string text = "# Title\n\n```yaml\nservices: [\n```\n\n```sh\n$ docker run \\\n    -p 6000:80 img\n```\n";
  const auto r = scan_docs(input("README.md", text));
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].line, 9u);
  EXPECT_EQ(r.findings[0].column, 8u);
  EXPECT_EQ(r.findings[0].offset, text.find("6000"));
  EXPECT_EQ(r.findings[0].kind, finding_kind::doc_example);
  EXPECT_EQ(r.findings[0].level, severity::warning);
}

// What --diff's plan must avoid: every port a file publishes or listens on, blocked or not,
// when asked for (all_ports); not the numbers that are no ports.
TEST(ScanFile, PortsUsedListsEveryListenedPortWhenAsked) {
  auto in = input("app.py", "TIMEOUT = 8081\napp.run(port=8080)\nuvicorn.run(app, port=6000)\n");
  in.all_ports = true;
  const auto r = scan_file(in);
  EXPECT_EQ(r.ports_used, (std::vector<std::uint16_t>{6000, 8080}));
  ASSERT_EQ(r.findings.size(), 1u);
}

TEST(UnifiedDiff, ContextHunksAndNoNewlineAtEnd) {
  const std::string text = "a\nb\nc\nd\nport 6000\ne\nf\ng\nh\ni\nj\nk\nl\nlast 6000";
  const auto at1 = text.find("6000");
  const auto at2 = text.rfind("6000");
  const auto d = make_unified_diff("./x/y.txt", text, {{at2, 4, "5999"}, {at1, 4, "5999"}});
  EXPECT_EQ(d,
            "--- a/x/y.txt\n+++ b/x/y.txt\n"
            "@@ -2,7 +2,7 @@\n b\n c\n d\n-port 6000\n+port 5999\n e\n f\n g\n"
            "@@ -11,4 +11,4 @@\n j\n k\n l\n-last 6000\n\\ No newline at end of file\n+last 5999\n\\ No newline at end of file\n");
  EXPECT_EQ(make_unified_diff("x", text, {}), "");
}

}  // namespace
}  // namespace badport
