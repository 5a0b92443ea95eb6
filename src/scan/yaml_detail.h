#pragma once
// The YAML loader of yaml.cpp (UTF-8, NUL, nesting and event budgets checked before yaml-cpp
// sees the text), shared with the other YAML readers.

#include "scan_detail.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <vector>

namespace badport::detail {

/// Every document of the sink's content, or nullopt with a problem recorded.
[[nodiscard]] std::optional<std::vector<YAML::Node>> load_yaml_documents(finding_sink& sink);

}  // namespace badport::detail
