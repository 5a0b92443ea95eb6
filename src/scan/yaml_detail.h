#pragma once
// What the YAML scanners share, for any scanner that reads YAML with yaml-cpp: loading within
// the guards yaml-cpp needs (depth, its known loops, an event budget), where a node is in the
// text, and findings at a node. A reader of a file also spends a node_budget (scan_detail.h)
// for every node it visits, aliases included.

#include "scan_detail.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace badport::detail {

/// Every document of the file, or nullopt with a problem in the sink: invalid UTF-8, a NUL,
/// nesting past max_nesting_depth, a text yaml-cpp loops on, or invalid YAML.
[[nodiscard]] std::optional<std::vector<YAML::Node>> load_yaml(finding_sink& sink);

/// The offset of a node in the text, from its mark (0 when unknown).
[[nodiscard]] std::size_t node_offset(const YAML::Node& n, std::string_view text);

/// A scalar node's value; empty for anything else.
[[nodiscard]] std::string scalar_of(const YAML::Node& n);

/// Adds `port` read from the scalar `node`: at its digits when they stand on the node's text,
/// else at the node, not literally.
void add_at_node(finding_sink& sink, const YAML::Node& node, int port, severity level, std::string_view rule,
                 std::string_view what);

}  // namespace badport::detail
