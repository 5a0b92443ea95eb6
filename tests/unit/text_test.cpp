// The shared text helpers: UTF-8 validity as RFC 3629 defines it, one-line escaping of
// untrusted bytes, and the edit distance behind "did you mean".

#include <badport/text.h>

#include <gtest/gtest.h>

#include <string>

namespace badport {
namespace {

using namespace std::string_literals;
constexpr auto npos = std::string_view::npos;

TEST(Utf8, SequenceLengths) {
  EXPECT_EQ(utf8_sequence_length(""), 0u);
  EXPECT_EQ(utf8_sequence_length("a"), 0u);               // ASCII is not a multi-byte sequence
  EXPECT_EQ(utf8_sequence_length("\xc3\xa9"), 2u);        // é
  EXPECT_EQ(utf8_sequence_length("\xe2\x82\xac!"), 3u);   // €
  EXPECT_EQ(utf8_sequence_length("\xf0\x9f\x98\x80"), 4u);  // U+1F600
  EXPECT_EQ(utf8_sequence_length("\xc0\x80"), 0u);        // overlong NUL
  EXPECT_EQ(utf8_sequence_length("\xe0\x80\x80"), 0u);    // overlong
  EXPECT_EQ(utf8_sequence_length("\xed\xa0\x80"), 0u);    // surrogate U+D800
  EXPECT_EQ(utf8_sequence_length("\xf4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(utf8_sequence_length("\xe2\x82"), 0u);        // truncated
  EXPECT_EQ(utf8_sequence_length("\x80"), 0u);            // continuation byte alone
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("plain ascii, longer than eight bytes"), npos);
  EXPECT_EQ(find_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), npos);
  EXPECT_EQ(find_invalid_utf8("\xff"), 0u);
  EXPECT_EQ(find_invalid_utf8("abc\xff"), 3u);
  // Past the eight-byte ASCII steps, and right after a valid multi-byte character.
  EXPECT_EQ(find_invalid_utf8("0123456789abcdef\x80xyz"), 16u);
  EXPECT_EQ(find_invalid_utf8("01234567\xc3\xa9\xed\xa0\x80"), 10u);
  EXPECT_EQ(find_invalid_utf8("x\0y"s), npos);  // NUL is valid UTF-8
}

TEST(PrintableLine, EscapesControlAndInvalidBytes) {
  EXPECT_EQ(printable_line("port 6000"), "port 6000");
  EXPECT_EQ(printable_line("a\nb\tc\x7f"), "a\\x0ab\\x09c\\x7f");
  EXPECT_EQ(printable_line("nul\0!"s), "nul\\x00!");
  EXPECT_EQ(printable_line("caf\xc3\xa9 \xff\xfe"), "caf\xc3\xa9 \\xff\\xfe");
  EXPECT_EQ(printable_line("\xe2\x82"), "\\xe2\\x82");  // a truncated sequence, byte by byte
  EXPECT_EQ(printable_line("say \"hi\" \\"), "say \"hi\" \\");
  EXPECT_EQ(printable_line("say \"hi\" \\", {.escape_quotes = true}), "say \\\"hi\\\" \\\\");
}

TEST(PrintableLine, CutsAfterMaxBytes) {
  EXPECT_EQ(printable_line(std::string(10, 'x'), {.max_bytes = 4}), "xxxx...");
  EXPECT_EQ(printable_line(std::string(4, 'x'), {.max_bytes = 4}), "xxxx");
  // Escapes count as the bytes they take, so the line stays bounded whatever the input.
  EXPECT_EQ(printable_line(std::string(10, '\0'), {.max_bytes = 8}), "\\x00\\x00...");
  EXPECT_EQ(printable_line(std::string(1 << 20, '\n'), {.max_bytes = 200}).size(), 203u);
}

TEST(EditDistance, LevenshteinWithNeighbourSwaps) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("chromium", "chromium"), 0u);
  EXPECT_EQ(edit_distance("chrome", "chromium"), 3u);
  EXPECT_EQ(edit_distance("firefx", "firefox"), 1u);
  EXPECT_EQ(edit_distance("chek", "check"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "deno"), 4u);
  // A swap of two neighbours is one edit, not two.
  EXPECT_EQ(edit_distance("webkti", "webkit"), 1u);
  EXPECT_EQ(edit_distance("jsno", "json"), 1u);
  EXPECT_EQ(edit_distance("enigne", "engine"), 1u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("abc", "ca"), 3u);  // optimal string alignment: no edit of a swapped pair
}

TEST(ClosestName, NearestWithinTwoEditsElseTheOnePrefix) {
  const std::string_view options[] = {"--json", "--engine", "--chromium-flags", "--firefox-prefs", "--help"};
  EXPECT_EQ(closest_name("--jsno", options), "--json");
  EXPECT_EQ(closest_name("--enigne", options), "--engine");
  EXPECT_EQ(closest_name("--chromium", options), "--chromium-flags");  // a prefix
  EXPECT_EQ(closest_name("--json", options), "");                      // not a typo
  EXPECT_EQ(closest_name("--zzzzzz", options), "");
  const std::string_view commands[] = {"check", "list", "diff", "sockets", "pick", "run", "scan", "serve"};
  EXPECT_EQ(closest_name("chek", commands), "check");
  EXPECT_EQ(closest_name("sock", commands), "sockets");
  EXPECT_EQ(closest_name("se", commands), "serve");  // the one name it begins
  const std::string_view engines[] = {"chromium", "chrome"};
  EXPECT_EQ(closest_name("chr", engines), "");  // two names begin so: no guess
  EXPECT_EQ(closest_name("x", commands), "");   // one letter is no evidence
}

}  // namespace
}  // namespace badport
