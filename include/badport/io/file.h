#pragma once
/// \file io/file.h
/// Reading files for the core, with a size limit so that no input can exhaust memory.

#include <badport/result.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace badport::io {

/// Reads a whole regular file, refusing anything larger than `max_bytes` and anything that is
/// not a regular file (a FIFO, a device, a directory). Errors name the path and the reason.
[[nodiscard]] result<std::string> read_file(const std::string& path, std::size_t max_bytes = 16u << 20);

}  // namespace badport::io
