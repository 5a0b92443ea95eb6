#pragma once
// The tables generated from data/ports.yaml (see tools/gen). Private to the core.

#include <badport/engine.h>
#include <badport/ports.h>

#include <array>
#include <span>
#include <string_view>

namespace badport::detail {

extern const std::string_view database_checked;
extern const std::array<std::string_view, 5> attack_texts;
extern const std::array<engine_info, engine_count> engine_table;
extern const std::span<const port_info> port_table;  ///< sorted by port

}  // namespace badport::detail
