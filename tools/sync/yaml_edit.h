#pragma once
// Edits data/ports.yaml as text, so that its layout and comments stay as people wrote them
// (re-emitting it through a YAML library would lose both). Each edit finds its place by the
// file's structure (top-level keys at column 0, engines and rows indented by two) and fails
// with a message, leaving the text untouched, when the structure is not what it expects.
// Pure: text in, text out.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace badport::sync {

/// A history batch: ports an engine added to its list and took off it, when and where.
struct history_batch {
  std::string date;    ///< YYYY-MM-DD
  std::string source;  ///< where the change was seen
  std::vector<std::uint16_t> added;
  std::vector<std::uint16_t> removed;
};

/// Each returns "" on success, else why the edit could not be made (the text is unchanged).

/// Sets the top-level `checked:` date.
[[nodiscard]] std::string set_checked(std::string& text, std::string_view date);

/// Sets `engines.<engine>.<key>` to `value`, adding the key after `source_ref` when missing.
[[nodiscard]] std::string set_engine_field(std::string& text, std::string_view engine, std::string_view key,
                                           std::string_view value);

/// Appends a batch at the end of `history.<engine>` (an empty `[]` becomes a block).
[[nodiscard]] std::string append_batch(std::string& text, std::string_view engine, const history_batch& batch);

/// Adds a row for a port the ports table lacks, in port order, marked for review.
[[nodiscard]] std::string add_port_row(std::string& text, std::uint16_t port, std::string_view service,
                                       std::string_view note);

/// Whether the ports table has a row for `port`.
[[nodiscard]] bool has_port_row(std::string_view text, std::uint16_t port);

/// A YAML scalar for `value`: plain when safe, else single-quoted.
[[nodiscard]] std::string yaml_scalar(std::string_view value);

}  // namespace badport::sync
