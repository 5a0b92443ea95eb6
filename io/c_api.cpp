// The part of the C API (badport.h) that touches the OS: badport_pick_port, on io::pick_port.

#include <badport/badport.h>

#include <badport/engine.h>
#include <badport/error.h>
#include <badport/io/pick.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace {

void write_message(std::string_view text, char* message, std::size_t message_size) noexcept {
  if (message == nullptr || message_size == 0) return;
  const std::size_t n = std::min(text.size(), message_size - 1);
  std::memcpy(message, text.data(), n);
  message[n] = '\0';
}

}  // namespace

extern "C" badport_status badport_pick_port(int near, badport_engine_set engines, const char* host, uint16_t* port,
                                            char* message, size_t message_size) {
  if (port == nullptr) {
    write_message("invalid argument: null pointer", message, message_size);
    return BADPORT_ERROR_INVALID_ARGUMENT;
  }
  if (near < 0 || near > 65535) {
    write_message("invalid argument: near port out of 0..65535", message, message_size);
    return BADPORT_ERROR_INVALID_ARGUMENT;
  }
  try {
    // The same picker as `badport pick`: one bind check, one search order.
    badport::io::pick_options options;
    if (near != 0) options.near = static_cast<std::uint16_t>(near);
    if (host != nullptr) options.host = std::string(host);
    options.engines = badport::engine_set::from_mask(static_cast<badport::engine_mask>(engines & BADPORT_ALL_ENGINES));
    auto picked = badport::io::pick_port(options);
    if (!picked) {
      const badport::error& e = picked.error();
      if (e.code == badport::errc::io_error) {  // pick_port's only io_error: no port qualifies
        write_message(e.reason, message, message_size);
        return BADPORT_ERROR_NOT_FOUND;
      }
      write_message(e.message(), message, message_size);
      return BADPORT_ERROR_INVALID_ARGUMENT;
    }
    *port = *picked;
    return BADPORT_OK;
  } catch (...) {
    write_message("out of memory", message, message_size);
    return BADPORT_ERROR_IO;
  }
}
