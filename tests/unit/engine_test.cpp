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
  EXPECT_EQ(*parse_engine("Servo"), engine::servo);
  EXPECT_EQ(*parse_engine("verso"), engine::servo);
  EXPECT_EQ(*parse_engine("ladybird"), engine::ladybird);
  EXPECT_EQ(*parse_engine("LibWeb"), engine::ladybird);
  EXPECT_EQ(*parse_engine("serenityos"), engine::ladybird);
  EXPECT_EQ(parse_engine("ladybrd").error().message(), "unknown engine \"ladybrd\": did you mean ladybird?");
}

TEST(Engine, SetsHoldEveryEngine) {
  // Nine engines need nine bits: the last ones must survive a round trip through the mask.
  const engine_set all = engine_set::all();
  EXPECT_EQ(all.size(), engine_count);
  for (engine e : all_engines) EXPECT_TRUE(all.contains(e)) << name(e);
  const engine_set late{engine::servo, engine::ladybird};
  EXPECT_EQ(engine_set::from_mask(late.mask()), late);
  EXPECT_EQ(*parse_engine_list("ladybird,servo"), late);
  EXPECT_EQ(engine_set::from_mask(0xFFFF), all);  // bits of no engine are dropped
}

TEST(Engine, UnknownNamesSuggest) {
  EXPECT_EQ(parse_engine("chromiun").error().message(), "unknown engine \"chromiun\": did you mean chromium?");
  EXPECT_EQ(parse_engine("firfox").error().message(), "unknown engine \"firfox\": did you mean firefox?");
  EXPECT_EQ(parse_engine("nosuch").error().message(),
            "unknown engine \"nosuch\": expected one of fetch, chromium, firefox, webkit, servo, ladybird, node, deno, bun");
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
