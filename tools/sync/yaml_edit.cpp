#include "yaml_edit.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace badport::sync {

namespace {

struct lines {
  std::vector<std::string> items;  // without their '\n'
  bool final_newline = true;
};

lines split(std::string_view text) {
  lines out;
  out.final_newline = text.empty() || text.back() == '\n';
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      out.items.emplace_back(text.substr(start));
      break;
    }
    out.items.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join(const lines& l) {
  std::string out;
  for (std::size_t i = 0; i < l.items.size(); ++i) {
    out += l.items[i];
    if (i + 1 < l.items.size() || l.final_newline) out += '\n';
  }
  return out;
}

std::size_t indent(std::string_view line) {
  std::size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool is_blank_or_comment(std::string_view line) {
  const std::size_t i = indent(line);
  return i == line.size() || line[i] == '#';
}

// The line `<indent spaces><key>:` (followed by a space, the end, or a value).
bool is_key(std::string_view line, std::size_t at_indent, std::string_view key) {
  if (indent(line) != at_indent) return false;
  const std::string_view rest = line.substr(at_indent);
  return rest.size() > key.size() && rest.substr(0, key.size()) == key && rest[key.size()] == ':' &&
         (rest.size() == key.size() + 1 || rest[key.size() + 1] == ' ');
}

std::optional<std::size_t> find_key(const lines& l, std::size_t from, std::size_t to, std::size_t at_indent,
                                    std::string_view key) {
  for (std::size_t i = from; i < to && i < l.items.size(); ++i)
    if (is_key(l.items[i], at_indent, key)) return i;
  return std::nullopt;
}

// The lines after `head` that belong to it: more indented than `head_indent`, or blank or a
// comment in between. Returns one past the last line with content.
std::size_t block_end(const lines& l, std::size_t head, std::size_t head_indent) {
  std::size_t last = head;
  for (std::size_t i = head + 1; i < l.items.size(); ++i) {
    if (is_blank_or_comment(l.items[i])) continue;
    if (indent(l.items[i]) <= head_indent) break;
    last = i;
  }
  return last + 1;
}

// `engine` under the top-level `section`: the engine's line and the end of its block.
std::optional<std::pair<std::size_t, std::size_t>> engine_block(const lines& l, std::string_view section,
                                                                std::string_view engine) {
  const auto top = find_key(l, 0, l.items.size(), 0, section);
  if (!top) return std::nullopt;
  const std::size_t end = block_end(l, *top, 0);
  const auto head = find_key(l, *top + 1, end, 2, engine);
  if (!head) return std::nullopt;
  return std::make_pair(*head, block_end(l, *head, 2));
}

std::string port_list(std::string_view key, const std::vector<std::uint16_t>& ports) {
  // `      ports: [1, 7, 9,` wrapped under the first port, as the file writes long lists.
  const std::string head = "      " + std::string(key) + ": [";
  std::string out = head, line;
  std::string all;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    const std::string item = std::to_string(ports[i]) + (i + 1 < ports.size() ? "," : "]");
    if (!line.empty() && head.size() + line.size() + 1 + item.size() > 95) {
      out += line + "\n" + std::string(head.size(), ' ');
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += item;
  }
  if (ports.empty()) line = "]";
  return out + line;
}

}  // namespace

std::string yaml_scalar(std::string_view value) {
  const bool plain =
      !value.empty() && value.find(": ") == std::string_view::npos && value.find(" #") == std::string_view::npos &&
      std::string_view("-?:,[]{}#&*!|>'\"%@` ").find(value.front()) == std::string_view::npos &&
      value.back() != ' ' && value.back() != ':' &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= ' ' && c != 0x7f; });
  if (plain) return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += "''";
    else if (c == '\n' || c == '\r' || c == '\t') out += ' ';
    else out += c;
  }
  return out + "'";
}

std::string set_checked(std::string& text, std::string_view date) {
  lines l = split(text);
  const auto at = find_key(l, 0, l.items.size(), 0, "checked");
  if (!at) return "no top-level `checked:` in the database";
  l.items[*at] = "checked: " + std::string(date);
  text = join(l);
  return {};
}

std::string set_engine_field(std::string& text, std::string_view engine, std::string_view key, std::string_view value) {
  lines l = split(text);
  const auto block = engine_block(l, "engines", engine);
  if (!block) return "no `engines: " + std::string(engine) + ":` in the database";
  const std::string line = "    " + std::string(key) + ": " + yaml_scalar(value);
  if (const auto at = find_key(l, block->first + 1, block->second, 4, key)) {
    // A value continued on the next lines cannot be replaced line by line.
    if (*at + 1 < block->second && !is_blank_or_comment(l.items[*at + 1]) && indent(l.items[*at + 1]) > 4)
      return "engines." + std::string(engine) + "." + std::string(key) + " spans several lines; edit it by hand";
    l.items[*at] = line;
  } else {
    const auto ref = find_key(l, block->first + 1, block->second, 4, "source_ref");
    const std::size_t where = ref ? *ref + 1 : block->second;
    l.items.insert(l.items.begin() + static_cast<long>(where), line);
  }
  text = join(l);
  return {};
}

std::string append_batch(std::string& text, std::string_view engine, const history_batch& batch) {
  if (batch.added.empty() && batch.removed.empty()) return "an empty batch";
  lines l = split(text);
  const auto block = engine_block(l, "history", engine);
  if (!block) return "no `history: " + std::string(engine) + ":` in the database";
  std::string& head = l.items[block->first];
  const std::string_view after_key = std::string_view(head).substr(2 + engine.size() + 1);
  std::size_t rest = 0;
  while (rest < after_key.size() && after_key[rest] == ' ') ++rest;
  const std::string_view value = after_key.substr(rest);
  if (value == "[]") {
    head = "  " + std::string(engine) + ":";
  } else if (!value.empty() && value[0] != '#') {
    return "history." + std::string(engine) + " is not a block list; edit it by hand";
  }
  std::vector<std::string> add;
  add.push_back("    - date: " + batch.date);
  add.push_back("      source: " + yaml_scalar(batch.source));
  if (!batch.added.empty()) add.push_back(port_list("ports", batch.added));
  if (!batch.removed.empty()) add.push_back(port_list("removed", batch.removed));
  const std::size_t where = value == "[]" ? block->first + 1 : block->second;
  l.items.insert(l.items.begin() + static_cast<long>(where), add.begin(), add.end());
  text = join(l);
  return {};
}

namespace {

// The port of a `  - {port: N, ...}` row, or -1.
long row_port(std::string_view line) {
  constexpr std::string_view head = "  - {port: ";
  if (line.substr(0, head.size()) != head) return -1;
  long v = 0;
  std::size_t i = head.size(), digits = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9' && digits < 6) v = v * 10 + (line[i++] - '0'), ++digits;
  return digits == 0 ? -1 : v;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}

}  // namespace

bool has_port_row(std::string_view text, std::uint16_t port) {
  const lines l = split(text);
  return std::any_of(l.items.begin(), l.items.end(), [&](const std::string& s) { return row_port(s) == port; });
}

std::string add_port_row(std::string& text, std::uint16_t port, std::string_view service, std::string_view note) {
  lines l = split(text);
  const auto top = find_key(l, 0, l.items.size(), 0, "ports");
  if (!top) return "no top-level `ports:` table in the database";
  const std::size_t end = block_end(l, *top, 0);
  std::size_t where = end;
  for (std::size_t i = *top + 1; i < end; ++i) {
    const long p = row_port(l.items[i]);
    if (p == port) return {};
    if (p > port) {
      where = i;
      break;
    }
  }
  std::string name(service.substr(0, 40));
  if (name.empty()) name = "unknown";
  const std::vector<std::string> add{
      "  # " + std::string(note),
      "  - {port: " + std::to_string(port) + ", service: " + quoted(name) +
          ", why: cross-protocol, description: " + quoted(name + " (to be described)") + "}"};
  l.items.insert(l.items.begin() + static_cast<long>(where), add.begin(), add.end());
  text = join(l);
  return {};
}

}  // namespace badport::sync
