// Port and port-set parsing as users type them.

#include <badport/port_spec.h>

#include <gtest/gtest.h>

namespace badport {
namespace {

TEST(ParsePort, Accepts) {
  EXPECT_EQ(*parse_port("0"), 0);
  EXPECT_EQ(*parse_port("6000"), 6000);
  EXPECT_EQ(*parse_port("65535"), 65535);
  EXPECT_EQ(*parse_port("06000"), 6000);  // decimal, as the URL Standard reads ports
  EXPECT_EQ(*parse_port("0000000000000000000006000"), 6000);
}

TEST(ParsePort, RejectsWithAReason) {
  struct bad {
    const char* text;
    errc code;
    const char* message;
  };
  const bad cases[] = {
      {"65536", errc::port_out_of_range, "port out of range \"65536\": ports are 0 to 65535"},
      {"99999999999999999999999", errc::port_out_of_range, "port out of range \"99999999999999999999999\": ports are 0 to 65535"},
      {"-1", errc::invalid_port, "invalid port \"-1\": negative numbers are not ports"},
      {"abc", errc::invalid_port, "invalid port \"abc\": not a number"},
      {"6000x", errc::invalid_port, "invalid port \"6000x\": trailing characters"},
      {"", errc::invalid_port, "invalid port \"\": empty"},
      {"0x1770", errc::invalid_port, "invalid port \"0x1770\": hexadecimal is not accepted; write the port in decimal"},
      {" 6000", errc::invalid_port, "invalid port \" 6000\": surrounding whitespace"},
      {"+6000", errc::invalid_port, "invalid port \"+6000\": write the number without a sign"},
  };
  for (const auto& c : cases) {
    auto r = parse_port(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().code, c.code) << c.text;
    EXPECT_EQ(r.error().message(), c.message);
  }
  const std::string nul("60\0" "00", 5);
  EXPECT_EQ(parse_port(nul).error().message(), "invalid port \"60\\x0000\": trailing characters");
}

TEST(ParsePortInterval, RangesAndErrors) {
  EXPECT_EQ(*parse_port_interval("6000-6010"), (port_interval{6000, 6010}));
  EXPECT_EQ(*parse_port_interval("6000"), (port_interval{6000, 6000}));
  EXPECT_EQ(parse_port_interval("6010-6000").error().message(),
            "invalid port range \"6010-6000\": the first port is above the last");
  EXPECT_FALSE(parse_port_interval("6000-"));
  EXPECT_FALSE(parse_port_interval("-6000"));
  EXPECT_FALSE(parse_port_interval("1-2-3"));
  EXPECT_EQ(parse_port_interval("1-70000").error().code, errc::invalid_range);
}

TEST(ParsePortSet, Lists) {
  const auto s = parse_port_set("1-1024,6000,10080");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->size(), 3u);
  EXPECT_EQ((*s)[0].size(), 1024u);
  EXPECT_FALSE(parse_port_set(""));
  EXPECT_FALSE(parse_port_set("6000,"));
  EXPECT_FALSE(parse_port_set("6000,,7000"));
}

TEST(LooksLikePortSpec, TellsPortsFromUrls) {
  EXPECT_TRUE(looks_like_port_spec("6000"));
  EXPECT_TRUE(looks_like_port_spec("6000-6010"));
  EXPECT_TRUE(looks_like_port_spec("abc"));
  EXPECT_FALSE(looks_like_port_spec("http://localhost:6000/"));
  EXPECT_FALSE(looks_like_port_spec("localhost:6000"));
  EXPECT_FALSE(looks_like_port_spec("example.com"));
}

}  // namespace
}  // namespace badport
