// badport.URL and parse_url on the CPython API (see url_type.h for why).

#include "url_type.h"

#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace py = pybind11;

namespace badport::python {
namespace {

struct url_object {
  PyObject_HEAD
  url value;
};

PyTypeObject* url_type = nullptr;

const url& get(PyObject* self) noexcept { return reinterpret_cast<url_object*>(self)->value; }

PyObject* text(std::string_view s) noexcept {
  return PyUnicode_FromStringAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
}

PyObject* port_or_none(std::optional<std::uint16_t> p) noexcept {
  if (p) return PyLong_FromLong(*p);
  Py_RETURN_NONE;
}

PyObject* text_or_none(const std::optional<std::string>& s) noexcept {
  if (s) return text(*s);
  Py_RETURN_NONE;
}

PyObject* boolean(bool b) noexcept { return PyBool_FromLong(b ? 1 : 0); }

/// A new URL object, or nullptr with MemoryError set.
PyObject* wrap(url&& u) noexcept {
  auto* self = PyObject_New(url_object, url_type);
  if (self == nullptr) return nullptr;
  new (&self->value) url(std::move(u));
  return reinterpret_cast<PyObject*>(self);
}

void dealloc(PyObject* self) noexcept {
  PyTypeObject* type = Py_TYPE(self);
  reinterpret_cast<url_object*>(self)->value.~url();
  PyObject_Free(self);
  Py_DECREF(type);  // a heap type: its instances hold a reference to it
}

/// The UTF-8 of a str argument, or nullptr with TypeError or UnicodeEncodeError set.
const char* utf8_arg(PyObject* o, const char* what, Py_ssize_t* size) noexcept {
  if (!PyUnicode_Check(o)) {
    PyErr_Format(PyExc_TypeError, "%s must be str, not %.100s", what, Py_TYPE(o)->tp_name);
    return nullptr;
  }
  return PyUnicode_AsUTF8AndSize(o, size);
}

/// parse_url(input, base): a new URL, or nullptr with ValueError (the core's message) set.
PyObject* parse(PyObject* input, PyObject* base) noexcept {
  try {
    Py_ssize_t size = 0;
    const char* data = utf8_arg(input, "url", &size);
    if (data == nullptr) return nullptr;
    const std::string_view in(data, static_cast<std::size_t>(size));
    std::optional<url> parsed_base;
    const url* b = nullptr;
    if (base != nullptr && base != Py_None) {
      if (Py_IS_TYPE(base, url_type)) {
        b = &get(base);
      } else {
        Py_ssize_t bsize = 0;
        const char* bdata = utf8_arg(base, "base", &bsize);
        if (bdata == nullptr) return nullptr;
        auto r = parse_url(std::string_view(bdata, static_cast<std::size_t>(bsize)));
        if (!r) {
          PyErr_SetString(PyExc_ValueError, r.error().message().c_str());
          return nullptr;
        }
        parsed_base = std::move(*r);
        b = &*parsed_base;
      }
    }
    auto r = parse_url(in, b);
    if (!r) {
      PyErr_SetString(PyExc_ValueError, r.error().message().c_str());
      return nullptr;
    }
    return wrap(std::move(*r));
  } catch (const std::bad_alloc&) {
    return PyErr_NoMemory();
  }
}

// parse_url(url, base=None), called as METH_FASTCALL: no argument tuple, no dispatch.
PyObject* parse_url_call(PyObject* /*module*/, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) noexcept {
  PyObject* input = nargs > 0 ? args[0] : nullptr;
  PyObject* base = nargs > 1 ? args[1] : nullptr;
  if (nargs > 2) {
    PyErr_Format(PyExc_TypeError, "parse_url() takes at most 2 arguments (%zd given)", nargs);
    return nullptr;
  }
  const Py_ssize_t nkw = kwnames != nullptr ? PyTuple_GET_SIZE(kwnames) : 0;
  for (Py_ssize_t i = 0; i < nkw; ++i) {
    PyObject* key = PyTuple_GET_ITEM(kwnames, i);
    PyObject** slot = PyUnicode_CompareWithASCIIString(key, "url") == 0    ? &input
                      : PyUnicode_CompareWithASCIIString(key, "base") == 0 ? &base
                                                                           : nullptr;
    if (slot == nullptr) {
      PyErr_Format(PyExc_TypeError, "parse_url() got an unexpected keyword argument '%U'", key);
      return nullptr;
    }
    if (*slot != nullptr) {
      PyErr_Format(PyExc_TypeError, "parse_url() got multiple values for argument '%U'", key);
      return nullptr;
    }
    *slot = args[nargs + i];
  }
  if (input == nullptr) {
    PyErr_SetString(PyExc_TypeError, "parse_url() missing required argument 'url'");
    return nullptr;
  }
  return parse(input, base);
}

PyObject* new_url(PyTypeObject* /*type*/, PyObject* args, PyObject* kwargs) noexcept {
  static const char* names[] = {"url", "base", nullptr};
  PyObject* input = nullptr;
  PyObject* base = nullptr;
  if (PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:URL", const_cast<char**>(names), &input, &base) == 0)
    return nullptr;
  return parse(input, base);
}

PyObject* repr(PyObject* self) noexcept {
  PyObject* href = text(get(self).href());
  if (href == nullptr) return nullptr;
  PyObject* out = PyUnicode_FromFormat("URL(%R)", href);
  Py_DECREF(href);
  return out;
}

PyObject* str(PyObject* self) noexcept { return text(get(self).href()); }

Py_hash_t hash(PyObject* self) noexcept {
  PyObject* href = text(get(self).href());
  if (href == nullptr) return -1;
  const Py_hash_t h = PyObject_Hash(href);
  Py_DECREF(href);
  return h;
}

PyObject* compare(PyObject* a, PyObject* b, int op) noexcept {
  if (!Py_IS_TYPE(b, url_type) || (op != Py_EQ && op != Py_NE)) Py_RETURN_NOTIMPLEMENTED;
  const bool equal = get(a) == get(b);
  return boolean(op == Py_EQ ? equal : !equal);
}

PyObject* reduce(PyObject* self, PyObject* /*unused*/) noexcept {
  return Py_BuildValue("(O(N))", reinterpret_cast<PyObject*>(Py_TYPE(self)), text(get(self).href()));
}

template <std::string_view (url::*member)() const noexcept>
PyObject* view_getter(PyObject* self, void* /*closure*/) noexcept {
  return text((get(self).*member)());
}

template <std::string (url::*member)() const>
PyObject* string_getter(PyObject* self, void* /*closure*/) noexcept {
  try {
    return text((get(self).*member)());
  } catch (const std::bad_alloc&) {
    return PyErr_NoMemory();
  }
}

template <bool (url::*member)() const noexcept>
PyObject* bool_getter(PyObject* self, void* /*closure*/) noexcept {
  return boolean((get(self).*member)());
}

PyObject* get_port(PyObject* self, void* /*closure*/) noexcept { return port_or_none(get(self).port()); }
PyObject* get_effective_port(PyObject* self, void* /*closure*/) noexcept {
  return port_or_none(get(self).effective_port());
}
PyObject* get_query(PyObject* self, void* /*closure*/) noexcept { return text_or_none(get(self).query()); }
PyObject* get_fragment(PyObject* self, void* /*closure*/) noexcept { return text_or_none(get(self).fragment()); }

#define BADPORT_GETTER(name, fn, doc) {const_cast<char*>(name), fn, nullptr, const_cast<char*>(doc), nullptr}

PyGetSetDef getters[] = {
    BADPORT_GETTER("href", &view_getter<&url::href>, "the serialized URL"),
    BADPORT_GETTER("scheme", &view_getter<&url::scheme>, "lowercase, no colon"),
    BADPORT_GETTER("protocol", &string_getter<&url::protocol>, "the scheme and its colon, \"https:\""),
    BADPORT_GETTER("username", &view_getter<&url::username>, "percent-encoded"),
    BADPORT_GETTER("password", &view_getter<&url::password>, "percent-encoded"),
    BADPORT_GETTER("hostname", &view_getter<&url::hostname>,
                   "the serialized host (IDNA applied, IPv6 in brackets); \"\" when none"),
    BADPORT_GETTER("host", &string_getter<&url::host>, "hostname and \":port\" when the URL has a port"),
    BADPORT_GETTER("has_host", &bool_getter<&url::has_host>, "whether the URL has a host (maybe empty)"),
    BADPORT_GETTER("port", &get_port, "the explicit port; None when absent or the scheme's default"),
    BADPORT_GETTER("effective_port", &get_effective_port,
                   "the port, else the scheme's default port (80 for http), else None"),
    BADPORT_GETTER("pathname", &view_getter<&url::pathname>, "the serialized path"),
    BADPORT_GETTER("query", &get_query, "without \"?\"; None when absent"),
    BADPORT_GETTER("fragment", &get_fragment, "without \"#\"; None when absent"),
    BADPORT_GETTER("search", &string_getter<&url::search>, "\"?query\", or \"\""),
    BADPORT_GETTER("hash", &string_getter<&url::hash>, "\"#fragment\", or \"\""),
    BADPORT_GETTER("origin", &string_getter<&url::origin>, "the ASCII serialization of the origin"),
    BADPORT_GETTER("is_special", &bool_getter<&url::is_special>, "ftp, file, http, https, ws or wss"),
    BADPORT_GETTER("has_opaque_path", &bool_getter<&url::has_opaque_path>, "\"mailto:x\", \"javascript:...\""),
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

#undef BADPORT_GETTER

PyMethodDef methods[] = {
    {"__reduce__", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&reduce)), METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr}};

const char url_doc[] =
    "URL(url, base=None)\n--\n\n"
    "A URL parsed as browsers parse it (WHATWG URL Standard, IDNA included), against base (a str or URL) "
    "when given; the getters are the URL API's. ValueError with the reason when it does not parse.";

PyType_Slot slots[] = {
    {Py_tp_doc, const_cast<char*>(url_doc)},
    {Py_tp_new, reinterpret_cast<void*>(&new_url)},
    {Py_tp_dealloc, reinterpret_cast<void*>(&dealloc)},
    {Py_tp_repr, reinterpret_cast<void*>(&repr)},
    {Py_tp_str, reinterpret_cast<void*>(&str)},
    {Py_tp_hash, reinterpret_cast<void*>(&hash)},
    {Py_tp_richcompare, reinterpret_cast<void*>(&compare)},
    {Py_tp_getset, getters},
    {Py_tp_methods, methods},
    {0, nullptr}};

PyType_Spec spec = {"badport._badport.URL", sizeof(url_object), 0, Py_TPFLAGS_DEFAULT, slots};

PyMethodDef parse_url_def = {
    "parse_url", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&parse_url_call)),
    METH_FASTCALL | METH_KEYWORDS,
    "parse_url(url, base=None)\n--\n\n"
    "Parses a URL as browsers do (WHATWG URL Standard, IDNA included), against base (a str or URL) when "
    "given. ValueError with the reason when it does not parse."};

}  // namespace

void add_url_type(py::module_& m) {
  auto type = py::reinterpret_steal<py::object>(PyType_FromSpec(&spec));
  if (!type) throw py::error_already_set();
  url_type = reinterpret_cast<PyTypeObject*>(type.ptr());
  m.add_object("URL", type);  // the module keeps the type alive
  auto fn = py::reinterpret_steal<py::object>(PyCFunction_NewEx(&parse_url_def, nullptr, m.attr("__name__").ptr()));
  if (!fn) throw py::error_already_set();
  m.add_object("parse_url", fn);
}

bool is_url(py::handle h) noexcept { return url_type != nullptr && Py_IS_TYPE(h.ptr(), url_type); }

const url& url_of(py::handle h) noexcept { return get(h.ptr()); }

py::object make_url(url u) {
  PyObject* o = wrap(std::move(u));
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

}  // namespace badport::python
