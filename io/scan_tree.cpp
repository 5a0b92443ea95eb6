#include <badport/io/scan_tree.h>

#include <badport/text.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <exception>
#include <new>
#include <thread>
#include <unistd.h>

namespace badport::io {

namespace {

enum class read_status { ok, binary, not_regular, too_large, failed };

// Reads up to `want` more bytes into buf[got...]; false on a read error (errno set).
bool read_more(int fd, std::string& buf, std::size_t& got, std::size_t want) {
  while (want > 0) {
    const ssize_t n = ::read(fd, buf.data() + got, want);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
    want -= static_cast<std::size_t>(n);
  }
  return true;
}

struct fd_closer {
  int fd;
  ~fd_closer() { ::close(fd); }
};

// Reads a regular file into `buf` (reused between files). O_NONBLOCK so that a FIFO put in
// place of a file never blocks the open; fstat decides before any read. The first 8 KiB are
// read first: a file with a NUL byte there is binary (as git and ripgrep decide) and is not
// read further, so a huge sparse file costs one small read. Allocating for a file that does
// not fit in memory throws std::bad_alloc, which the caller turns into a problem of the file.
read_status read_into(const std::string& path, std::uint64_t max, std::string& buf, std::string& why,
                      std::uint64_t& size, bool follow) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    why = std::strerror(errno);
    return read_status::failed;
  }
  const fd_closer closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
    return read_status::failed;
  }
  if (!S_ISREG(st.st_mode)) return read_status::not_regular;
  size = static_cast<std::uint64_t>(st.st_size);
  if (size > max) return read_status::too_large;
  constexpr std::size_t head = 8192;
  const auto whole = static_cast<std::size_t>(size) + 1;  // +1: see a file that grew
  buf.resize(std::min(whole, head));
  std::size_t got = 0;
  if (!read_more(fd, buf, got, buf.size())) {
    why = std::strerror(errno);
    return read_status::failed;
  }
  if (std::memchr(buf.data(), 0, std::min(got, head)) != nullptr) return read_status::binary;
  if (got == buf.size() && whole > head) {
    buf.resize(whole);
    if (!read_more(fd, buf, got, whole - got)) {
      why = std::strerror(errno);
      return read_status::failed;
    }
  }
  buf.resize(std::min<std::size_t>(got, static_cast<std::size_t>(max)));
  return read_status::ok;
}

struct job {
  std::size_t index;
  std::string path;
  bool follow;
};

}  // namespace

tree_scan scan_tree(const std::vector<std::string>& roots, const tree_scan_options& opt) {
  tree_scan result;
  std::mutex mu;
  std::condition_variable ready;
  std::deque<job> queue;
  bool done = false;
  std::vector<std::pair<std::size_t, scanned_file>> found;
  std::vector<std::pair<std::size_t, walk_notice>> notices;
  std::atomic<std::size_t> files_read{0}, binary{0};
  std::set<std::uint16_t> ports_used;
  std::size_t next_index = 0;

  // Scans one file; returns whether it has anything to report.
  const auto scan_one = [&](const job& j, std::string& buf, std::string& env, scanned_file& out) -> bool {
    std::string why;
    std::uint64_t size = 0;
    const auto st = read_into(j.path, opt.walk.max_file_size, buf, why, size, j.follow);
    if (st == read_status::binary) {
      ++binary;
      return false;
    }
    if (st != read_status::ok) {
      if (st == read_status::not_regular) return false;
      walk_notice n{j.path,
                    st == read_status::too_large
                        ? "skipped: " + std::to_string(size) + " bytes is over the size limit of " +
                              std::to_string(opt.walk.max_file_size) + " (--max-size)"
                        : "cannot read: " + why,
                    st == read_status::failed};
      std::lock_guard lock(mu);
      notices.emplace_back(j.index, std::move(n));
      return false;
    }
    ++files_read;
    scan_input in;
    in.path = j.path;
    in.content = buf;
    in.engines = opt.engines;
    in.all_ports = opt.keep_content;
    std::string env_path;
    if (detect_format(j.path) == scan_format::compose) {
      const auto slash = j.path.rfind('/');
      env_path = (slash == std::string::npos ? std::string() : j.path.substr(0, slash + 1)) + ".env";
      std::string env_why;
      std::uint64_t env_size = 0;
      if (read_into(env_path, opt.walk.max_file_size, env, env_why, env_size, true) == read_status::ok)
        in.dotenv = env;
      else
        env.clear();
    }
    out.report = scan_file(in);
    if (opt.keep_content && !out.report.ports_used.empty()) {
      std::lock_guard lock(mu);
      ports_used.insert(out.report.ports_used.begin(), out.report.ports_used.end());
    }
    if (out.report.findings.empty() && out.report.problems.empty()) return false;
    if (opt.keep_content && !out.report.findings.empty()) {
      out.content = buf;
      const bool from_env = std::any_of(out.report.findings.begin(), out.report.findings.end(),
                                        [](const scan_finding& f) { return f.dotenv_length > 0; });
      if (from_env) {
        out.dotenv_path = env_path;
        out.dotenv = env;
      }
    }
    return true;
  };

  const auto worker = [&] {
    std::string buf;
    std::string env;
    std::vector<job> batch;
    while (true) {
      batch.clear();
      {
        std::unique_lock lock(mu);
        ready.wait(lock, [&] { return done || !queue.empty(); });
        if (queue.empty()) return;
        const std::size_t take = std::min<std::size_t>(queue.size(), 32);
        for (std::size_t i = 0; i < take; ++i) {
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
      }
      for (auto& j : batch) {
        // No exception may leave a worker thread (std::terminate would end the whole scan and
        // lose every other file's findings): a file that does not fit in memory, or a scanner
        // that throws, costs that file, reported as its problem.
        scanned_file f;
        bool report = false;
        try {
          report = scan_one(j, buf, env, f);
        } catch (const std::bad_alloc&) {
          f = scanned_file{};
          f.report.problems.push_back({0, 0, "not enough memory to scan this file"});
          report = true;
        } catch (const std::exception& e) {
          f = scanned_file{};
          f.report.problems.push_back(
              {0, 0, printable_line(std::string("internal error while scanning: ") + e.what(), {.max_bytes = 200})});
          report = true;
        }
        // A buffer grown for one large file is not kept for the rest of the scan.
        if (buf.capacity() > (std::size_t{16} << 20)) std::string().swap(buf);
        if (!report) continue;
        f.path = j.path;
        std::lock_guard lock(mu);
        found.emplace_back(j.index, std::move(f));
      }
    }
  };

  std::vector<std::thread> threads;
  const unsigned n = std::max(1u, opt.threads);
  for (unsigned i = 0; i < n; ++i) threads.emplace_back(worker);

  std::vector<job> pending;
  const auto flush = [&] {
    {
      std::lock_guard lock(mu);
      for (auto& j : pending) queue.push_back(std::move(j));
    }
    pending.clear();
    ready.notify_all();
  };
  walk_callbacks cb;
  cb.file = [&](walked_file file) {
    pending.push_back({next_index++, std::move(file.path), file.follow});
    if (pending.size() >= 64) flush();
  };
  cb.notice = [&](walk_notice notice) {
    std::lock_guard lock(mu);
    notices.emplace_back(next_index++, std::move(notice));
  };
  walk(roots, opt.walk, cb);
  flush();
  {
    std::lock_guard lock(mu);
    done = true;
  }
  ready.notify_all();
  for (auto& t : threads) t.join();

  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::sort(notices.begin(), notices.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& f : found) result.files.push_back(std::move(f.second));
  for (auto& nt : notices) result.notices.push_back(std::move(nt.second));
  result.files_read = files_read;
  result.binary_skipped = binary;
  result.ports_used.assign(ports_used.begin(), ports_used.end());
  return result;
}

}  // namespace badport::io
