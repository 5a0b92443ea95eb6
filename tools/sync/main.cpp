// badport-sync: reads each engine's bad-port list from the file where the engine keeps it and
// compares it with data/ports.yaml. A maintainer's tool, not installed for users.
//
//   badport-sync --from DIR            files laid out as upstream (DIR/net/base/port_util.cc)
//   badport-sync --engine servo=FILE   one engine's file (repeatable)
//   badport-sync --upstream            the canonical files over HTTPS (see --sources)
//   ... --write                        record the drift in data/ports.yaml
//
// Exit status: 0 every list matches, 1 drift, 2 error (a list that cannot be found, a file that
// cannot be read, a database that does not parse).

#include "database.h"
#include "download.h"
#include "extract.h"
#include "sources.h"
#include "yaml_edit.h"

#include <badport/io/file.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace badport::sync;
namespace gen = badport::gen;
namespace fs = std::filesystem;

struct options {
  std::string database = "data/ports.yaml";
  std::string from;
  std::vector<std::string> engine_files;  // E=FILE
  bool upstream = false;
  std::string mirror;
  std::string only;
  bool json = false;
  bool write = false;
  std::string date;
  bool list_sources = false;
};

// One engine's outcome.
struct report {
  const upstream_source* source = nullptr;
  std::string origin;        // the file or URL read
  std::string commit, date;  // of the upstream file, when the host said
  std::string commit_note;   // why the commit is unknown, when it was asked for
  std::optional<extracted> found;
  std::string error;         // why there is no list (exit 2)
  std::vector<std::uint16_t> database, added, removed;
  [[nodiscard]] bool drift() const { return !added.empty() || !removed.empty(); }
};

std::string join_ports(const std::vector<std::uint16_t>& p) {
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) out += (i ? ", " : "") + std::to_string(p[i]);
  return out;
}

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

bool is_day(const std::string& d) {
  if (d.size() != 10 || !gen::is_valid_date(d)) return false;
  const int month = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void fail(const std::string& message) { std::fprintf(stderr, "badport-sync: %s\n", message.c_str()); }

// Reads one engine's file from wherever the options say.
void read_source(const options& opt, const std::map<std::string, std::string>& files, report& r) {
  const upstream_source& s = *r.source;
  std::string text;
  if (const auto f = files.find(std::string(s.engine)); f != files.end()) {
    r.origin = f->second;
  } else if (!opt.from.empty()) {
    const fs::path base(opt.from);
    const fs::path full = base / std::string(s.path);
    const fs::path flat = base / fs::path(std::string(s.path)).filename();
    std::error_code ec;
    r.origin = fs::exists(full, ec) ? full.string() : fs::exists(flat, ec) ? flat.string() : "";
    if (r.origin.empty()) {
      r.error = "no file for " + std::string(s.engine) + " in " + opt.from + " (looked for " + full.string() + " and " +
                flat.string() + ")";
      return;
    }
  }
  if (r.origin.empty() && !opt.upstream) {
    r.error = "no file for " + std::string(s.engine) + ": give --engine " + std::string(s.engine) +
              "=FILE, --from DIR or --upstream";
    return;
  }
  if (!r.origin.empty()) {
    auto content = badport::io::read_file(r.origin);
    if (!content) {
      r.error = content.error().message();
      return;
    }
    text = std::move(*content);
  } else {
    const bool allow_http = !opt.mirror.empty();
    const std::string url = allow_http ? mirrored(raw_url(s), opt.mirror) : raw_url(s);
    r.origin = url;
    const auto got = http_get(url, allow_http);
    if (!got.ok) {
      r.error = "cannot fetch " + url + ": " + got.error;
      return;
    }
    text = got.body;
    // The file's last commit, from GitHub's API (with the CI's token when there is one: the
    // API limits anonymous callers).
    const std::string curl = allow_http ? mirrored(commit_url(s), opt.mirror) : commit_url(s);
    const char* token = std::getenv("GITHUB_TOKEN");
    const auto commits = http_get(curl, allow_http, allow_http || token == nullptr ? std::string() : std::string(token));
    if (const auto c = commits.ok ? parse_commit_list(commits.body) : std::nullopt) {
      r.commit = c->sha;
      r.date = c->date;
    } else {
      r.commit_note = "the host did not tell the file's commit (" +
                      (commits.ok ? std::string("an answer that is not a commit list") : commits.error) + ")";
    }
  }
  auto result = extract(*s.format, text);
  if (auto* e = std::get_if<extract_error>(&result)) {
    r.error = r.origin + (e->line ? ":" + std::to_string(e->line) : "") + ": " + e->message;
    return;
  }
  r.found = std::get<extracted>(std::move(result));
}

void compare(report& r) {
  const std::vector<std::uint16_t> none;
  const auto& ports = r.found ? r.found->ports : none;
  std::set_difference(ports.begin(), ports.end(), r.database.begin(), r.database.end(), std::back_inserter(r.added));
  std::set_difference(r.database.begin(), r.database.end(), ports.begin(), ports.end(), std::back_inserter(r.removed));
}

std::string source_words(const report& r) {
  const upstream_source& s = *r.source;
  std::string out = std::string(s.repo) + " " + std::string(s.path);
  if (!r.commit.empty()) out += " @ " + r.commit.substr(0, 7) + (r.date.empty() ? "" : " (" + r.date + ")");
  else out += " (a local copy)";
  return out;
}

void print_text(const std::vector<report>& reports) {
  for (const auto& r : reports) {
    const std::string name(r.source->engine);
    if (!r.error.empty()) {
      std::printf("%-9s error: %s\n", name.c_str(), r.error.c_str());
      continue;
    }
    if (!r.source->format) {
      std::printf("%-9s no list: %s; %s\n", name.c_str(), std::string(r.source->no_list_reason).c_str(),
                  r.drift() ? ("but the database lists " + join_ports(r.removed)).c_str() : "the database lists none");
      continue;
    }
    std::printf("%-9s %s, %s at line %zu: %zu ports, %s\n", name.c_str(), source_words(r).c_str(),
                r.found->anchor.c_str(), r.found->line, r.found->ports.size(),
                r.drift() ? "DRIFT" : "matches the database");
    if (!r.added.empty()) std::printf("          added (in the source, not in the database): %s\n", join_ports(r.added).c_str());
    if (!r.removed.empty())
      std::printf("          removed (in the database, not in the source): %s\n", join_ports(r.removed).c_str());
    for (const auto& e : r.found->exceptions)
      std::printf("          exception: %s may use %s\n", e.scheme.c_str(),
                  e.ports.empty() ? "every port" : join_ports(e.ports).c_str());
    for (const auto& n : r.found->notes) std::printf("          note: %s\n", n.c_str());
    if (!r.commit_note.empty()) std::printf("          note: %s\n", r.commit_note.c_str());
  }
}

nlohmann::ordered_json to_json(const std::vector<report>& reports, bool drift, bool errors) {
  using json = nlohmann::ordered_json;
  json doc;
  doc["schema"] = "badport.sync/1";
  doc["drift"] = drift;
  doc["errors"] = errors;
  doc["engines"] = json::array();
  for (const auto& r : reports) {
    json e;
    e["engine"] = r.source->engine;
    e["format"] = r.source->format ? json(name(*r.source->format)) : json(nullptr);
    e["origin"] = r.origin.empty() ? json(nullptr) : json(r.origin);
    e["commit"] = r.commit.empty() ? json(nullptr) : json(r.commit);
    e["date"] = r.date.empty() ? json(nullptr) : json(r.date);
    e["error"] = r.error.empty() ? json(nullptr) : json(r.error);
    e["no_list"] = r.source->format ? json(nullptr) : json(r.source->no_list_reason);
    e["anchor"] = r.found ? json(r.found->anchor) : json(nullptr);
    e["line"] = r.found ? json(r.found->line) : json(nullptr);
    e["ports"] = r.found ? json(r.found->ports) : (r.source->format ? json(nullptr) : json::array());
    e["database"] = r.database;
    e["added"] = r.added;
    e["removed"] = r.removed;
    e["exceptions"] = json::array();
    e["notes"] = json::array();
    if (r.found) {
      for (const auto& x : r.found->exceptions) e["exceptions"].push_back({{"scheme", x.scheme}, {"ports", x.ports}});
      for (const auto& n : r.found->notes) e["notes"].push_back(n);
    }
    if (!r.commit_note.empty()) e["notes"].push_back(r.commit_note);
    doc["engines"].push_back(std::move(e));
  }
  return doc;
}

// Records the drift in the database text; verifies that the result reads back as the sources'
// lists before anything is written.
int write_database(const options& opt, const std::string& original, const std::vector<report>& reports,
                   bool every_engine) {
  const std::string date = opt.date.empty() ? today() : opt.date;
  std::string text = original;
  std::size_t batches = 0, rows = 0;
  const auto check = [&](const std::string& why) {
    if (why.empty()) return true;
    fail("cannot update " + opt.database + ": " + why + "; nothing written");
    return false;
  };
  for (const auto& r : reports) {
    const std::string engine(r.source->engine);
    if (r.drift()) {
      for (std::uint16_t p : r.added) {
        if (has_port_row(text, p)) continue;
        std::string service;
        if (r.found)
          if (const auto s = r.found->services.find(p); s != r.found->services.end()) service = s->second;
        if (!check(add_port_row(text, p, service,
                                "added by badport-sync on " + date + " from " + engine + "'s list: check service, why and description")))
          return 2;
        ++rows;
      }
      const history_batch batch{date, source_words(r) + ", read by badport-sync", r.added, r.removed};
      if (!check(append_batch(text, engine, batch))) return 2;
      ++batches;
    }
    if (!r.commit.empty() && r.found) {
      if (!check(set_engine_field(text, engine, "source_ref",
                                  std::string(r.source->path) + " " + r.found->anchor + " (" + std::string(r.source->repo) +
                                      " @ " + r.commit.substr(0, 7) + ")")))
        return 2;
      if (!check(set_engine_field(text, engine, "source_commit", r.commit))) return 2;
      if (!r.date.empty() && !check(set_engine_field(text, engine, "source_date", r.date))) return 2;
    }
  }
  if (every_engine && !check(set_checked(text, date))) return 2;

  // The generator's own reader must accept the result and give back the sources' lists.
  try {
    const auto db = gen::read_database(YAML::Load(text));
    for (const auto& r : reports) {
      const auto got = db.list(gen::engine_index(std::string(r.source->engine)));
      const std::vector<std::uint16_t> want = r.found ? r.found->ports : std::vector<std::uint16_t>{};
      if (got != want) {
        (void)check("the edited database does not read back as " + std::string(r.source->engine) + "'s list");
        return 2;
      }
    }
  } catch (const std::exception& e) {
    {
        (void)check(std::string("the edited database does not read back: ") + e.what());
        return 2;
      }
  }
  if (text == original) {
    std::fprintf(stderr, "badport-sync: %s is up to date\n", opt.database.c_str());
    return 0;
  }
  const std::string tmp = opt.database + ".badport-sync.tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << text;
    f.flush();
    if (!f) {
      std::remove(tmp.c_str());
      {
        (void)check("cannot write " + tmp);
        return 2;
      }
    }
  }
  if (std::rename(tmp.c_str(), opt.database.c_str()) != 0) {
    std::remove(tmp.c_str());
    {
        (void)check("cannot replace " + opt.database);
        return 2;
      }
  }
  std::fprintf(stderr, "badport-sync: wrote %s: %zu history batch%s, %zu new port row%s%s\n", opt.database.c_str(), batches,
               batches == 1 ? "" : "es", rows, rows == 1 ? "" : "s", rows ? " (check them)" : "");
  return 0;
}

int run(int argc, char** argv) {
  options opt;
  CLI::App app{"badport-sync: compare each engine's bad-port list, read from the file where the engine keeps it,\n"
               "with data/ports.yaml.\nExit status: 0 every list matches, 1 drift, 2 error.",
               "badport-sync"};
  app.add_option("--database", opt.database, "The database to compare with and to --write")->capture_default_str();
  app.add_option("--from", opt.from, "Read the files from DIR, laid out as upstream (or flat, by file name)");
  app.add_option("--engine", opt.engine_files, "Read ENGINE's file from FILE (ENGINE=FILE; repeatable)");
  app.add_flag("--upstream", opt.upstream, "Fetch the canonical files over HTTPS (see --sources)");
  app.add_option("--mirror", opt.mirror, "With --upstream: fetch from URL/<host>/<path> instead (a local mirror)");
  app.add_option("--only", opt.only, "Compare only these engines (comma-separated)");
  app.add_flag("--json", opt.json, "Print JSON (schema badport.sync/1)");
  app.add_flag("--write", opt.write, "Record drift in the database: a history batch per engine, the source commits");
  app.add_option("--date", opt.date, "With --write: the batches' date (YYYY-MM-DD; default today, UTC)");
  app.add_flag("--sources", opt.list_sources, "Print the canonical file of each engine and exit");
  app.footer("Examples:\n  badport-sync --upstream\n  badport-sync --engine servo=methods.rs\n"
             "  badport-sync --from ~/src/mirror --json\n  badport-sync --upstream --write");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    fail(e.what());
    return 2;
  }

  if (opt.list_sources) {
    for (const auto& s : upstream_sources()) {
      if (!s.format) std::printf("%-9s none: %s\n", std::string(s.engine).c_str(), std::string(s.no_list_reason).c_str());
      else std::printf("%-9s %-15s %s\n", std::string(s.engine).c_str(), std::string(name(*s.format)).c_str(), raw_url(s).c_str());
    }
    return 0;
  }
  if (!opt.date.empty() && !is_day(opt.date)) return fail("invalid date \"" + opt.date + "\": expected YYYY-MM-DD"), 2;
  if (!opt.mirror.empty() && !opt.upstream) return fail("--mirror needs --upstream"), 2;
  if (opt.upstream && !opt.from.empty()) return fail("--upstream and --from are two different sources: choose one"), 2;

  std::map<std::string, std::string> files;
  for (const auto& item : opt.engine_files) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      return fail("invalid --engine \"" + item + "\": expected ENGINE=FILE"), 2;
    const std::string engine = item.substr(0, eq);
    const auto* s = find_source(engine);
    if (s == nullptr) return fail("unknown engine \"" + engine + "\" in --engine"), 2;
    if (!s->format) return fail("bun keeps no list: there is no file to read for it"), 2;
    files[engine] = item.substr(eq + 1);
  }
  if (files.empty() && opt.from.empty() && !opt.upstream)
    return fail("nothing to read: give --from DIR, --engine ENGINE=FILE or --upstream"), 2;

  // Which engines: --only, else every engine when a whole set of files is read, else those given.
  std::vector<const upstream_source*> chosen;
  std::set<std::string> wanted;
  if (!opt.only.empty()) {
    std::size_t start = 0;
    while (start <= opt.only.size()) {
      const std::size_t comma = std::min(opt.only.find(',', start), opt.only.size());
      const std::string engine = opt.only.substr(start, comma - start);
      if (find_source(engine) == nullptr) return fail("unknown engine \"" + engine + "\" in --only"), 2;
      wanted.insert(engine);
      start = comma + 1;
    }
  }
  for (const auto& s : upstream_sources()) {
    const std::string engine(s.engine);
    const bool take = !wanted.empty() ? wanted.count(engine) != 0
                                      : (opt.upstream || !opt.from.empty() || files.count(engine) != 0);
    if (take) chosen.push_back(&s);
  }
  const bool every_engine = chosen.size() == upstream_sources().size();

  auto database_text = badport::io::read_file(opt.database);
  if (!database_text) return fail(database_text.error().message()), 2;
  gen::database db;
  try {
    db = gen::read_database(YAML::Load(*database_text));
  } catch (const std::exception& e) {
    return fail(opt.database + ": " + e.what()), 2;
  }

  std::vector<report> reports;
  bool drift = false, errors = false;
  for (const auto* s : chosen) {
    report r;
    r.source = s;
    r.database = db.list(gen::engine_index(std::string(s->engine)));
    if (s->format) read_source(opt, files, r);
    if (r.error.empty()) compare(r);
    drift = drift || r.drift();
    errors = errors || !r.error.empty();
    reports.push_back(std::move(r));
  }

  if (opt.json) std::printf("%s\n", to_json(reports, drift, errors).dump(2).c_str());
  else print_text(reports);

  if (errors) {
    if (opt.write) fail("some lists could not be read; nothing written");
    return 2;
  }
  if (opt.write) {
    const int written = write_database(opt, *database_text, reports, every_engine);
    if (written != 0) return written;
  }
  return drift ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    fail(std::string("internal error: ") + e.what());
    return 2;
  }
}
