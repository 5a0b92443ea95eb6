#pragma once
// badport.URL: a parsed URL as a Python object. URLs are made by the million (parse_urls over a
// log), so this one type is written against the CPython API: an object holds the core's url
// in place, its getters are plain slots, and parse_url is a METH_FASTCALL function. pybind11's
// registered classes would cost more per object than parsing the URL does. The type caster
// below lets every pybind11 function take and return badport::url as this type.

#include <badport/url.h>

#include <pybind11/pybind11.h>

#include <utility>

namespace badport::python {

/// Creates the type URL and the functions parse_url in module `m`. Once, at import.
void add_url_type(pybind11::module_& m);

/// Whether `h` is a URL object.
[[nodiscard]] bool is_url(pybind11::handle h) noexcept;

/// The url in a URL object (`is_url(h)` must hold).
[[nodiscard]] const url& url_of(pybind11::handle h) noexcept;

/// A new URL object holding `u`.
[[nodiscard]] pybind11::object make_url(url u);

}  // namespace badport::python

namespace pybind11::detail {

template <>
struct type_caster<badport::url> {
  PYBIND11_TYPE_CASTER(badport::url, const_name("URL"));

  bool load(handle src, bool /*convert*/) {
    if (!badport::python::is_url(src)) return false;
    value = badport::python::url_of(src);
    return true;
  }

  static handle cast(const badport::url& u, return_value_policy /*policy*/, handle /*parent*/) {
    return badport::python::make_url(u).release();
  }
  static handle cast(badport::url&& u, return_value_policy /*policy*/, handle /*parent*/) {
    return badport::python::make_url(std::move(u)).release();
  }
};

}  // namespace pybind11::detail
