#include "app.h"

#include <badport/text.h>

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

void print_error(std::string_view message) {
  const std::string line = "badport: " + printable_line(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void print_warning(std::string_view message) {
  const std::string line = "badport: warning: " + printable_line(message) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace badport::cli
