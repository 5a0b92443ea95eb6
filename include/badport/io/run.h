#pragma once
/// \file io/run.h
/// Running a command while watching the listening sockets of its whole process tree, to catch
/// a dev server the moment it binds a port that browsers refuse.

#include <badport/engine.h>
#include <badport/io/sockets.h>
#include <badport/result.h>
#include <badport/socket_table.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace badport::io {

/// A listener of the watched process tree on a port that an engine of the set blocks.
struct tree_listener {
  socket_entry socket;
  process_info process;  ///< the lowest pid of the tree that holds the socket
};

/// What to run and how to watch it.
struct run_options {
  std::vector<std::string> argv;                ///< the command and its arguments; argv[0] is looked up in PATH
  engine_set engines = engine_set::all();       ///< the engines whose blocked ports to report
  std::chrono::milliseconds interval{200};      ///< how often to read the socket table
  std::chrono::milliseconds grace{2000};        ///< how long leftover processes get after SIGTERM before SIGKILL
  std::function<void(const tree_listener&)> on_blocked;  ///< called once per blocked port
};

/// How the command ended.
struct run_outcome {
  int exit_code = 0;  ///< its exit status, or 128 + signal when a signal ended it; 127/126 when it could not start
  int exec_errno = 0; ///< the errno of execvp when the command could not start (ENOENT: 127, others: 126)
};

/// Runs the command with this process's stdin, stdout, stderr and environment, in this
/// process group, and waits for it. Meanwhile:
/// - every `interval`, reads the TCP listeners (netlink) and, for each new listener on a port
///   the engines block, looks for it in the fds of the process tree (found through /proc,
///   orphans included: this process becomes a child subreaper); calls `on_blocked` once per port;
/// - forwards SIGINT, SIGTERM, SIGHUP and every other signal that would end this process and
///   can be caught (SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, real-time signals, ...) to the command,
///   so that this process lives to end the command's tree (a signal the terminal sent to the
///   whole foreground group reached the command already and is not sent twice; SIGXCPU and
///   SIGXFSZ, this process's own limits, are ignored);
/// - when the command has ended, sends SIGTERM to every process left in its tree, then SIGKILL
///   after `grace`, and reaps them all.
/// While it runs, this process is a child subreaper and reaps every child that exits (its own
/// included), and those signals and SIGCHLD are blocked in the calling thread and read through a
/// signalfd: call it from a single-threaded program, or block them in every other thread. Both
/// are restored on return.
/// Fails (errc::io_error) only when the machinery itself fails (fork, signalfd).
[[nodiscard]] result<run_outcome> run_watched(const run_options& options);

}  // namespace badport::io
