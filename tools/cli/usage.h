#pragma once
// badport's own words for what the argument parser rejects: one line, "badport CMD: ...", with
// "did you mean" for a mistyped option or command. CLI11 parses; only the messages are ours.

#include <CLI/CLI.hpp>

#include <span>
#include <string>
#include <string_view>

namespace badport::cli {

/// The one-line message (without the "badport CMD: " lead) for a parse error of `root`'s
/// command line; the command is the subcommand CLI11 had reached, if any.
[[nodiscard]] std::string usage_error_text(const CLI::ParseError& e, const CLI::App& root);

/// "badport" or "badport CMD": who speaks for the parse error of `root`'s command line.
[[nodiscard]] std::string usage_error_speaker(const CLI::App& root);

/// `unknown command "NAME": did you mean X?`, or with no close name a pointer at the list.
[[nodiscard]] std::string unknown_command_text(std::string_view given, std::span<const std::string_view> names);

/// Prints `SPEAKER: MESSAGE` on stderr as one safe line.
void print_usage_error(std::string_view speaker, std::string_view message);

}  // namespace badport::cli
