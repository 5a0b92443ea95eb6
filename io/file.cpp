#include <badport/io/file.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace badport::io {

result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK so that opening a FIFO never waits for a writer; regular files ignore it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return fail(errc::io_error, path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return fail(errc::io_error, path, std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return fail(errc::io_error, path, "is a directory");
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(errc::io_error, path, "not a regular file");
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return fail(errc::io_error, path, "larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::string data;
  data.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (true) {
    if (got == data.size()) data.resize(std::min(max_bytes + 1, data.size() * 2 + 4096));
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return fail(errc::io_error, path, std::strerror(err));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
    if (got > max_bytes) {
      ::close(fd);
      return fail(errc::io_error, path, "larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  ::close(fd);
  data.resize(got);
  return data;
}

}  // namespace badport::io
