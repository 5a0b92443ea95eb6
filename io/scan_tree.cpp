#include <badport/io/scan_tree.h>

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
#include <thread>
#include <unistd.h>

namespace badport::io {

namespace {

enum class read_status { ok, not_regular, too_large, failed };

// Reads a regular file into `buf` (reused between files). O_NONBLOCK so that a FIFO put in
// place of a file never blocks the open; fstat decides before any read.
read_status read_into(const std::string& path, std::uint64_t max, std::string& buf, std::string& why,
                      std::uint64_t& size, bool follow) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (follow ? 0 : O_NOFOLLOW));
  if (fd < 0) {
    why = std::strerror(errno);
    return read_status::failed;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    why = std::strerror(errno);
    ::close(fd);
    return read_status::failed;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return read_status::not_regular;
  }
  size = static_cast<std::uint64_t>(st.st_size);
  if (size > max) {
    ::close(fd);
    return read_status::too_large;
  }
  buf.resize(static_cast<std::size_t>(size) + 1);  // +1: see a file that grew
  std::size_t got = 0;
  while (got < buf.size()) {
    const ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      why = std::strerror(errno);
      ::close(fd);
      return read_status::failed;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  buf.resize(std::min<std::size_t>(got, static_cast<std::size_t>(max)));
  return read_status::ok;
}

// The line holding `offset`, without its end of line.
std::string_view line_at(std::string_view content, std::size_t offset) {
  offset = std::min(offset, content.size());
  const auto start = offset == 0 ? std::string_view::npos : content.rfind('\n', offset - 1);
  const std::size_t first = start == std::string_view::npos ? 0 : start + 1;
  auto end = content.find('\n', first);
  if (end == std::string_view::npos) end = content.size();
  auto line = content.substr(first, end - first);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

struct job {
  std::size_t index;
  std::string path;
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
        std::string why;
        std::uint64_t size = 0;
        const auto st = read_into(j.path, opt.walk.max_file_size, buf, why, size, opt.walk.follow_symlinks);
        if (st != read_status::ok) {
          if (st == read_status::not_regular) continue;
          walk_notice n{j.path,
                        st == read_status::too_large
                            ? "skipped: " + std::to_string(size) + " bytes is over the size limit of " +
                                  std::to_string(opt.walk.max_file_size) + " (--max-size)"
                            : "cannot read: " + why,
                        st == read_status::failed};
          std::lock_guard lock(mu);
          notices.emplace_back(j.index, std::move(n));
          continue;
        }
        // Binary: a NUL byte early on, as git and ripgrep decide.
        if (std::memchr(buf.data(), 0, std::min<std::size_t>(buf.size(), 8192)) != nullptr) {
          ++binary;
          continue;
        }
        ++files_read;
        scan_input in;
        in.path = j.path;
        in.content = buf;
        in.engines = opt.engines;
        in.all_ports = opt.keep_content;
        if (detect_format(j.path) == scan_format::compose) {
          const auto slash = j.path.rfind('/');
          const std::string env_path = (slash == std::string::npos ? std::string() : j.path.substr(0, slash + 1)) + ".env";
          std::string env_why;
          std::uint64_t env_size = 0;
          if (read_into(env_path, opt.walk.max_file_size, env, env_why, env_size, true) == read_status::ok)
            in.dotenv = env;
          else
            env.clear();
        }
        // An exception must not escape a worker thread (std::terminate): a scanner that throws
        // (out of memory, a bug) costs that file, reported as a problem, not the whole scan.
        scan_report report;
        try {
          report = scan_file(in);
        } catch (const std::exception& e) {
          report = {};
          report.problems.push_back({0, 0, std::string("internal error while scanning: ") + e.what()});
        }
        if (opt.keep_content && !report.ports_used.empty()) {
          std::lock_guard lock(mu);
          ports_used.insert(report.ports_used.begin(), report.ports_used.end());
        }
        if (report.findings.empty() && report.problems.empty()) continue;
        scanned_file f{j.path, std::move(report), {}, {}};
        f.lines.reserve(f.report.findings.size());
        for (const auto& finding : f.report.findings) f.lines.emplace_back(line_at(buf, finding.offset));
        if (opt.keep_content) f.content = buf;
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
  cb.file = [&](std::string path) {
    pending.push_back({next_index++, std::move(path)});
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
