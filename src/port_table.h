#pragma once
// The tables generated from data/ports.yaml (see tools/gen). Private to the core.

#include <badport/engine.h>
#include <badport/ports.h>

#include <array>
#include <string_view>

namespace badport::detail {

extern const std::string_view database_checked;
extern const std::array<std::string_view, 5> attack_texts;
extern const std::array<engine_info, engine_count> engine_table;
extern const std::array<port_info, 83> port_table;

}  // namespace badport::detail
