// The C API (badport.h) over the core: no exceptions cross it, nothing it returns needs freeing.

#include <badport/badport.h>

#include <badport/engine.h>
#include <badport/error.h>
#include <badport/port_spec.h>
#include <badport/ports.h>
#include <badport/url.h>
#include <badport/url_check.h>
#include <badport/version.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace badport::detail {
namespace {

badport_status to_c_status(errc code) noexcept {
  switch (code) {
    case errc::invalid_port: return BADPORT_ERROR_INVALID_PORT;
    case errc::port_out_of_range: return BADPORT_ERROR_PORT_OUT_OF_RANGE;
    case errc::invalid_range: return BADPORT_ERROR_INVALID_RANGE;
    case errc::unknown_engine: return BADPORT_ERROR_UNKNOWN_ENGINE;
    case errc::invalid_date: return BADPORT_ERROR_INVALID_DATE;
    case errc::invalid_url: return BADPORT_ERROR_INVALID_URL;
    case errc::invalid_flags: return BADPORT_ERROR_INVALID_FLAGS;
    case errc::invalid_prefs: return BADPORT_ERROR_INVALID_PREFS;
    case errc::invalid_utf8: return BADPORT_ERROR_INVALID_UTF8;
    case errc::line_too_long: return BADPORT_ERROR_LINE_TOO_LONG;
    case errc::io_error: return BADPORT_ERROR_IO;
    case errc::invalid_argument:
    case errc::invalid_target: return BADPORT_ERROR_INVALID_ARGUMENT;
  }
  return BADPORT_ERROR_INVALID_ARGUMENT;
}

void write_message(std::string_view text, char* message, std::size_t message_size) noexcept {
  if (message == nullptr || message_size == 0) return;
  const std::size_t n = std::min(text.size(), message_size - 1);
  std::memcpy(message, text.data(), n);
  message[n] = '\0';
}

badport_status fail_with(const error& e, char* message, std::size_t message_size) noexcept {
  try {
    write_message(e.message(), message, message_size);
  } catch (...) {
    write_message(describe(e.code), message, message_size);
  }
  return to_c_status(e.code);
}

badport_status fail_with(badport_status status, std::string_view text, char* message,
                         std::size_t message_size) noexcept {
  write_message(text, message, message_size);
  return status;
}

engine_set to_engine_set(badport_engine_set engines) noexcept {
  return engine_set::from_mask(static_cast<engine_mask>(engines & BADPORT_ALL_ENGINES));
}

}  // namespace
}  // namespace badport::detail

namespace {

using namespace badport;
using badport::detail::fail_with;

bool is_valid(badport_engine e) noexcept {
  return static_cast<int>(e) >= 0 && static_cast<int>(e) < BADPORT_ENGINE_COUNT;
}

engine to_engine(badport_engine e) noexcept { return static_cast<engine>(static_cast<int>(e)); }

static_assert(BADPORT_ENGINE_COUNT == engine_count);
static_assert(BADPORT_ALL_ENGINES == engine_set::all().mask());
static_assert(static_cast<int>(engine::fetch) == BADPORT_ENGINE_FETCH);
static_assert(static_cast<int>(engine::chromium) == BADPORT_ENGINE_CHROMIUM);
static_assert(static_cast<int>(engine::firefox) == BADPORT_ENGINE_FIREFOX);
static_assert(static_cast<int>(engine::webkit) == BADPORT_ENGINE_WEBKIT);
static_assert(static_cast<int>(engine::node) == BADPORT_ENGINE_NODE);
static_assert(static_cast<int>(engine::deno) == BADPORT_ENGINE_DENO);
static_assert(static_cast<int>(engine::bun) == BADPORT_ENGINE_BUN);
static_assert(static_cast<int>(engine::servo) == BADPORT_ENGINE_SERVO);
static_assert(static_cast<int>(engine::ladybird) == BADPORT_ENGINE_LADYBIRD);

}  // namespace

extern "C" {

const char* badport_version(void) {
  // version() views a NUL-terminated literal.
  return badport::version().data();
}

const char* badport_status_string(badport_status status) {
  switch (status) {
    case BADPORT_OK: return "ok";
    case BADPORT_ERROR_INVALID_PORT: return "invalid port";
    case BADPORT_ERROR_PORT_OUT_OF_RANGE: return "port out of range";
    case BADPORT_ERROR_INVALID_RANGE: return "invalid port range";
    case BADPORT_ERROR_UNKNOWN_ENGINE: return "unknown engine";
    case BADPORT_ERROR_INVALID_DATE: return "invalid date";
    case BADPORT_ERROR_INVALID_URL: return "invalid URL";
    case BADPORT_ERROR_INVALID_FLAGS: return "invalid Chromium flags";
    case BADPORT_ERROR_INVALID_PREFS: return "invalid Firefox prefs";
    case BADPORT_ERROR_INVALID_UTF8: return "invalid UTF-8";
    case BADPORT_ERROR_LINE_TOO_LONG: return "line too long";
    case BADPORT_ERROR_IO: return "I/O error";
    case BADPORT_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case BADPORT_ERROR_NOT_FOUND: return "no port found";
  }
  return "unknown status";
}

const char* badport_engine_name(badport_engine e) {
  // Engine names are NUL-terminated literals in the port table.
  return is_valid(e) ? name(to_engine(e)).data() : nullptr;
}

badport_status badport_parse_engines(const char* text, badport_engine_set* engines, char* message,
                                     size_t message_size) {
  if (text == nullptr || engines == nullptr)
    return fail_with(BADPORT_ERROR_INVALID_ARGUMENT, "invalid argument: null pointer", message, message_size);
  try {
    auto set = parse_engine_list(text);
    if (!set) return fail_with(set.error(), message, message_size);
    *engines = set->mask();
    return BADPORT_OK;
  } catch (...) {
    return fail_with(BADPORT_ERROR_INVALID_ARGUMENT, "out of memory", message, message_size);
  }
}

badport_status badport_parse_port(const char* text, uint16_t* port, char* message, size_t message_size) {
  if (text == nullptr || port == nullptr)
    return fail_with(BADPORT_ERROR_INVALID_ARGUMENT, "invalid argument: null pointer", message, message_size);
  try {
    auto p = parse_port(text);
    if (!p) return fail_with(p.error(), message, message_size);
    *port = *p;
    return BADPORT_OK;
  } catch (...) {
    return fail_with(BADPORT_ERROR_INVALID_ARGUMENT, "out of memory", message, message_size);
  }
}

int badport_is_blocked(int port, badport_engine e) {
  return is_valid(e) && is_blocked(port, to_engine(e)) ? 1 : 0;
}

badport_engine_set badport_blocking_engines(int port, badport_engine_set engines) {
  return blocking_engines(port, detail::to_engine_set(engines)).mask();
}

size_t badport_blocked_ports(badport_engine e, uint16_t* ports, size_t capacity) {
  if (!is_valid(e)) return 0;
  // Count and copy from the database directly: no allocation, so nothing can throw.
  std::size_t count = 0;
  for (const port_info& p : known_ports()) {
    if (!p.blocked_by().contains(to_engine(e))) continue;
    if (ports != nullptr && count < capacity) ports[count] = p.port;
    ++count;
  }
  return count;
}

badport_status badport_check_url(const char* url, badport_engine_set engines, badport_engine_set* blocked_by,
                                 char* message, size_t message_size) {
  if (url == nullptr || blocked_by == nullptr)
    return fail_with(BADPORT_ERROR_INVALID_ARGUMENT, "invalid argument: null pointer", message, message_size);
  try {
    auto set = blocking_engines_for_url(url, detail::to_engine_set(engines));
    if (!set) return fail_with(set.error(), message, message_size);
    *blocked_by = set->mask();
    return BADPORT_OK;
  } catch (...) {
    return fail_with(BADPORT_ERROR_INVALID_ARGUMENT, "out of memory", message, message_size);
  }
}

badport_status badport_suggest_port(int preferred, badport_engine_set engines, uint16_t* port) {
  if (port == nullptr) return BADPORT_ERROR_INVALID_ARGUMENT;
  const auto p = suggest_port(preferred, detail::to_engine_set(engines));
  if (!p) return BADPORT_ERROR_NOT_FOUND;
  *port = *p;
  return BADPORT_OK;
}

}  // extern "C"
