#include <badport/io/walk.h>

#include <badport/glob.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace badport::io {

// ---- .gitignore -------------------------------------------------------------------------------

bool glob_match(std::string_view pattern, std::string_view text) { return badport::glob_match(pattern, text); }

ignore_file::ignore_file(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Trailing spaces are dropped unless escaped.
    while (!line.empty() && line.back() == ' ' && !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    rule r;
    if (line[0] == '!') {
      r.negate = true;
      line.remove_prefix(1);
    } else if (line[0] == '\\' && line.size() > 1 && (line[1] == '!' || line[1] == '#')) {
      line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
      r.dir_only = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    if (line.find('/') != std::string_view::npos) {
      r.anchored = true;
      if (line[0] == '/') line.remove_prefix(1);
    }
    r.pattern = glob_pattern(line);
    rules_.push_back(std::move(r));
  }
}

int ignore_file::match(std::string_view relative_path, bool is_dir) const {
  const auto slash = relative_path.rfind('/');
  const auto base = slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (it->dir_only && !is_dir) continue;
    if (it->pattern.matches(it->anchored ? relative_path : base)) return it->negate ? -1 : 1;
  }
  return 0;
}

// ---- walking --------------------------------------------------------------------------------

namespace {

// Reads a small text file (a .gitignore); empty when it cannot be read.
std::string read_small(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return {};
  struct stat st {};
  std::string data;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20)) {
    data.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < data.size()) {
      const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    data.resize(got);
  }
  ::close(fd);
  return data;
}

struct ignore_level {
  std::string base;  // absolute folder path with a trailing '/'
  ignore_file rules;
};

struct walker {
  const walk_options& opt;
  const walk_callbacks& cb;
  std::vector<ignore_level> ignores;
  std::vector<std::pair<dev_t, ino_t>> ancestors;  // folders on the current path (with --follow)
  std::set<std::pair<dev_t, ino_t>> walked;         // every folder walked so far (with --follow)

  bool is_ignored(const std::string& abs, bool is_dir) const {
    for (auto it = ignores.rbegin(); it != ignores.rend(); ++it) {
      if (!abs.starts_with(it->base)) continue;
      const int m = it->rules.match(std::string_view(abs).substr(it->base.size()), is_dir);
      if (m != 0) return m > 0;
    }
    return false;
  }

  void push_ignore(const std::string& abs_dir, const std::string& file) {
    ignore_file f(read_small(file));
    if (!f.empty()) ignores.push_back({abs_dir + "/", std::move(f)});
  }

  void walk_dir(const std::string& path, const std::string& abs) {
    DIR* d = ::opendir(path.c_str());
    if (d == nullptr) {
      cb.notice({path, std::string("cannot read folder: ") + std::strerror(errno), true});
      return;
    }
    struct entry {
      std::string name;
      unsigned char type;
    };
    std::vector<entry> entries;
    bool has_gitignore = false;
    errno = 0;
    while (const dirent* e = ::readdir(d)) {
      const std::string_view n = e->d_name;
      if (n == "." || n == ".." || n == ".git") continue;
      if (n == ".gitignore") has_gitignore = true;
      entries.push_back({std::string(n), e->d_type});
    }
    if (errno != 0) cb.notice({path, std::string("cannot read folder: ") + std::strerror(errno), true});
    ::closedir(d);
    std::sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) { return a.name < b.name; });

    const std::size_t depth = ignores.size();
    if (opt.respect_ignore && has_gitignore) push_ignore(abs, path + "/.gitignore");

    for (const auto& e : entries) {
      const std::string child = path == "." ? e.name : path + "/" + e.name;
      const std::string child_abs = abs + "/" + e.name;
      unsigned char type = e.type;
      struct stat st {};
      bool have_stat = false;
      if (type == DT_UNKNOWN) {
        if (::lstat(child.c_str(), &st) != 0) continue;
        have_stat = true;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
      }
      if (type == DT_LNK) {
        if (!opt.follow_symlinks) continue;
        if (::stat(child.c_str(), &st) != 0) {
          cb.notice({child, "broken symbolic link", false});
          continue;
        }
        have_stat = true;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type != DT_DIR && type != DT_REG) continue;  // FIFOs, sockets, devices: never opened
      if (opt.respect_ignore && is_ignored(child_abs, type == DT_DIR)) continue;
      if (type == DT_REG) {
        cb.file({child, opt.follow_symlinks});
        continue;
      }
      if (opt.follow_symlinks) {
        if (!have_stat && ::stat(child.c_str(), &st) != 0) continue;
        const std::pair<dev_t, ino_t> id{st.st_dev, st.st_ino};
        if (std::find(ancestors.begin(), ancestors.end(), id) != ancestors.end()) {
          cb.notice({child, "symbolic link loop; not followed", false});
          continue;
        }
        // Two links to one folder, on each of n levels, would make 2^n paths: each folder is
        // walked once.
        if (!walked.insert(id).second) {
          cb.notice({child, "folder already scanned through another path; not scanned again", false});
          continue;
        }
        ancestors.push_back(id);
        walk_dir(child, child_abs);
        ancestors.pop_back();
      } else {
        walk_dir(child, child_abs);
      }
    }
    ignores.erase(ignores.begin() + static_cast<std::ptrdiff_t>(depth), ignores.end());
  }
};

std::string absolute(const std::string& path) {
  char buf[PATH_MAX];
  if (::realpath(path.c_str(), buf) != nullptr) return buf;
  return path;
}

}  // namespace

void walk(const std::vector<std::string>& roots, const walk_options& opt, const walk_callbacks& cb) {
  for (auto root : roots) {
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) {
      cb.notice({root, std::string("cannot read: ") + std::strerror(errno), true});
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (S_ISREG(st.st_mode)) cb.file({root, true});
      else cb.notice({root, "not a regular file or folder; skipped", false});
      continue;
    }
    walker w{opt, cb, {}, {}, {}};
    const std::string abs = absolute(root);
    if (opt.respect_ignore) {
      // The repository around the root: .git/info/exclude, then .gitignore files from its
      // top down to the root's parent.
      std::vector<std::string> chain;
      std::string dir = abs;
      std::string top;
      while (true) {
        chain.push_back(dir);
        struct stat g {};
        if (::stat((dir + "/.git").c_str(), &g) == 0) {
          top = dir;
          break;
        }
        const auto slash = dir.rfind('/');
        if (slash == std::string::npos || dir == "/") break;
        dir = slash == 0 ? "/" : dir.substr(0, slash);
      }
      if (!top.empty()) {
        w.push_ignore(top, top + "/.git/info/exclude");
        for (auto it = chain.rbegin(); it != chain.rend(); ++it)
          if (*it != abs) w.push_ignore(*it, *it + "/.gitignore");
      }
    }
    if (opt.follow_symlinks) {
      w.ancestors.emplace_back(st.st_dev, st.st_ino);
      w.walked.emplace(st.st_dev, st.st_ino);
    }
    w.walk_dir(root, abs == "/" ? std::string() : abs);
  }
}

}  // namespace badport::io
