// Hostile input against the real `badport` binary, one table row per input: the arguments,
// what is prepared on disk, the expected exit status and a fragment of the expected message.
// Every row also checks what must hold for any input: the process ends by itself (no hang, no
// signal), its peak memory stays bounded, stderr is whole printable lines, and a failure
// leaves stdout empty (no partial write).

#include "../io/loopback.h"
#include "run.h"
#include "../sanitizers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <fcntl.h>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using badport::test::run_badport;
using badport::test::run_options;
using badport::test::run_program;
using badport::test::run_result;
using badport::test::rss_limit_kib;


constexpr int exit_ok = 0, exit_blocked = 1, exit_error = 2;

/// A temporary folder for one case, removed afterwards (permissions restored first).
class temp_dir {
 public:
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "badport-hostile-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_directory(ec) && !it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, ec);
    }
    fs::permissions(path_, fs::perms::owner_all, ec);
    for (const char* sub : {"locked", "tree/locked"}) fs::permissions(path_ / sub, fs::perms::owner_all, ec);
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

bool is_root() { return ::geteuid() == 0; }

/// What a case prepares in its temp folder; returns a reason to skip, or "" to run.
using setup_fn = std::function<std::string(const fs::path& dir)>;

struct hostile_case {
  std::string name;                ///< test name: letters, digits, underscores
  std::vector<std::string> args;   ///< "{dir}" stands for the case's temp folder
  int exit_code = exit_error;      ///< expected exit status
  std::string err = {};            ///< a fragment stderr must contain ("" = stderr empty)
  std::string out = {};            ///< a fragment stdout must contain ("" = stdout empty)
  setup_fn setup = {};
  std::string stdin_data = {};
  bool close_stdout = false;
  std::string shell = {};          ///< when set: run `bash -c shell` with $BADPORT, instead of args
  bool as_nobody = false;          ///< under root, run badport as user nobody (setpriv), who reads
                                   ///< only what permissions allow: for the unreadable cases
};

/// The case, run as nobody when the tests run as root (see hostile_case::as_nobody).
hostile_case as_nobody(hostile_case c) {
  c.as_nobody = true;
  return c;
}

std::string replace_dir(std::string s, const fs::path& dir) {
  for (std::size_t at; (at = s.find("{dir}")) != std::string::npos;) s.replace(at, 5, dir.string());
  return s;
}

/// Whether every line of stderr is printable text: valid UTF-8, no control byte but '\n'.
bool is_printable_lines(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') continue;
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x80) continue;
    std::size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (n == 0 || c > 0xf4 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n - 1;
  }
  return s.empty() || s.back() == '\n';
}

// --- The table -------------------------------------------------------------------------

const std::string big_number = "18446744073709551616";  // 2^64
const std::string huge_number(5000, '9');

setup_fn with_compose_ok() {
  return [](const fs::path& d) {
    write_file(d / "tree/compose.yaml", "services:\n  x:\n    ports:\n      - \"6000:6000\"\n");
    return std::string();
  };
}

std::vector<hostile_case> cases() {
  std::vector<hostile_case> t;
  const auto add = [&](hostile_case c) { t.push_back(std::move(c)); };

  // Numbers past 64 bits, signs, bases, and text that only looks like a number.
  add({"check_2_pow_64", {"check", big_number}, exit_error, "port out of range \"18446744073709551616\""});
  add({"check_2_pow_128", {"check", "340282366920938463463374607431768211456"}, exit_error, "port out of range"});
  add({"check_5000_digits", {"check", huge_number}, exit_error, "port out of range \"9999"});
  add({"check_65536", {"check", "65536"}, exit_error, "ports are 0 to 65535"});
  add({"check_negative_after_dashdash", {"check", "--", "-1"}, exit_error, "negative numbers are not ports"});
  add({"check_hex", {"check", "0x1770"}, exit_error, "hexadecimal is not accepted"});
  add({"check_plus_sign", {"check", "+6000"}, exit_error, "without a sign"});
  add({"check_fullwidth_digits", {"check", "\xef\xbc\x96\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90"}, exit_error,
       "invalid port \"\xef\xbc\x96"});
  add({"check_empty_argument", {"check", ""}, exit_error, "invalid port \"\": empty"});
  add({"check_range_backwards", {"check", "6010-6000"}, exit_error, "the first port is above the last"});
  add({"check_range_past_64_bits", {"check", "1-" + big_number}, exit_error, "invalid port range"});
  add({"check_three_part_range", {"check", "1-2-3"}, exit_error, "invalid port range \"1-2-3\""});
  add({"check_bad_among_good", {"check", "6000", "80", "6000x"}, exit_error, "trailing characters"});
  // Invalid UTF-8 and terminal escapes in arguments are shown escaped, on one line.
  add({"check_invalid_utf8", {"check", "\xff\xfe\x80"}, exit_error, "invalid port \"\\xff\\xfe\\x80\""});
  add({"check_terminal_escape", {"check", "60\x1b[2J00"}, exit_error, "invalid port \"60\\x1b[2J00\""});
  add({"check_newline_in_argument", {"check", "6000\n6001"}, exit_error, "invalid port \"6000\\x0a6001\""});
  add({"check_overlong_utf8", {"check", "\xc0\xb6\xc0\xb0"}, exit_error, "invalid port \"\\xc0\\xb6"});
  add({"check_surrogate_utf8", {"check", "\xed\xa0\x80"}, exit_error, "invalid port \"\\xed\\xa0\\x80\""});
  add({"check_long_argument_message_is_bounded", {"check", std::string(100000, 'x')}, exit_error, "xxx...\""});

  // Engines.
  add({"engine_misspelt", {"check", "6000", "--engine", "chromuim"}, exit_error, "did you mean chromium?"});
  add({"engine_empty", {"check", "6000", "--engine", ""}, exit_error, "empty engine name in list"});
  add({"engine_commas_only", {"check", "6000", "--engine", ",,,"}, exit_error, "empty engine name in list"});
  add({"engine_invalid_utf8", {"check", "6000", "--engine", "chrom\xff"}, exit_error, "unknown engine \"chrom\\xff\""});
  add({"engine_100k_name", {"check", "6000", "--engine", std::string(100000, 'c')}, exit_error,
       "unknown engine \"cccc"});

  // Chromium flags and Firefox prefs.
  add({"chromium_flags_unterminated_quote", {"check", "6000", "--chromium-flags", "--x='6000"}, exit_error,
       "unterminated ' quote"});
  add({"chromium_flags_huge_port", {"check", "6000", "--chromium-flags", "--explicitly-allowed-ports=" + big_number},
       exit_blocked, "", "6000"});
  add({"firefox_prefs_missing", {"check", "6000", "--firefox-prefs", "{dir}/missing.js"}, exit_error,
       "No such file or directory"});
  add({"firefox_prefs_directory", {"check", "6000", "--firefox-prefs", "{dir}"}, exit_error, "is a directory"});
  add({"firefox_prefs_dev_zero", {"check", "6000", "--firefox-prefs", "/dev/zero"}, exit_error, "not a regular file"});
  add({"firefox_prefs_dev_zero_symlink", {"check", "6000", "--firefox-prefs", "{dir}/zero.js"}, exit_error,
       "not a regular file",
       "", [](const fs::path& d) {
         fs::create_symlink("/dev/zero", d / "zero.js");
         return std::string();
       }});
  add({"firefox_prefs_fifo", {"check", "6000", "--firefox-prefs", "{dir}/fifo.js"}, exit_error, "not a regular file",
       "", [](const fs::path& d) {
         return ::mkfifo((d / "fifo.js").c_str(), 0600) == 0 ? std::string() : std::string("mkfifo failed");
       }});
  add({"firefox_prefs_symlink_loop", {"check", "6000", "--firefox-prefs", "{dir}/a.js"}, exit_error,
       "Too many levels of symbolic links", "", [](const fs::path& d) {
         fs::create_symlink(d / "b.js", d / "a.js");
         fs::create_symlink(d / "a.js", d / "b.js");
         return std::string();
       }});
  add(as_nobody({"firefox_prefs_unreadable", {"check", "6000", "--firefox-prefs", "{dir}/locked/user.js"}, exit_error,
       "Permission denied", "", [](const fs::path& d) {
         write_file(d / "locked/user.js", "user_pref(\"network.security.ports.banned\", \"6000\");\n");
         fs::permissions(d / "locked", fs::perms::none);
         return std::string();
       }}));
  add({"firefox_prefs_too_large", {"check", "6000", "--firefox-prefs", "{dir}/big.js"}, exit_error, "larger than",
       "", [](const fs::path& d) {
         std::ofstream f(d / "big.js", std::ios::binary);
         const std::string line = "// " + std::string(1020, '-') + "\n";
         for (int i = 0; i < 17 * 1024; ++i) f << line;
         return std::string();
       }});
  add({"firefox_prefs_nul_bytes_unterminated", {"check", "6000", "--firefox-prefs", "{dir}/nul.js"}, exit_error,
       "unterminated string on line 2", "", [](const fs::path& d) {
         write_file(d / "nul.js", std::string("\0\0\0\n user_pref(\"network.security.ports.banned\", \"60\0", 52));
         return std::string();
       }});
  add({"firefox_prefs_invalid_utf8_still_read", {"check", "6000", "-e", "firefox", "--firefox-prefs", "{dir}/user.js"}, exit_ok,
       "", "6000", [](const fs::path& d) {
         write_file(d / "user.js",
                    "// \xff\xfe caf\xc3\n"
                    "user_pref(\"network.security.ports.banned.override\", \"6000\xff\");\n"
                    "user_pref(\"network.security.ports.banned.override\", \"6000\");\n");
         return std::string();
       }});

  // list and diff.
  add({"list_date_month_13", {"list", "--at", "2020-13-01"}, exit_error, "invalid date"});
  add({"list_date_past_64_bits", {"list", "--at", big_number + "-01-01"}, exit_error, "invalid date"});
  add({"list_date_spaces", {"list", "--at", " 2020-01-01 "}, exit_error, "invalid date \" 2020-01-01 \""});
  add({"list_date_invalid_utf8", {"list", "--at", "2020-01-01\xff"}, exit_error, "invalid date \"2020-01-01\\xff\""});
  add({"list_engine_unknown", {"list", "--engine", "netscape"}, exit_error, "unknown engine \"netscape\""});
  add({"diff_unknown_engine", {"diff", "chromium", "mosaic"}, exit_error, "unknown engine \"mosaic\""});
  add({"diff_empty_engine", {"diff", "", "firefox"}, exit_error, "unknown engine"});
  add({"diff_missing_argument", {"diff", "chromium"}, exit_error, "badport diff: missing RIGHT"});

  // pick, sockets, run.
  add({"pick_count_zero", {"pick", "--count", "0"}, exit_error, "--count needs a number in 1..65535"});
  add({"pick_count_past_64_bits", {"pick", "--count", big_number}, exit_error, "--count needs a number"});
  add({"pick_count_negative", {"pick", "--count=-5"}, exit_error, "--count needs a number"});
  add({"pick_near_out_of_range", {"pick", "--near", "70000"}, exit_error, "port out of range \"70000\""});
  add({"pick_range_backwards", {"pick", "--range", "10-5"}, exit_error, "the first port is above the last"});
  add({"pick_host_not_an_address", {"pick", "--host", "999.1.1.1"}, exit_error, "999.1.1.1"});
  add({"sockets_engine_unknown", {"sockets", "--engine", "lynx"}, exit_error, "unknown engine \"lynx\""});
  add({"sockets_engine_trailing_comma", {"sockets", "--engine", "chrome,"}, exit_error, "empty engine name in list"});
  add({"sockets_unexpected_argument", {"sockets", "6000"}, exit_error, "unexpected argument \"6000\""});
  add({"run_without_command", {"run"}, exit_error, "missing command"});
  add({"run_interval_too_small", {"run", "--interval", "1", "--", "true"}, exit_error, "--interval needs 10..60000"});
  add({"run_interval_past_64_bits", {"run", "--interval", big_number, "--", "true"}, exit_error, "--interval"});
  add({"run_missing_program", {"run", "--", "{dir}/no-such-program"}, 127, "No such file or directory"});

  // serve and probe: arguments only (the servers themselves: scripts/load-test).
  add({"serve_port_out_of_range", {"serve", "70000"}, exit_error, "port out of range \"70000\""});
  add({"serve_too_many_ports", {"serve", "1-5000"}, exit_error, "serve takes at most 1024"});
  add({"serve_bind_not_an_address", {"serve", "0", "--bind", "999.0.0.1"}, exit_error, "999.0.0.1"});
  add({"serve_duration_negative", {"serve", "0", "--duration", "-1"}, exit_error, "--duration"});
  add({"serve_duration_nan", {"serve", "0", "--duration", "nan"}, exit_error, "--duration needs 0 to"});
  add({"serve_duration_inf", {"serve", "0", "--duration", "inf"}, exit_error, "--duration"});
  add({"serve_duration_past_double", {"serve", "0", "--duration", "1e999"}, exit_error, "--duration"});
  add({"probe_without_browser", {"probe"}, exit_error, "probe needs --browser"});
  add({"probe_unknown_browser", {"probe", "--browser", "netscape"}, exit_error, "unknown browser"});
  add({"probe_browser_not_executable", {"probe", "--browser", "{dir}/browser"}, exit_error, "not an executable file",
       "", [](const fs::path& d) {
         write_file(d / "browser", "#!/bin/sh\n");
         return std::string();
       }});
  add({"probe_port_zero", {"probe", "--browser", "chromium", "--ports", "0-10"}, exit_error, "port 0 is always probed"});
  add({"probe_ports_past_64_bits", {"probe", "--browser", "chromium", "--ports", "1-" + big_number}, exit_error,
       "invalid port range"});
  add({"probe_chain_past_redirect_limit", {"probe", "--browser", "chromium", "--chain", "21"}, exit_error,
       "invalid value \"21\" for --chain: expected a number from 1 to 20"});
  add({"probe_chain_zero", {"probe", "--browser", "chromium", "--chain", "0"}, exit_error, "invalid value \"0\" for --chain"});
  add({"probe_open_duration_nan", {"probe", "--open", "--duration", "nan"}, exit_error, "--duration needs 0 to"});

  // fetch: bad arguments (refused before any connection: hostile_fetch.blocked_port_not_connected).
  add({"fetch_port_past_64_bits", {"fetch", "http://127.0.0.1:" + big_number + "/"}, exit_error, "invalid URL"});
  add({"fetch_unsupported_scheme", {"fetch", "gopher://127.0.0.1:70/"}, exit_error, "only http and https URLs"});
  add({"fetch_invalid_utf8_url", {"fetch", "http://\xff\xfe/"}, exit_error, "invalid URL"});
  add({"fetch_header_with_newline", {"fetch", "-H", "X-A: a\r\nX-B: b", "http://127.0.0.1:1/"}, exit_error,
       "line break in a header"});
  add({"fetch_max_time_nan", {"fetch", "-m", "nan", "http://127.0.0.1:1/"}, exit_error, "timeouts need 0 to 86400"});
  add({"fetch_redirects_past_64_bits", {"fetch", "--max-redirs", big_number, "http://127.0.0.1:1/"}, exit_error,
       "--max-redirs"});

  // The command line itself.
  add({"unknown_command_suggestion", {"chek", "6000"}, exit_error, "did you mean check?"});
  add({"unknown_command_escape", {"\x1b]0;pwned\x07"}, exit_error, "unknown command \"\\x1b]0;pwned\\x07\""});
  add({"unknown_option_escape", {"check", "--\x1b[31mred", "6000"}, exit_error, "\\x1b[31mred"});
  add({"color_unknown", {"--color", "rainbow", "list"}, exit_error, "rainbow"});
  add({"no_command", {"--color", "never"}, exit_error, "no command given"});

  // scan: hostile trees and files. Each tree also holds a Compose file publishing 6000, which
  // must still be found (exit 1) when the hostile entry is only skipped.
  const auto with_compose = [](const fs::path& d) {
    write_file(d / "tree/compose.yaml", "services:\n  x:\n    ports:\n      - \"6000:6000\"\n");
  };
  add({"scan_missing_path", {"scan", "{dir}/missing"}, exit_error, "cannot read: No such file or directory"});
  add({"scan_fifo_and_dev_zero_in_tree", {"scan", "{dir}/tree"}, exit_blocked, "", "6000", [=](const fs::path& d) {
         with_compose(d);
         fs::create_symlink("/dev/zero", d / "tree/zero.env");
         return ::mkfifo((d / "tree/pipe.env").c_str(), 0600) == 0 ? std::string() : std::string("mkfifo failed");
       }});
  add({"scan_fifo_and_dev_zero_followed", {"scan", "-L", "{dir}/tree"}, exit_blocked, "", "6000",
       [=](const fs::path& d) {
         with_compose(d);
         fs::create_symlink("/dev/zero", d / "tree/zero.env");
         fs::create_symlink("/dev/zero", d / "tree/Dockerfile");
         return ::mkfifo((d / "tree/.env").c_str(), 0600) == 0 ? std::string() : std::string("mkfifo failed");
       }});
  add({"scan_fifo_as_root_argument", {"scan", "{dir}/tree/pipe.env"}, exit_ok, "not a regular file or folder", "",
       [](const fs::path& d) {
         fs::create_directories(d / "tree");
         return ::mkfifo((d / "tree/pipe.env").c_str(), 0600) == 0 ? std::string() : std::string("mkfifo failed");
       }});
  add({"scan_dev_zero_argument", {"scan", "/dev/zero"}, exit_ok, "not a regular file or folder"});
  add({"scan_symlink_loop_followed", {"scan", "-L", "{dir}/tree"}, exit_blocked, "symbolic link loop", "6000",
       [=](const fs::path& d) {
         with_compose(d);
         fs::create_directory_symlink(d / "tree", d / "tree/again");
         return std::string();
       }});
  add({"scan_self_symlink_followed", {"scan", "-L", "{dir}/tree"}, exit_blocked, "symbolic link", "6000", [=](const fs::path& d) {
         with_compose(d);
         fs::create_symlink(d / "tree/self", d / "tree/self");
         return std::string();
       }});
  add(as_nobody({"scan_unreadable_folder", {"scan", "{dir}/tree"}, exit_error, "cannot read folder: Permission denied",
                 "6000", [=](const fs::path& d) {
                   with_compose(d);
                   write_file(d / "tree/locked/.env", "PORT=6000\n");
                   fs::permissions(d / "tree/locked", fs::perms::none);
                   return std::string();
                 }}));
  add({"scan_yaml_100000_deep_flow", {"scan", "{dir}/compose.yaml"}, exit_error, "nested deeper than", "",
       [](const fs::path& d) {
         write_file(d / "compose.yaml", "services: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
         return std::string();
       }});
  add({"scan_yaml_100000_deep_block", {"scan", "{dir}/compose.yaml"}, exit_error, "YAML nested deeper than", "",
       [](const fs::path& d) {
         std::string y;
         for (int i = 0; i < 100000; ++i) y += "- ";
         write_file(d / "compose.yaml", y + "x\n");
         return std::string();
       }});
  add({"scan_yaml_deep_after_stray_quote", {"scan", "{dir}/compose.yaml"}, exit_error, "compose.yaml", "",
       [](const fs::path& d) {
         write_file(d / "compose.yaml",
                    "x: a\"b\nservices: " + std::string(100000, '[') + std::string(100000, ']') + "\n");
         return std::string();
       }});
  // Eleven levels of ten aliases: 10^12 nodes if expanded; the walk stops at max_yaml_nodes.
  add({"scan_yaml_alias_bomb", {"scan", "{dir}/k8s.yaml"}, exit_error, "more than 200000 nodes (aliases?)", "6000",
       [](const fs::path& d) {
         std::string y = "a0: &a0 [";
         for (int k = 0; k < 10; ++k) y += (k ? ", " : "") + std::string("{nodePort: 6000}");
         y += "]\n";
         for (int i = 1; i < 12; ++i) {
           const std::string p = "*a" + std::to_string(i - 1);
           y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
           for (int k = 0; k < 10; ++k) y += (k ? ", " : "") + p;
           y += "]\n";
         }
         write_file(d / "k8s.yaml", y + "kind: Service\nspec:\n  ports: *a11\n");
         return std::string();
       }});
  // Compose reads only the items of `ports`, so nested aliases expand to nothing.
  add({"scan_compose_alias_bomb", {"scan", "{dir}/compose.yaml"}, exit_ok, "", "",
       [](const fs::path& d) {
         std::string y = "x-a0: &a0 [\"6000:6000\", \"6000:6000\", \"6000:6000\", \"6000:6000\"]\n";
         for (int i = 1; i < 16; ++i) {
           const std::string p = "*a" + std::to_string(i - 1);
           y += "x-a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + p + ", " + p + ", " + p + ", " + p + "]\n";
         }
         y += "services:\n  web:\n    ports: *a15\n";
         write_file(d / "compose.yaml", y);
         return std::string();
       }});
  // yaml-cpp 0.7 loops forever on these; badport refuses them first.
  add({"scan_yaml_leading_comma", {"scan", "{dir}/compose.yaml"}, exit_error, "',' outside a flow collection", "",
       [](const fs::path& d) {
         write_file(d / "compose.yaml", "# compose\n,\n");
         return std::string();
       }});
  add({"scan_yaml_nul_byte", {"scan", "{dir}/compose.yaml"}, exit_error, "NUL byte; YAML not read", "",
       [](const fs::path& d) {
         // Past the first 8 KiB, so that the walker does not take the file for binary.
         write_file(d / "compose.yaml", "#" + std::string(9000, '-') + "\n" + std::string("a: 1\nb: \0\n", 10));
         return std::string();
       }});
  add({"scan_json_100000_deep", {"scan", "{dir}/package.json"}, exit_error, "JSON nested deeper than", "",
       [](const fs::path& d) {
         write_file(d / "package.json", "{\"scripts\": " + std::string(100000, '[') + std::string(100000, ']') + "}");
         return std::string();
       }});
  // A NUL byte in the first 8 KiB marks a binary file, which is skipped as ripgrep does.
  add({"scan_nul_bytes_binary_skipped", {"scan", "{dir}/.env"}, exit_ok, "", "", [](const fs::path& d) {
         write_file(d / ".env", std::string("A=\0\0\xff\xfe\nPORT=6000\nB=\xc0\x80\n", 22));
         return std::string();
       }});
  add({"scan_invalid_utf8_still_read", {"scan", "{dir}/.env"}, exit_blocked, "", "6000", [](const fs::path& d) {
         write_file(d / ".env", "A=\xff\xfe\xc0\x80\nPORT=6000\n");
         return std::string();
       }});
  add({"scan_json_invalid_utf8_file_name", {"scan", "--json", "{dir}/tree"}, exit_blocked, "", "6000",
       [](const fs::path& d) {
         write_file(d / "tree/\xff\xfe.env", "PORT=6000\n");
         return std::string();
       }});
  add({"scan_sarif_invalid_utf8_file_name", {"scan", "--format", "sarif", "{dir}/tree"}, exit_blocked, "", "6000",
       [](const fs::path& d) {
         write_file(d / "tree/\xff\xfe.env", "PORT=6000\n");
         return std::string();
       }});
  add({"scan_note_escapes_file_name", {"scan", "-L", "{dir}/tree"}, exit_ok, "\\x1b[2J", "", [](const fs::path& d) {
         fs::create_directories(d / "tree");
         fs::create_symlink(d / "missing", d / "tree/\x1b[2J.env");
         return std::string();
       }});
  add({"check_url_invalid_utf8_json", {"check", "--json", "http://h:6000/\xff"}, exit_blocked, "", "\"blocked\": true"});
  add({"check_stdin_invalid_utf8_json", {"check", "--stdin", "--json"}, exit_error, "invalid UTF-8", "6000", {},
       "http://h:6000/\xff\n6000\n"});
  add({"scan_escape_in_file_name", {"scan", "{dir}/tree"}, exit_blocked, "", "6000", [=](const fs::path& d) {
         with_compose(d);
         write_file(d / "tree/\x1b[2Jx.env", "PORT=6000\n");
         return std::string();
       }});
  add({"scan_max_size_past_64_bits", {"scan", "--max-size", big_number, "{dir}"}, exit_error, "size too large"});
  add({"scan_format_unknown", {"scan", "--format", "xml", "{dir}"}, exit_error, "xml"});
  add({"closed_stdout_scan", {"scan", "{dir}/tree"}, exit_error, "cannot write output", "", with_compose_ok(), "", true});

  // Closed stdout and broken pipes: a clear message for a closed stdout, quiet for a pipe.
  add({"closed_stdout_check", {"check", "6000"}, exit_error, "cannot write output", "", {}, "", true});
  add({"closed_stdout_list", {"list"}, exit_error, "cannot write output", "", {}, "", true});
  add({"closed_stdout_json", {"check", "1-1000", "--json"}, exit_error, "cannot write output", "", {}, "", true});
  add({"sigpipe_list_head", {}, exit_ok, "", "status=0", {}, "", false,
       "\"$BADPORT\" list | head -c 10 >/dev/null; echo \"status=${PIPESTATUS[0]}\""});
  add({"sigpipe_check_range_head", {}, exit_ok, "", "status=0", {}, "", false,
       "\"$BADPORT\" check 1-65535 | head -n 1 >/dev/null; echo \"status=${PIPESTATUS[0]}\""});
  add({"sigpipe_default_disposition", {}, exit_ok, "", "status=0", {}, "", false,
       "trap - PIPE; \"$BADPORT\" check 1-3000 --json | head -c 1 >/dev/null; echo \"status=${PIPESTATUS[0]}\""});
  return t;
}

class hostile : public ::testing::TestWithParam<hostile_case> {};

TEST_P(hostile, ends_with_the_expected_message) {
  const hostile_case& c = GetParam();
  temp_dir dir;
  if (c.setup) {
    const std::string skip = c.setup(dir.path());
    if (!skip.empty()) GTEST_SKIP() << skip;
  }
  run_options opt;
  opt.stdin_data = c.stdin_data;
  opt.close_stdout = c.close_stdout;
  opt.timeout = std::chrono::seconds(30);
  run_result r;
  if (!c.shell.empty()) {
    opt.env.push_back(std::string("BADPORT=") + BADPORT_EXE);
    r = run_program({"bash", "-c", c.shell}, opt);
  } else {
    std::vector<std::string> args;
    for (const auto& a : c.args) args.push_back(replace_dir(a, dir.path()));
    if (c.as_nobody && is_root()) {
      // Root reads every file whatever its mode: badport runs as nobody instead (setpriv, from
      // util-linux), who may enter the case's folder but not what the case locked.
      fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
      args.insert(args.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", BADPORT_EXE});
      r = run_program(args, opt);
      ASSERT_NE(r.exit_code, 127) << "setpriv could not run badport as nobody: " << r.err;
    } else {
      r = run_badport(args, opt);
    }
  }
  const std::string err = replace_dir(c.err, dir.path());
  EXPECT_NE(r.exit_code, 128 + SIGKILL) << "did not end within the timeout";
  EXPECT_EQ(r.exit_code, c.exit_code) << "stderr: " << r.err;
  if (err.empty()) EXPECT_EQ(r.err, "");
  else EXPECT_NE(r.err.find(err), std::string::npos) << "expected \"" << err << "\" in stderr:\n" << r.err;
  EXPECT_TRUE(is_printable_lines(r.err)) << "stderr is not whole printable lines:\n" << r.err;
  if (!c.shell.empty() || c.exit_code == exit_error) {
    // One line of message, at most a hint after it.
    EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
  }
  if (c.out.empty()) EXPECT_EQ(r.out, "") << "partial output on failure";
  else EXPECT_NE(r.out.find(c.out), std::string::npos) << r.out;
  EXPECT_LT(r.max_rss_kib, rss_limit_kib);
}

INSTANTIATE_TEST_SUITE_P(table, hostile, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<hostile_case>& p) { return p.param.name; });

/// Runs `badport args...` with `total` bytes of `fill` then `tail` streamed to its stdin from a
/// small buffer (the test holds no copy of the input), and records its peak memory.
run_result run_streaming_stdin(const std::vector<std::string>& args, std::uint64_t total, char fill,
                               const std::string& tail, std::chrono::seconds timeout) {
  const std::string chunk(std::size_t{1} << 20, fill);
  std::uint64_t sent = 0;
  bool tail_sent = false;
  run_options opt;
  opt.timeout = timeout;
  opt.stdin_source = [&]() -> std::string_view {
    if (sent < total) {
      const auto len = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), total - sent));
      sent += len;
      return std::string_view(chunk).substr(0, len);
    }
    if (tail_sent) return {};
    tail_sent = true;
    return tail;
  };
  return run_badport(args, opt);
}

// A single line of 1 GiB on stdin: reported as too long, skipped in constant memory, and the
// lines after it are still checked.
TEST(hostile_stream, one_gib_line_on_stdin) {
  const std::uint64_t gib = std::uint64_t{1} << 30;
  const run_result r = run_streaming_stdin({"check", "-"}, gib, '6', "\n6000\n80\n", std::chrono::seconds(600));
  EXPECT_NE(r.exit_code, 128 + SIGKILL) << "did not end within the timeout";
  EXPECT_EQ(r.exit_code, exit_error) << r.err;
  EXPECT_NE(r.err.find("<stdin>:1: line too long"), std::string::npos) << r.err;
  EXPECT_TRUE(is_printable_lines(r.err)) << r.err;
  EXPECT_NE(r.out.find("6000"), std::string::npos) << "the lines after the long one were not checked:\n" << r.out;
  EXPECT_LT(r.max_rss_kib, rss_limit_kib);
}

// The same line with no newline at all, then end of input.
TEST(hostile_stream, one_gib_without_newline) {
  const run_result r = run_streaming_stdin({"check", "--stdin", "--count"}, std::uint64_t{1} << 30, 'x', "",
                                           std::chrono::seconds(600));
  EXPECT_NE(r.exit_code, 128 + SIGKILL) << "did not end within the timeout";
  EXPECT_EQ(r.exit_code, exit_error) << r.err;
  EXPECT_NE(r.err.find("line too long"), std::string::npos) << r.err;
  EXPECT_LT(r.max_rss_kib, rss_limit_kib);
}

// NUL bytes inside stdin lines: each bad line is reported, the good ones are checked.
TEST(hostile_stream, nul_bytes_and_invalid_utf8_lines) {
  run_options opt;
  opt.stdin_data = std::string("60\0" "00\n\xff\xfe\n6000\nhttp://h\0:6000/\n", 30);
  const run_result r = run_badport({"check", "-"}, opt);
  EXPECT_EQ(r.exit_code, exit_error) << r.err;
  EXPECT_NE(r.err.find("<stdin>:2: invalid UTF-8: line skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 invalid, 1 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("invalid\t-\t60"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("blocked\t6000"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("domain invalid code point"), std::string::npos) << r.out;
  EXPECT_TRUE(is_printable_lines(r.err)) << r.err;
}

// The table reaches every command: each subcommand that `badport --help` lists has hostile
// rows of its own, so a new command cannot go untested by this suite unnoticed.
TEST(hostile_table, every_command_has_rows) {
  const auto help = run_badport({"--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  std::vector<std::string> commands;
  std::istringstream lines(help.out.substr(help.out.find("Subcommands:")));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line) && line.starts_with("  ")) {
    std::istringstream words(line);
    std::string command;
    words >> command;
    commands.push_back(command);
  }
  ASSERT_GE(commands.size(), 10u) << help.out;
  std::map<std::string, int> rows;
  for (const auto& c : cases()) {
    if (!c.args.empty()) ++rows[c.args.front()];
  }
  for (const auto& command : commands)
    EXPECT_GE(rows[command], 2) << "badport " << command << " has fewer than two hostile rows";
}

// Each row says what it expects: names are unique (a duplicate would hide a row), and a row
// expecting an error names a fragment of its message.
TEST(hostile_table, rows_are_unique_and_specific) {
  std::set<std::string> names;
  for (const auto& c : cases()) {
    EXPECT_TRUE(names.insert(c.name).second) << "two rows are named " << c.name;
    if (c.exit_code == exit_error) {
      EXPECT_FALSE(c.err.empty()) << c.name << " expects an error but no message";
    }
    EXPECT_FALSE(!c.args.empty() && !c.shell.empty()) << c.name << ": arguments or a shell line, not both";
  }
}

/// How many connections wait on a listener that never accepted: each is accepted and closed.
int count_connections(const badport::test::listener& l) {
  ::fcntl(l.fd(), F_SETFL, ::fcntl(l.fd(), F_GETFL) | O_NONBLOCK);
  int n = 0;
  for (int fd; (fd = ::accept4(l.fd(), nullptr, nullptr, SOCK_CLOEXEC)) >= 0; ++n) ::close(fd);
  return n;
}

// `fetch --as chromium` to a port Chromium blocks is refused before any connection: a real
// listener on such a port counts none. The same URL as Bun, which blocks nothing, connects:
// the count is not zero for want of a listener.
TEST(hostile_fetch, blocked_port_not_connected) {
  auto l = badport::test::listen_on_blocked_port("127.0.0.1", badport::engine_set{badport::engine::chromium});
  ASSERT_TRUE(l) << "no port Chromium blocks is free";
  const std::string port = std::to_string(l->port());
  const std::string url = "http://127.0.0.1:" + port + "/";
  run_options opt;
  opt.timeout = std::chrono::seconds(30);
  const auto r = run_badport({"fetch", "--as", "chromium", url}, opt);
  EXPECT_EQ(r.exit_code, exit_blocked) << r.err;
  EXPECT_NE(r.out.find(port), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(count_connections(*l), 0) << "badport connected to a port Chromium refuses";

  const auto bun = run_badport({"fetch", "--as", "bun", "-m", "1", url}, opt);
  EXPECT_NE(bun.exit_code, 128 + SIGKILL) << "did not end within the timeout";
  EXPECT_GE(count_connections(*l), 1) << "as Bun, the request should have reached the listener: " << bun.out << bun.err;
}

}  // namespace
