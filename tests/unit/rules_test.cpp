// Each engine's rules and the override parsers, table-driven.

#include <badport/rules.h>

#include <gtest/gtest.h>

namespace badport {
namespace {

struct check_case {
  int port;
  engine e;
  const char* scheme;
  bool blocked;
  reason why;
};

TEST(Check, SchemesPortZeroAndRange) {
  const check_case cases[] = {
      {6000, engine::fetch, "http", true, reason::listed},
      {6000, engine::fetch, "https", true, reason::listed},
      {6000, engine::fetch, "ws", true, reason::listed},
      {6000, engine::fetch, "wss", true, reason::listed},
      {6000, engine::fetch, "ftp", false, reason::scheme_not_checked},
      {6000, engine::node, "gopher", false, reason::scheme_not_checked},
      {6000, engine::deno, "https", true, reason::listed},
      {6000, engine::chromium, "ftp", true, reason::listed},
      {6000, engine::chromium, "foo", true, reason::listed},
      {21, engine::chromium, "ftp", true, reason::listed},
      {6000, engine::firefox, "ftp", true, reason::listed},
      {21, engine::webkit, "ftp", false, reason::scheme_exempt},
      {22, engine::webkit, "ftp", false, reason::scheme_exempt},
      {21, engine::webkit, "http", true, reason::listed},
      {25, engine::webkit, "ftp", true, reason::listed},
      {6000, engine::webkit, "file", false, reason::scheme_exempt},
      {6000, engine::webkit, "foo", true, reason::listed},
      {6000, engine::bun, "http", false, reason::never_blocks},
      {0, engine::fetch, "http", true, reason::listed},
      {0, engine::chromium, "http", true, reason::listed},
      {0, engine::firefox, "http", true, reason::out_of_range},
      {0, engine::webkit, "http", true, reason::listed},
      {0, engine::node, "http", false, reason::not_listed},
      {0, engine::deno, "http", true, reason::listed},
      {0, engine::servo, "http", true, reason::listed},      // servo/servo#45704
      {0, engine::ladybird, "http", false, reason::not_listed},  // not on LibHTTP's list
      {6000, engine::servo, "ws", true, reason::listed},
      {6000, engine::servo, "ftp", false, reason::scheme_not_checked},
      {6000, engine::ladybird, "https", true, reason::listed},
      {6000, engine::ladybird, "file", false, reason::scheme_not_checked},
      {4190, engine::servo, "http", true, reason::listed},
      {4190, engine::ladybird, "http", true, reason::listed},
      {65536, engine::chromium, "http", true, reason::out_of_range},
      {-1, engine::firefox, "http", true, reason::out_of_range},
      {70000, engine::fetch, "http", true, reason::out_of_range},
      {4190, engine::chromium, "http", false, reason::not_listed},
      {4190, engine::firefox, "http", true, reason::listed},
      {8000, engine::chromium, "http", false, reason::not_listed},
  };
  for (const auto& c : cases) {
    const auto v = check(c.port, c.e, c.scheme);
    EXPECT_EQ(v.blocked, c.blocked) << c.port << " " << name(c.e) << " " << c.scheme;
    EXPECT_EQ(v.why, c.why) << c.port << " " << name(c.e) << " " << c.scheme << " got " << name(v.why);
  }
}

TEST(Check, ChromiumExplicitlyAllowedPorts) {
  overrides user;
  user.chromium.allowed_ports = {6000, 0};
  EXPECT_FALSE(check(6000, engine::chromium, "http", user).blocked);
  EXPECT_EQ(check(6000, engine::chromium, "http", user).why, reason::explicitly_allowed);
  EXPECT_FALSE(check(0, engine::chromium, "http", user).blocked);
  EXPECT_TRUE(check(5060, engine::chromium, "http", user).blocked);
  // The switch is Chromium's alone.
  EXPECT_TRUE(check(6000, engine::firefox, "http", user).blocked);
  EXPECT_TRUE(check(6000, engine::fetch, "http", user).blocked);
}

TEST(Check, FirefoxBannedThenOverride) {
  overrides user;
  user.firefox.banned = {{8000, 8001}, {7000, 7000}};
  user.firefox.banned_override = {{6000, 6000}, {7000, 7000}, {0, 0}};
  EXPECT_TRUE(check(8000, engine::firefox, "http", user).blocked);
  EXPECT_EQ(check(8000, engine::firefox, "http", user).why, reason::pref_banned);
  EXPECT_FALSE(check(6000, engine::firefox, "http", user).blocked);
  EXPECT_EQ(check(6000, engine::firefox, "http", user).why, reason::pref_override);
  EXPECT_FALSE(check(7000, engine::firefox, "http", user).blocked);  // banned, then overridden
  EXPECT_TRUE(check(0, engine::firefox, "http", user).blocked);      // the range check wins
  EXPECT_TRUE(check(8000, engine::chromium, "http", {}).blocked == false);

  // nsTArray::RemoveElement removes one entry: a listed port banned again needs two overrides.
  overrides twice;
  twice.firefox.banned = {{6000, 6000}};
  twice.firefox.banned_override = {{6000, 6000}};
  EXPECT_TRUE(check(6000, engine::firefox, "http", twice).blocked);
  twice.firefox.banned_override.push_back({5990, 6010});
  EXPECT_FALSE(check(6000, engine::firefox, "http", twice).blocked);
}

TEST(Parse, ExplicitlyAllowedPorts) {
  using v = std::vector<std::uint16_t>;
  EXPECT_EQ(parse_explicitly_allowed_ports("6000"), v{6000});
  EXPECT_EQ(parse_explicitly_allowed_ports("6000,6665"), (v{6000, 6665}));
  EXPECT_EQ(parse_explicitly_allowed_ports(" 6000 , 6665 "), (v{6000, 6665}));
  EXPECT_EQ(parse_explicitly_allowed_ports("6000-6010"), v{});  // no ranges
  EXPECT_EQ(parse_explicitly_allowed_ports("abc,6000,65536,-1,,7"), (v{6000, 7}));
  EXPECT_EQ(parse_explicitly_allowed_ports("+25"), v{25});
  EXPECT_EQ(parse_explicitly_allowed_ports("0"), v{0});
  EXPECT_EQ(parse_explicitly_allowed_ports("99999999999999999999"), v{});
  EXPECT_EQ(parse_explicitly_allowed_ports(""), v{});
}

TEST(Parse, ChromiumFlags) {
  using v = std::vector<std::uint16_t>;
  EXPECT_EQ(parse_chromium_flags("--explicitly-allowed-ports=6000")->allowed_ports, v{6000});
  EXPECT_EQ(parse_chromium_flags("--headless -explicitly-allowed-ports=25,6000 --no-sandbox")->allowed_ports,
            (v{25, 6000}));
  EXPECT_EQ(parse_chromium_flags("--explicitly-allowed-ports=1 --explicitly-allowed-ports=2")->allowed_ports, v{2});
  EXPECT_EQ(parse_chromium_flags("'--explicitly-allowed-ports=6000, 6665'")->allowed_ports, (v{6000, 6665}));
  EXPECT_EQ(parse_chromium_flags("-- --explicitly-allowed-ports=6000")->allowed_ports, v{});
  EXPECT_EQ(parse_chromium_flags("--explicitly-allowed-ports")->allowed_ports, v{});
  EXPECT_EQ(parse_chromium_flags("--explicitly-allowed-portsX=6000")->allowed_ports, v{});
  EXPECT_FALSE(parse_chromium_flags("'--explicitly-allowed-ports=6000"));
  EXPECT_FALSE(parse_chromium_flags("\"unterminated"));
  EXPECT_EQ(parse_chromium_flags("")->allowed_ports, v{});
}

TEST(Parse, AllowedPortsPolicyReEnablesNothingToday) {
  const std::string_view entries[] = {"6000", "554", "10080", "abc"};
  EXPECT_TRUE(parse_allowed_ports_policy(entries).empty());
}

TEST(Parse, FirefoxPortList) {
  using v = std::vector<port_range>;
  EXPECT_EQ(parse_firefox_port_list("6000"), (v{{6000, 6000}}));
  EXPECT_EQ(parse_firefox_port_list("6000-6010"), (v{{6000, 6010}}));
  EXPECT_EQ(parse_firefox_port_list(" 60 00 , 5060 - 5061 "), (v{{6000, 6000}, {5060, 5061}}));
  EXPECT_EQ(parse_firefox_port_list("abc,6000x,65536,1-65536,7"), (v{{7, 7}}));
  EXPECT_EQ(parse_firefox_port_list("6010-6000"), v{});  // the loop runs no step
  EXPECT_EQ(parse_firefox_port_list("6000-6010junk"), (v{{6000, 6010}}));  // sscanf stops early
  EXPECT_EQ(parse_firefox_port_list(""), v{});
  EXPECT_EQ(parse_firefox_port_list(",,"), v{});
}

TEST(Parse, FirefoxPrefs) {
  const auto prefs = parse_firefox_prefs(
      "// Mozilla User Preferences\n"
      "user_pref(\"browser.startup.homepage\", \"about:blank\");\n"
      "user_pref(\"network.security.ports.banned\", \"8000, 9000-9001\");\n"
      "user_pref(\"network.security.ports.banned.override\", \"6000\");\n"
      "  user_pref( 'network.security.ports.banned.override' , '6000,6665-6669' );\n");
  ASSERT_TRUE(prefs);
  EXPECT_EQ(prefs->banned, (std::vector<port_range>{{8000, 8000}, {9000, 9001}}));
  EXPECT_EQ(prefs->banned_override, (std::vector<port_range>{{6000, 6000}, {6665, 6669}}));
  EXPECT_TRUE(parse_firefox_prefs("")->banned.empty());
  EXPECT_TRUE(parse_firefox_prefs("user_pref(\"network.security.ports.banned\", 6000);")->banned.empty());
  EXPECT_FALSE(parse_firefox_prefs("user_pref(\"network.security.ports.banned\", \"6000);\n"));
}

}  // namespace
}  // namespace badport
