#pragma once
/// \file exit_status.h
/// The exit statuses of the `badport` command, shared by every subcommand.

namespace badport {

/// 0: nothing blocked (or clean); 1: something is blocked under the chosen engines;
/// 2: an error (bad input, unreadable file, failed operation).
enum class exit_status : int {
  ok = 0,
  blocked = 1,
  error = 2,
};

/// The process exit code for a status.
[[nodiscard]] constexpr int to_int(exit_status s) noexcept { return static_cast<int>(s); }

/// The worse of two statuses: error beats blocked beats ok.
[[nodiscard]] constexpr exit_status worst(exit_status a, exit_status b) noexcept {
  return to_int(a) >= to_int(b) ? a : b;
}

}  // namespace badport
