#pragma once
/// \file io/walk.h
/// Walking folders for `badport scan`: which files to read, in a stable order.
/// Follows git's ignore rules (https://git-scm.com/docs/gitignore): `.gitignore` files from
/// the repository's top down and `.git/info/exclude`; always skips `.git`.

#include <badport/glob.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::io {

/// How to walk.
struct walk_options {
  bool respect_ignore = true;    ///< honour .gitignore and .git/info/exclude (--no-ignore: false)
  bool follow_symlinks = false;  ///< follow symbolic links (--follow); loops are detected
  std::uint64_t max_file_size = 1u << 20;  ///< larger files are skipped, with a note
};

/// What the walk reports besides files.
struct walk_notice {
  std::string path;
  std::string message;  ///< lowercase, no trailing period
  bool is_error;        ///< true: the file or folder could not be read (status 2); false: a note
};

/// A file the walk hands over.
struct walked_file {
  std::string path;
  /// Whether to open it through a symbolic link: true for a root the user named (as git and
  /// ripgrep read `link.env` given on the command line) and for every file with --follow;
  /// false otherwise, so that a file swapped for a link after the walk saw it is not read.
  bool follow = false;
};

/// What the walk hands over.
struct walk_callbacks {
  std::function<void(walked_file file)> file;      ///< a regular file to read
  std::function<void(walk_notice notice)> notice;  ///< an unreadable folder, a skipped file, a loop
};

/// Walks each root (a folder or a file) depth-first, entries sorted by name, and calls
/// `cb.file` for every regular file that is not ignored. A root that is a file, or a symbolic
/// link to one, is always handed over. With follow_symlinks, each folder is walked once
/// however many links lead to it (a link back to an ancestor is a loop; a second link to a
/// folder already walked is skipped with a note), so the walk stays linear in the folders.
/// Never opens anything but folders and .gitignore files.
void walk(const std::vector<std::string>& roots, const walk_options& opt, const walk_callbacks& cb);

/// A compiled .gitignore: the rules of one file, matched against paths relative to its folder.
class ignore_file {
 public:
  /// Parses the text of a .gitignore (comments, blank lines, `!` negation, trailing `/`,
  /// anchored patterns, `*`, `?`, `[...]`, `**`).
  explicit ignore_file(std::string_view text);

  /// The decision of this file on `relative_path` ("a/b.txt", no leading slash): +1 ignored,
  /// -1 re-included by a `!` rule, 0 no rule matches.
  [[nodiscard]] int match(std::string_view relative_path, bool is_dir) const;

  [[nodiscard]] bool empty() const noexcept { return rules_.empty(); }

 private:
  struct rule {
    glob_pattern pattern{""};
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;  ///< has a slash before its end: matched against the whole path
  };
  std::vector<rule> rules_;
};

/// Whether `text` matches the glob `pattern` as git's wildmatch does with WM_PATHNAME
/// (badport::glob_match, kept here for callers of the walker).
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace badport::io
