#pragma once
// Runs the real badport binary with arguments and standard input, and captures its output.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::test {

struct run_result {
  int exit_code = -1;    ///< the exit status, or 128 + signal when killed
  std::string out;       ///< standard output
  std::string err;       ///< standard error
  long max_rss_kib = 0;  ///< the child's peak resident set size (wait4), in KiB
};

struct run_options {
  std::string stdin_data;
  /// When set, stdin is streamed from it instead of stdin_data: each call returns the next
  /// bytes to send (valid until the next call), an empty view at the end.
  std::function<std::string_view()> stdin_source;
  std::vector<std::string> env;  ///< extra NAME=VALUE pairs
  std::chrono::seconds timeout{60};
  bool close_stdout = false;     ///< start the child with stdout closed
};

/// Runs `badport args...` (BADPORT_EXE); kills it after the timeout (exit_code = 128 + SIGKILL).
run_result run_badport(const std::vector<std::string>& args, const run_options& opt = {});

/// Runs any program (argv[0] looked up in PATH).
run_result run_program(const std::vector<std::string>& argv, const run_options& opt = {});

/// Whether BADPORT_UPDATE_GOLDEN=1 is set: golden files are being rewritten.
bool updating_goldens();

/// Reads a golden file (tests/cli/golden/NAME). With BADPORT_UPDATE_GOLDEN=1 it writes `actual`
/// there instead and returns a text that matches no output, so the run still fails: review the
/// diff of the files, then rerun without the variable.
std::string golden(const std::string& name, const std::string& actual);

}  // namespace badport::test
