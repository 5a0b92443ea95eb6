// Docs: the code blocks of Markdown (``` and ~~~ fences), reStructuredText (`.. code-block::`,
// `.. code::`, `.. sourcecode::`) and AsciiDoc (`[source,LANG]` over `----`) are read as the
// language they declare, with the scanner of that language; findings there are doc examples
// (warnings: a reader copies them, or not). A `bash`/`sh`/`console` block is read as commands,
// its `$ ` prompts dropped and its backslash continuations joined (`docker run -it \` then
// `-p 6000:5000 \`). Markdown inline code that runs a server (`flask run -p 6000`) is read too.
// The prose is left to the URL and address scanners, which read every file.

#include "places.h"

#include <array>
#include <string>

namespace badport {

using detail::finding_sink;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

// A code block: its language (lowercase, as declared) and its body's bytes in the content.
struct block {
  std::string lang;
  std::size_t first;
  std::size_t last;
};

// The file name a block's language is scanned as; empty for a language with no scanner, "sh"
// for commands.
std::string_view file_for(std::string_view lang) {
  struct entry {
    std::string_view lang;
    std::string_view file;
  };
  static constexpr std::array<entry, 54> table{{
      {"sh", "sh"},           {"bash", "sh"},          {"shell", "sh"},         {"zsh", "sh"},
      {"console", "console"}, {"shell-session", "console"}, {"shellsession", "console"}, {"terminal", "console"},
      {"sh-session", "console"}, {"bash-session", "console"}, {"powershell", "sh"}, {"ps1", "sh"},
      {"cmd", "sh"},          {"bat", "sh"},
      {"python", "x.py"},     {"py", "x.py"},          {"python3", "x.py"},     {"pycon", "x.py"},
      {"javascript", "x.js"}, {"js", "x.js"},          {"jsx", "x.js"},         {"node", "x.js"},
      {"typescript", "x.ts"}, {"ts", "x.ts"},          {"tsx", "x.ts"},         {"go", "x.go"},
      {"golang", "x.go"},     {"ruby", "x.rb"},        {"rb", "x.rb"},          {"java", "x.java"},
      {"kotlin", "x.kt"},     {"kt", "x.kt"},          {"scala", "x.scala"},    {"groovy", "x.groovy"},
      {"php", "x.php"},       {"rust", "x.rs"},        {"rs", "x.rs"},          {"csharp", "x.cs"},
      {"cs", "x.cs"},         {"c#", "x.cs"},          {"cmake", "CMakeLists.txt"}, {"yaml", "config.yaml"},
      {"yml", "config.yaml"}, {"json", "config.json"}, {"jsonc", "config.json"}, {"toml", "config.toml"},
      {"ini", "config.ini"},  {"properties", "x.properties"}, {"xml", "config.xml"}, {"hcl", "x.hcl"},
      {"terraform", "x.tf"},  {"dockerfile", "Dockerfile"}, {"docker", "Dockerfile"}, {"nginx", "nginx.conf"},
  }};
  for (const auto& e : table)
    if (e.lang == lang) return e.file;
  if (lang == "makefile" || lang == "make") return "Makefile";
  if (lang == "dotenv" || lang == "env") return ".env";
  if (lang == "caddyfile" || lang == "caddy") return "Caddyfile";
  if (lang == "procfile") return "Procfile";
  return {};
}

// Blocks of a Markdown file: ``` or ~~~ fences (indented up to a list item's depth).
void markdown_blocks(std::string_view text, std::vector<block>& out) {
  bool in = false;
  char fence = 0;
  std::size_t fence_len = 0;
  block cur;
  detail::for_each_line(text, [&](std::string_view line, std::size_t offset) {
    const auto ind = indent_of(line);
    const auto body = line.substr(ind);
    std::size_t run = 0;
    while (run < body.size() && (body[run] == '`' || body[run] == '~') && body[run] == body[0]) ++run;
    if (!in) {
      if (run >= 3 && ind <= 12) {
        const auto info = trim(body.substr(run));
        if (body[0] == '`' && info.find('`') != std::string_view::npos) return;  // inline code, not a fence
        in = true;
        fence = body[0];
        fence_len = run;
        auto word = info.substr(0, info.find_first_of(" \t{,"));
        if (word.starts_with("{.")) word.remove_prefix(2);
        if (word.starts_with(".")) word.remove_prefix(1);
        cur = {lower(word), offset + line.size() + 1, offset + line.size() + 1};
      }
      return;
    }
    if (run >= fence_len && body[0] == fence && trim(body.substr(run)).empty()) {
      cur.last = offset;
      if (cur.last > cur.first) out.push_back(cur);
      in = false;
    }
  });
  if (in) {
    cur.last = text.size();
    if (cur.last > cur.first) out.push_back(cur);
  }
}

// Blocks of a reStructuredText file: `.. code-block:: LANG`, `.. code:: LANG`,
// `.. sourcecode:: LANG`, and `::` literal blocks (no language).
void rst_blocks(std::string_view text, std::vector<block>& out) {
  std::size_t directive_indent = 0;
  bool want = false;  // after a directive, before its body
  bool in = false;
  block cur;
  std::size_t body_indent = 0;
  detail::for_each_line(text, [&](std::string_view line, std::size_t offset) {
    const auto ind = indent_of(line);
    const bool blank = trim(line).empty();
    if (in) {
      if (blank) return;
      if (ind > directive_indent && (body_indent == 0 || ind >= body_indent)) {
        if (body_indent == 0) body_indent = ind;
        cur.last = offset + line.size();
        return;
      }
      if (cur.last > cur.first) out.push_back(cur);
      in = false;
    }
    if (want) {
      if (blank) return;
      const auto t = trim(line);
      if (t.starts_with(":") && ind > directive_indent) return;  // an option (:linenos:)
      want = false;
      if (ind > directive_indent) {
        in = true;
        body_indent = ind;
        cur.first = offset;
        cur.last = offset + line.size();
        return;
      }
    }
    const auto t = trim(line);
    for (std::string_view d : {".. code-block::", ".. code::", ".. sourcecode::"}) {
      if (t.starts_with(d)) {
        want = true;
        directive_indent = ind;
        cur = {lower(trim(t.substr(d.size()))), 0, 0};
        body_indent = 0;
        return;
      }
    }
    if (t.ends_with("::") && !t.starts_with("..")) {
      want = true;
      directive_indent = ind;
      cur = {std::string(), 0, 0};
      body_indent = 0;
    }
  });
  if (in && cur.last > cur.first) out.push_back(cur);
}

// Blocks of an AsciiDoc file: `[source,LANG]` (or `[,LANG]`) then a `----` or `....` delimited
// block; delimited blocks without a language are read only for their `$ ` commands.
void asciidoc_blocks(std::string_view text, std::vector<block>& out) {
  std::string lang;
  bool in = false;
  std::string_view delimiter;
  block cur;
  detail::for_each_line(text, [&](std::string_view line, std::size_t offset) {
    const auto t = trim(line);
    if (in) {
      if (t == delimiter) {
        cur.last = offset;
        if (cur.last > cur.first) out.push_back(cur);
        in = false;
        lang.clear();
      }
      return;
    }
    if (t.starts_with("[source") || t.starts_with("[,")) {
      const auto comma = t.find(',');
      const auto close = t.find(']');
      if (comma != std::string_view::npos && close != std::string_view::npos && comma < close) {
        auto l = trim(t.substr(comma + 1, close - comma - 1));
        l = l.substr(0, l.find(','));
        lang = lower(trim(l));
      }
      return;
    }
    if ((t.size() >= 4 && t.find_first_not_of('-') == std::string_view::npos) ||
        (t.size() >= 4 && t.find_first_not_of('.') == std::string_view::npos) || t == "```") {
      in = true;
      delimiter = t;
      cur = {lang, offset + line.size() + 1, offset + line.size() + 1};
      return;
    }
    if (!t.empty()) lang.clear();
  });
}

// The body of a shell or console block as one command per logical line: prompts blanked,
// output lines blanked (console), comments blanked, `\` + newline joined. Same length as the
// body, so offsets stay.
std::string commands_of(std::string_view body, bool console) {
  std::string out(body);
  bool continued = false;
  detail::for_each_line(body, [&](std::string_view line, std::size_t offset) {
    const auto ind = indent_of(line);
    auto t = line.substr(ind);
    const bool was_continued = continued;
    continued = !t.empty() && t.back() == '\\';
    if (was_continued) return;  // the rest of a command: kept
    std::size_t prompt = 0;
    for (std::string_view p : {"$ ", "% ", "> ", "PS> ", "# "}) {
      if (t.starts_with(p) && (p != "# " || console)) {
        prompt = p.size();
        break;
      }
    }
    // A prompt after a user and path: "user@host:~/app$ cmd".
    if (prompt == 0) {
      if (const auto d = t.find("$ "); d != std::string_view::npos && d < 40 && t.substr(0, d).find(' ') == std::string_view::npos &&
                                        t.substr(0, d).find_first_of("@:") != std::string_view::npos)
        prompt = d + 2;
    }
    const bool comment = !t.empty() && t[0] == '#' && prompt == 0;
    if ((console && prompt == 0) || comment) {
      for (std::size_t k = 0; k < line.size(); ++k) out[offset + k] = ' ';
      continued = false;
      return;
    }
    for (std::size_t k = 0; k < ind + prompt; ++k) out[offset + k] = ' ';
  });
  // Join continuations: "\\\n" becomes two blanks.
  for (std::size_t k = 0; k + 1 < out.size(); ++k) {
    if (out[k] == '\\' && out[k + 1] == '\n') {
      out[k] = ' ';
      out[k + 1] = ' ';
    } else if (out[k] == '\\' && out[k + 1] == '\r' && k + 2 < out.size() && out[k + 2] == '\n') {
      out[k] = out[k + 1] = out[k + 2] = ' ';
    }
  }
  return out;
}

constexpr detail::moved_findings as_doc_example{finding_kind::doc_example, severity::warning, "doc-port", {}};

void scan_block(finding_sink& sink, const block& b) {
  const auto text = sink.content();
  std::string_view lang = b.lang;
  std::string_view file = file_for(lang);
  const auto body = text.substr(b.first, b.last - b.first);
  if (!detail::has_wanted_digits(sink, b.first, b.last)) return;
  // No language: a block whose lines start with "$ " is a console session.
  if (file.empty()) {
    bool prompt = false;
    detail::for_each_line(body, [&](std::string_view line, std::size_t) {
      const auto t = trim(line);
      prompt = prompt || t.starts_with("$ ");
    });
    if (!prompt) return;
    file = "console";
  }
  if (file == "sh" || file == "console") {
    const std::string commands = commands_of(body, file == "console");
    scan_input sub_in = sink.input();
    sub_in.content = commands;
    sub_in.path = "doc.sh";
    scan_report sub;
    finding_sink sub_sink(sub_in, sub);
    detail::for_each_line(commands, [&](std::string_view line, std::size_t offset) {
      if (line.find_first_not_of(' ') == std::string_view::npos) return;
      detail::scan_command_line(sub_sink, line, offset, severity::warning, "command");
      detail::scan_port_forward(sub_sink, line, offset, severity::warning);
    });
    detail::move_findings(sink, sub, b.first, as_doc_example);
    return;
  }
  scan_input sub_in = sink.input();
  sub_in.content = body;
  sub_in.path = file;
  sub_in.dotenv = {};
  scan_report sub = scan_file(sub_in);
  // The URL and address scanners read the whole file: only the block's own readings move.
  std::erase_if(sub.findings, [](const scan_finding& f) { return f.rule == "url-port" || f.rule == "address-port"; });
  detail::move_findings(sink, sub, b.first, as_doc_example);
}

// Markdown inline code on one line that runs a server: `flask run -p 6000`, `docker run -p 6000:80 app`.
void scan_inline_code(finding_sink& sink, const std::vector<block>& blocks) {
  const auto text = sink.content();
  std::size_t next_block = 0;
  detail::for_each_line(text, [&](std::string_view line, std::size_t offset) {
    while (next_block < blocks.size() && blocks[next_block].last < offset) ++next_block;
    if (next_block < blocks.size() && offset >= blocks[next_block].first && offset < blocks[next_block].last) return;
    std::size_t i = 0;
    while (true) {
      const auto open = line.find('`', i);
      if (open == std::string_view::npos) return;
      const auto close = line.find('`', open + 1);
      if (close == std::string_view::npos) return;
      const auto code = line.substr(open + 1, close - open - 1);
      if (code.find(' ') != std::string_view::npos &&
          (code.find(" -p ") != std::string_view::npos || code.find("--port") != std::string_view::npos ||
           code.find("http.server") != std::string_view::npos || code.find("runserver") != std::string_view::npos)) {
        scan_report sub;
        finding_sink sub_sink(sink.input(), sub);
        detail::scan_command_line(sub_sink, code, offset + open + 1, severity::warning, "command");
        detail::move_findings(sink, sub, 0, as_doc_example);
      }
      i = close + 1;
    }
  });
}

}  // namespace

scan_report scan_docs(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  if (!detail::has_wanted_digits(sink, 0, in.content.size())) return out;
  const auto path = in.path;
  std::vector<block> blocks;
  if (detail::iends_with(path, ".rst") || detail::iends_with(path, ".rest") || detail::iends_with(path, ".txt"))
    rst_blocks(in.content, blocks);
  else if (detail::iends_with(path, ".adoc") || detail::iends_with(path, ".asciidoc") || detail::iends_with(path, ".asc"))
    asciidoc_blocks(in.content, blocks);
  else
    markdown_blocks(in.content, blocks);
  for (const auto& b : blocks) scan_block(sink, b);
  if (!detail::iends_with(path, ".rst") && !detail::iends_with(path, ".adoc")) scan_inline_code(sink, blocks);
  detail::sort_findings(out);
  return out;
}

}  // namespace badport
