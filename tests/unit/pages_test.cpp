// The pages badport's servers send (pages.h): configuration embedded safely.

#include <badport/pages.h>

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(pages, both_pages_have_one_config_placeholder_in_a_script) {
  for (const auto page : {badport::serve_page_html(), badport::probe_page_html()}) {
    const auto at = page.find("/*CONFIG*/");
    ASSERT_NE(at, std::string_view::npos);
    EXPECT_EQ(page.find("/*CONFIG*/", at + 1), std::string_view::npos);
    EXPECT_LT(page.rfind("<script>", at), at);
    EXPECT_GT(page.find("</script>", at), at);
  }
}

TEST(pages, config_replaces_the_placeholder) {
  const std::string page = badport::embed_page_config("<script>const C = /*CONFIG*/;</script>", R"({"port":6000})");
  EXPECT_EQ(page, R"(<script>const C = {"port":6000};</script>)");
}

// A title or host name carrying "</script>" must not end the script element.
TEST(pages, config_cannot_close_the_script_element) {
  struct row {
    const char* json;
    const char* embedded;
  };
  for (const row& r : {row{R"({"title":"</script><b>x"})", R"({"title":"<\/script><b>x"})"},
                       row{R"(["</","<//","a</b"])", R"(["<\/","<\//","a<\/b"])"},
                       row{R"("<")", R"("<")"}}) {
    EXPECT_EQ(badport::embed_page_config("/*CONFIG*/", r.json), r.embedded) << r.json;
  }
  const std::string page = badport::embed_page_config(badport::serve_page_html(), R"({"title":"</script>"})");
  EXPECT_EQ(page.find("</script>\""), std::string::npos);
}

TEST(pages, a_page_without_placeholder_is_unchanged) {
  EXPECT_EQ(badport::embed_page_config("<p>no config</p>", "{}"), "<p>no config</p>");
}

}  // namespace
