#include "usage.h"

#include <badport/text.h>

#include <cctype>
#include <cstdio>
#include <vector>

namespace badport::cli {

namespace {

/// The subcommand CLI11 had reached when it stopped, or null.
const CLI::App* reached_command(const CLI::App& root) {
  const auto subs = root.get_subcommands();
  return subs.empty() ? nullptr : subs.front();
}

std::string after(std::string_view text, std::string_view lead) {
  const auto at = text.find(lead);
  return at == std::string_view::npos ? std::string() : std::string(text.substr(at + lead.size()));
}

std::string before(std::string_view text, std::string_view end) {
  const auto at = text.find(end);
  return std::string(at == std::string_view::npos ? text : text.substr(0, at));
}

std::string lowercase_first(std::string text) {
  if (!text.empty() && text.front() >= 'A' && text.front() <= 'Z' && (text.size() < 2 || std::islower(text[1])))
    text.front() = static_cast<char>(text.front() - 'A' + 'a');
  while (!text.empty() && (text.back() == '.' || text.back() == '\n')) text.pop_back();
  return text;
}

bool looks_like_option(std::string_view arg) {
  return arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1])) && arg[1] != '.';
}

/// Every spelling of every option the command line could have meant: the command's and the
/// top level's (--color, --help, --version).
std::vector<std::string> option_names(const CLI::App& root, const CLI::App* cmd) {
  std::vector<std::string> names;
  for (const CLI::App* app : {cmd, &root}) {
    if (app == nullptr) continue;
    for (const CLI::Option* opt : app->get_options()) {
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
  }
  return names;
}

const CLI::Option* find_option(const CLI::App& root, const CLI::App* cmd, std::string_view name) {
  for (const CLI::App* app : {cmd, &root}) {
    if (app == nullptr) continue;
    for (const CLI::Option* opt : app->get_options()) {
      if (opt->get_name() == name || opt->get_name(true) == name) return opt;
      for (const auto& l : opt->get_lnames())
        if ("--" + l == name) return opt;
      for (const auto& s : opt->get_snames())
        if ("-" + s == name) return opt;
    }
  }
  return nullptr;
}

std::string closest(std::string_view given, const std::vector<std::string>& names) {
  std::vector<std::string_view> views(names.begin(), names.end());
  return std::string(closest_name(given, views));
}

std::string_view without_dashes(std::string_view name) {
  while (!name.empty() && name.front() == '-') name.remove_prefix(1);
  return name;
}

/// The option `given` most likely misspells, judged on the names without their dashes, so
/// that "-x" is not taken for "-h".
std::string closest_option(std::string_view given, const std::vector<std::string>& names) {
  std::vector<std::string_view> bare;
  for (const auto& n : names) bare.push_back(without_dashes(n));
  for (std::size_t i = 0; i < names.size(); ++i)  // "-json" for "--json", "--e" for "-e"
    if (bare[i] == without_dashes(given)) return names[i];
  const std::string_view guess = closest_name(without_dashes(given), bare);
  if (guess.empty()) return {};
  for (std::size_t i = 0; i < names.size(); ++i)
    if (bare[i].data() == guess.data()) return names[i];
  return {};
}

/// "badport diff [OPTIONS] LEFT RIGHT".
std::string usage_line(const CLI::App& cmd) {
  std::string line = "badport " + cmd.get_name() + " [OPTIONS]";
  for (const CLI::Option* opt : cmd.get_options()) {
    if (!opt->get_positional()) continue;
    std::string name;
    for (const char c : opt->get_name(true)) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (opt->get_expected_max() > 1) name += "...";
    line += opt->get_required() ? " " + name : " [" + name + "]";
  }
  return line;
}

std::string help_pointer(const CLI::App* cmd) {
  return cmd == nullptr ? "see badport --help" : "see badport " + cmd->get_name() + " --help";
}

/// "expected text, json or sarif".
std::string expected_one_of(const std::vector<std::string>& items) {
  std::string text = "expected ";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " or " : ", ";
    text += items[i];
  }
  return text;
}

/// "0.000000" -> "0", "2.500000" -> "2.5".
std::string plain_number(std::string n) {
  if (n.find('.') == std::string::npos) return n;
  while (!n.empty() && n.back() == '0') n.pop_back();
  if (!n.empty() && n.back() == '.') n.pop_back();
  return n;
}

std::string extras_text(const CLI::ExtrasError& e, const CLI::App& root, const CLI::App* cmd) {
  auto extras = root.remaining(true);
  if (extras.empty()) extras.push_back(after(e.what(), "expected: "));
  const std::string& arg = extras.front();
  if (looks_like_option(arg)) {
    const std::string name = before(arg, "=");
    const std::string guess = closest_option(name, option_names(root, cmd));
    return guess.empty() ? "unknown option \"" + name + "\"; " + help_pointer(cmd)
                         : "unknown option \"" + name + "\": did you mean " + guess + "?";
  }
  if (cmd == nullptr) {
    std::vector<std::string> names;
    for (const CLI::App* sub : root.get_subcommands({})) names.push_back(sub->get_name());
    std::vector<std::string_view> views(names.begin(), names.end());
    return unknown_command_text(arg, views);
  }
  return "unexpected argument \"" + arg + "\"; usage: " + usage_line(*cmd);
}

std::string required_text(const CLI::RequiredError& e, const CLI::App& root, const CLI::App* cmd) {
  if (cmd == nullptr) return "no command given; run badport help for the list";
  for (const CLI::Option* opt : cmd->get_options()) {
    if (!opt->get_required() || opt->count() > 0) continue;
    if (!opt->get_positional()) return "missing " + opt->get_name() + "; " + help_pointer(cmd);
    std::string name;
    for (const char c : opt->get_name(true)) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return "missing " + name + "; usage: " + usage_line(*cmd);
  }
  (void)root;
  return lowercase_first(e.what());
}

std::string conversion_text(const CLI::ConversionError& e, const CLI::App& root, const CLI::App* cmd) {
  const std::string_view what = e.what();
  std::string name, value;
  if (what.rfind("Could not convert: ", 0) == 0) {
    const std::string rest = after(what, "Could not convert: ");
    name = before(rest, " = ");
    value = after(rest, " = ");
  } else if (what.rfind("The value ", 0) == 0) {
    const std::string rest = after(what, "The value ");
    value = before(rest, " is not an allowed value for ");
    name = after(rest, " is not an allowed value for ");
  } else {
    name = before(what, ":");
  }
  const CLI::Option* opt = find_option(root, cmd, name);
  if (opt != nullptr && opt->get_expected_max() == 0) return name + " takes no value";
  std::string expected;
  if (opt != nullptr) {
    const std::string type = opt->get_type_name();
    if (type == "INT" || type == "UINT") expected = ": expected a whole number";
    else if (type == "FLOAT" || type == "NUMBER") expected = ": expected a number";
  }
  if (value.empty()) return name + " takes no value";
  return "invalid value \"" + value + "\" for " + name + expected;
}

std::string validation_text(const CLI::ValidationError& e) {
  const std::string_view what = e.what();
  const std::string name = before(what, ": ");
  const std::string detail = after(what, ": ");
  // IsMember: "xml not in {text,json,sarif}".
  const auto set_at = detail.rfind(" not in {");
  if (set_at != std::string::npos && detail.back() == '}') {
    const std::string value = detail.substr(0, set_at);
    std::vector<std::string> items;
    std::string item;
    for (const char c : detail.substr(set_at + 9, detail.size() - set_at - 10)) {
      if (c == ',') {
        items.push_back(item);
        item.clear();
      } else {
        item += c;
      }
    }
    items.push_back(item);
    const std::string guess = closest(value, items);
    return "invalid value \"" + value + "\" for " + name + ": " +
           (guess.empty() ? expected_one_of(items) : "did you mean " + guess + "?");
  }
  // Range: "Value abc not in range 0 to 1000".
  if (detail.rfind("Value ", 0) == 0 && detail.find(" not in range ") != std::string::npos) {
    const std::string value = before(detail.substr(6), " not in range ");
    const std::string range = after(detail, " not in range ");
    const std::string low = plain_number(before(range, " to ")), high = plain_number(after(range, " to "));
    const std::string expected = high.size() > 20 ? "expected a number, " + low + " or more"  // no real bound
                                                  : "expected a number from " + low + " to " + high;
    return "invalid value \"" + value + "\" for " + name + ": " + expected;
  }
  return "invalid value for " + name + ": " + lowercase_first(detail);
}

std::string mismatch_text(const CLI::ArgumentMismatch& e) {
  const std::string_view what = e.what();
  // "--engine: 1 required TEXT missing", "Expected exactly 2 arguments to --x, got 1".
  std::string name = what.rfind("Expected ", 0) == 0 ? before(after(what, " to "), ",") : before(what, ": ");
  if (what.find("missing") != std::string_view::npos || what.find("Expected") == 0) return name + " needs a value";
  if (what.find("At Most") != std::string_view::npos) return name + " was given too many values";
  return lowercase_first(std::string(what));
}

}  // namespace

std::string usage_error_speaker(const CLI::App& root) {
  const CLI::App* cmd = reached_command(root);
  return cmd == nullptr ? "badport" : "badport " + cmd->get_name();
}

std::string usage_error_text(const CLI::ParseError& e, const CLI::App& root) {
  const CLI::App* cmd = reached_command(root);
  if (const auto* x = dynamic_cast<const CLI::ExtrasError*>(&e)) return extras_text(*x, root, cmd);
  if (const auto* x = dynamic_cast<const CLI::RequiredError*>(&e)) return required_text(*x, root, cmd);
  if (const auto* x = dynamic_cast<const CLI::ConversionError*>(&e)) return conversion_text(*x, root, cmd);
  if (const auto* x = dynamic_cast<const CLI::ValidationError*>(&e)) return validation_text(*x);
  if (const auto* x = dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return mismatch_text(*x);
  const std::string_view what = e.what();
  if (dynamic_cast<const CLI::ExcludesError*>(&e) != nullptr)  // "--a excludes --b"
    return before(what, " excludes ") + " cannot be used with " + after(what, " excludes ");
  if (dynamic_cast<const CLI::RequiresError*>(&e) != nullptr)  // "--a requires --b"
    return before(what, " requires ") + " needs " + after(what, " requires ");
  return lowercase_first(std::string(what));
}

std::string unknown_command_text(std::string_view given, std::span<const std::string_view> names) {
  const std::string_view guess = closest_name(given, names);
  return guess.empty() ? "unknown command \"" + std::string(given) + "\"; run badport help for the list"
                       : "unknown command \"" + std::string(given) + "\": did you mean " + std::string(guess) + "?";
}

void print_usage_error(std::string_view speaker, std::string_view message) {
  const std::string line = printable_line(std::string(speaker) + ": " + std::string(message)) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace badport::cli
