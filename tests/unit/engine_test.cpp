// Engine names, aliases and sets.

#include <badport/engine.h>

#include <gtest/gtest.h>

namespace badport {
namespace {

TEST(Engine, NamesRoundTrip) {
  for (engine e : all_engines) EXPECT_EQ(*parse_engine(name(e)), e);
}

TEST(Engine, Aliases) {
  EXPECT_EQ(*parse_engine("Chrome"), engine::chromium);
  EXPECT_EQ(*parse_engine("edge"), engine::chromium);
  EXPECT_EQ(*parse_engine("electron"), engine::chromium);
  EXPECT_EQ(*parse_engine("safari"), engine::webkit);
  EXPECT_EQ(*parse_engine("GECKO"), engine::firefox);
  EXPECT_EQ(*parse_engine("undici"), engine::node);
  EXPECT_EQ(*parse_engine("whatwg"), engine::fetch);
}

TEST(Engine, UnknownNamesSuggest) {
  EXPECT_EQ(parse_engine("chromiun").error().message(), "unknown engine \"chromiun\": did you mean chromium?");
  EXPECT_EQ(parse_engine("firfox").error().message(), "unknown engine \"firfox\": did you mean firefox?");
  EXPECT_EQ(parse_engine("nosuch").error().message(),
            "unknown engine \"nosuch\": expected one of fetch, chromium, firefox, webkit, node, deno, bun");
}

TEST(Engine, Lists) {
  const auto s = parse_engine_list("chromium,firefox");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->size(), 2u);
  EXPECT_TRUE(s->contains(engine::chromium));
  EXPECT_FALSE(s->contains(engine::webkit));
  EXPECT_EQ(*parse_engine_list("all"), engine_set::all());
  EXPECT_FALSE(parse_engine_list(""));
  EXPECT_FALSE(parse_engine_list("chromium,"));
  EXPECT_FALSE(parse_engine_list("chromium,nosuch"));
}

}  // namespace
}  // namespace badport
