#pragma once
// A minimal W3C WebDriver client (Boost.Beast, synchronous) for WebKitWebDriver.

#include <badport/result.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>

namespace badport::io::detail {

/// Sends one WebDriver command to 127.0.0.1:`port` and returns the response's "value".
/// Fails on a connection error, a timeout, or a WebDriver error (its message is kept).
[[nodiscard]] result<nlohmann::json> webdriver_call(std::uint16_t port, std::string_view method,
                                                    std::string_view path, const nlohmann::json& body,
                                                    std::chrono::milliseconds timeout);

}  // namespace badport::io::detail
