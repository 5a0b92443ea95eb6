#include "app.h"

#include <cerrno>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace badport::cli {

void output::write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= 1u << 16) flush();
}

void output::flush() {
  std::size_t done = 0;
  while (done < buffer_.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      buffer_.clear();
      if (err == EPIPE) throw broken_pipe{};
      throw write_error{err};
    }
    done += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

namespace {

// Length of the valid UTF-8 sequence of two to four bytes at the start of s, or 0.
std::size_t utf8_sequence_length(std::string_view s) noexcept {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  const std::size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i)
    if ((b(i) & 0xc0) != 0x80) return 0;
  if ((c == 0xe0 && b(1) < 0xa0) || (c == 0xed && b(1) > 0x9f) || (c == 0xf0 && b(1) < 0x90) ||
      (c == 0xf4 && b(1) > 0x8f))
    return 0;
  return n;
}

// A message always prints as one line of text: arguments echoed by the argument parser (an
// unknown option, an unknown command) may hold control bytes or invalid UTF-8, which are shown
// as \xNN instead of reaching the terminal.
std::string printable(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (std::size_t i = 0; i < message.size(); ++i) {
    const auto c = static_cast<unsigned char>(message[i]);
    const std::size_t seq = c >= 0x80 ? utf8_sequence_length(message.substr(i)) : 0;
    if (seq > 0) {
      out.append(message.substr(i, seq));
      i += seq - 1;
    } else if (c < 0x20 || c == 0x7f || c >= 0x80) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

void print_error(std::string_view message) {
  const std::string line = "badport: " + printable(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void print_warning(std::string_view message) {
  const std::string line = "badport: warning: " + printable(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace badport::cli
