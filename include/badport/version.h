#pragma once
/// \file version.h
/// badport's version.

#include <string_view>

namespace badport {

/// The library version, "MAJOR.MINOR.PATCH".
[[nodiscard]] std::string_view version() noexcept;

}  // namespace badport
