#pragma once
/// \file result.h
/// `result<T>`: a value or an error, shaped like C++23 `std::expected<T, error>`.

#include <badport/error.h>

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace badport {

/// A value of type T, or a badport::error. Always check before taking the value.
template <class T>
class [[nodiscard]] result {
 public:
  using value_type = T;

  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  result(badport::error err) : state_(std::in_place_index<1>, std::move(err)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  [[nodiscard]] T& value() & { assert(has_value()); return std::get<0>(state_); }
  [[nodiscard]] const T& value() const& { assert(has_value()); return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { assert(has_value()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  [[nodiscard]] const badport::error& error() const& { assert(!has_value()); return std::get<1>(state_); }
  [[nodiscard]] badport::error&& error() && { assert(!has_value()); return std::get<1>(std::move(state_)); }

  template <class U>
  [[nodiscard]] T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, badport::error> state_;
};

/// Builds an error value: `return fail(errc::invalid_port, text, "trailing characters");`
[[nodiscard]] inline error fail(errc code, std::string_view subject, std::string_view reason = {}) {
  return error{code, std::string(subject), std::string(reason)};
}

}  // namespace badport
