// badport._badport: the Python module over badport's C++ core (include/badport/) and its
// adapters (badport::io: pick, scan, reading a prefs file). This file only converts: Python
// arguments into the core's types, the core's values into Python objects, the core's errors
// into Python exceptions. Every verdict, suggestion and parse is the core's. The GIL is
// released around work whose length the caller does not control: deciding targets, parsing
// many URLs, picking and scanning.

#include <badport/decision.h>
#include <badport/engine.h>
#include <badport/error.h>
#include <badport/io/overrides.h>
#include <badport/io/pick.h>
#include <badport/io/scan_tree.h>
#include <badport/port_spec.h>
#include <badport/ports.h>
#include <badport/rules.h>
#include <badport/suggest.h>
#include <badport/target.h>
#include <badport/url.h>
#include <badport/version.h>

#include "url_type.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace badport::python {
namespace {

// --- errors ---------------------------------------------------------------------------------

/// An error of the core that Python sees as OSError (a file or socket operation failed);
/// every other error of the core is bad input, a ValueError.
struct os_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void raise(const error& e) {
  if (e.code == errc::io_error) throw os_error(e.message());
  throw py::value_error(e.message());
}

template <class T>
T take(result<T>&& r) {
  if (!r) raise(r.error());
  return std::move(*r);
}

// --- arguments ------------------------------------------------------------------------------

/// The UTF-8 of a str, without a copy (CPython keeps it with the str); a str that is not text
/// (a lone surrogate) raises UnicodeEncodeError, a ValueError.
std::string_view utf8_of(py::handle h, const char* what) {
  if (!py::isinstance<py::str>(h))
    throw py::type_error(std::string(what) + " must be str, not " + std::string(py::str(h.get_type().attr("__name__"))));
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

std::string text_of(py::handle h, const char* what) { return std::string(utf8_of(h, what)); }

/// A path (str, bytes or os.PathLike) as the bytes the OS takes (os.fsencode).
std::string fs_path_of(py::handle h) {
  return py::module_::import("os").attr("fsencode")(h).cast<std::string>();
}

/// Bytes read from a file as text, as the CLI's JSON writes them: invalid UTF-8 as U+FFFD.
py::str lossy_text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

/// Bytes from the OS (a path) as Python shows them (os.fsdecode: undecodable bytes as surrogates).
py::str fs_text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeFSDefaultAndSize(s.data(), static_cast<Py_ssize_t>(s.size()));
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

/// A port number from a Python int; other values are the core's "invalid port" errors.
int port_of(py::handle h) {
  if (py::isinstance<py::bool_>(h) || !py::isinstance<py::int_>(h))
    throw py::type_error("port must be int, not " + std::string(py::str(h.get_type().attr("__name__"))));
  const std::string digits = py::str(h);
  return take(parse_port(digits));
}

/// engines=: None (every engine), "chromium,firefox" (as --engine takes it), or an iterable of
/// names and Engine objects. The core parses the names (aliases, "did you mean").
engine_set engines_of(py::handle h) {
  if (h.is_none()) return engine_set::all();
  if (py::isinstance<py::str>(h)) return take(parse_engine_list(utf8_of(h, "engines")));
  if (py::isinstance<engine_info>(h)) {
    engine_set s;
    s.insert(h.cast<const engine_info&>().id);
    return s;
  }
  std::string list;
  for (py::handle item : py::iter(h)) {
    if (!list.empty()) list += ',';
    list += py::isinstance<engine_info>(item) ? std::string(item.cast<const engine_info&>().name)
                                               : text_of(item, "an engine");
  }
  return take(parse_engine_list(list));
}

std::vector<port_range> port_list_of(py::handle value, const std::string& pref) {
  if (py::isinstance<py::int_>(value) && !py::isinstance<py::bool_>(value))
    return parse_firefox_port_list(std::string(py::str(value)));
  return parse_firefox_port_list(text_of(value, pref.c_str()));
}

/// chromium_flags=: a command line ("--explicitly-allowed-ports=6000,6665") or a sequence of
/// arguments. firefox_prefs=: the path of a prefs.js or user.js, or a mapping of the two port
/// prefs to their values, as about:config shows them.
overrides overrides_of(py::handle chromium_flags, py::handle firefox_prefs) {
  std::string flags;
  if (!chromium_flags.is_none()) {
    if (py::isinstance<py::str>(chromium_flags)) {
      flags = text_of(chromium_flags, "chromium_flags");
    } else {  // arguments: quoted into the command line a shell would split back into them
      const auto list = py::module_::import("builtins").attr("list")(chromium_flags);
      flags = text_of(py::module_::import("shlex").attr("join")(list), "chromium_flags");
    }
  }
  std::string prefs_path;
  std::optional<firefox_overrides> prefs_map;
  if (!firefox_prefs.is_none()) {
    if (py::isinstance<py::str>(firefox_prefs) || py::hasattr(firefox_prefs, "__fspath__")) {
      prefs_path = fs_path_of(firefox_prefs);
      if (prefs_path.empty()) raise(fail(errc::invalid_prefs, "", "empty path"));
    } else if (py::hasattr(firefox_prefs, "items")) {
      firefox_overrides f;
      for (auto item : firefox_prefs.attr("items")()) {
        const auto pair = item.cast<py::tuple>();
        const std::string pref = text_of(pair[0], "a Firefox pref name");
        if (pref == "network.security.ports.banned") f.banned = port_list_of(pair[1], pref);
        else if (pref == "network.security.ports.banned.override") f.banned_override = port_list_of(pair[1], pref);
        else
          raise(fail(errc::invalid_prefs, pref,
                     "not a port pref; badport reads network.security.ports.banned and "
                     "network.security.ports.banned.override"));
      }
      prefs_map = std::move(f);
    } else {
      throw py::type_error("firefox_prefs must be a path or a mapping of prefs");
    }
  }
  overrides user = take(io::read_overrides(flags, prefs_path));
  if (prefs_map) user.firefox = std::move(*prefs_map);
  return user;
}

decide_options decide_options_of(py::handle engines, py::handle chromium_flags, py::handle firefox_prefs) {
  decide_options o;
  o.engines = engines_of(engines);
  o.user = overrides_of(chromium_flags, firefox_prefs);
  return o;
}

/// A port range from "10000-20000", (first, last), a PortRange or a Python range of step 1.
port_interval interval_of(py::handle h) {
  if (py::isinstance<port_interval>(h)) return h.cast<port_interval>();
  if (py::isinstance<py::str>(h)) return take(parse_port_interval(utf8_of(h, "range")));
  if (py::isinstance(h, py::module_::import("builtins").attr("range"))) {
    if (h.attr("step").cast<long long>() != 1 || py::len(h) == 0)
      throw py::value_error("a port range must be a non-empty range() of step 1");
    const std::string text = std::string(py::str(h.attr("start"))) + "-" +
                             std::string(py::str(py::int_(h.attr("stop").cast<long long>() - 1)));
    return take(parse_port_interval(text));
  }
  if (py::isinstance<py::tuple>(h) && py::len(h) == 2) {
    const auto t = h.cast<py::tuple>();
    const int first = port_of(t[0]);
    const int last = port_of(t[1]);
    return take(parse_port_interval(std::to_string(first) + "-" + std::to_string(last)));
  }
  throw py::type_error("a port range must be \"A-B\", (first, last), a PortRange or a range()");
}

/// What to check: one target (int port or str) or an iterable of them, parsed by the core.
std::vector<target> targets_of(py::handle h) {
  std::vector<target> out;
  auto add = [&](py::handle item) {
    std::string text;
    if (py::isinstance<py::int_>(item) && !py::isinstance<py::bool_>(item)) text = py::str(item);
    else text = text_of(item, "a target");
    for (auto& t : take(parse_targets(text))) out.push_back(std::move(t));
  };
  if (py::isinstance<py::str>(h) || py::isinstance<py::int_>(h)) add(h);
  else if (py::isinstance<py::bytes>(h) || py::isinstance<py::bytearray>(h))
    throw py::type_error("a target must be int or str, not bytes");
  else
    for (py::handle item : py::iter(h)) add(item);
  return out;
}

// --- values ---------------------------------------------------------------------------------

py::object text_or_none(std::string_view s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s.data(), s.size())); }

template <class T>
py::object optional_or_none(const std::optional<T>& v) {
  return v ? py::object(py::cast(*v)) : py::object(py::none());
}

py::list engine_names(engine_set set) {
  py::list out;
  for (engine e : all_engines)
    if (set.contains(e)) out.append(py::str(std::string(name(e))));
  return out;
}

/// A target with what is the same for each of its decisions.
struct checked_target {
  target t;
  std::optional<port_interval> range_suggestion;
};

/// One decision of the core, with its target.
struct checked_decision {
  std::shared_ptr<checked_target> of;
  decision d;
};

/// A finding of a scan, with its file and line, and the core's suggestion for it.
struct finding {
  std::string path;
  scan_finding f;
  std::string source;
  std::optional<std::uint16_t> suggestion;        ///< the project's replacement (io::plan_replacements)
  std::optional<port_interval> range_suggestion;  ///< for a port of a range: the run to use instead
};

/// Something a scan could not read.
struct problem {
  std::string path;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string message;
  bool error = true;
};

struct scan_result {
  std::vector<finding> findings;
  std::vector<problem> problems;
  std::size_t files_read = 0;
  std::size_t binary_skipped = 0;
};

py::object interval_dict(const std::optional<port_interval>& p) {
  if (!p) return py::none();
  py::dict d;
  d["first"] = p->first;
  d["last"] = p->last;
  return d;
}

py::object since_dict(const std::optional<since_info>& s) {
  if (!s) return py::none();
  py::dict d;
  d["date"] = s->known() ? text_or_none(s->date) : py::object(py::none());
  d["version"] = text_or_none(s->version);
  d["source"] = text_or_none(s->source);
  return d;
}

/// A badport.check/2 result object (doc/schema/check.schema.json).
py::dict decision_dict(const checked_decision& c) {
  const target& t = c.of->t;
  const decision& d = c.d;
  py::dict j;
  py::dict tj;
  tj["input"] = t.input;
  tj["kind"] = py::str(std::string(name(t.kind)));
  tj["read_as"] = text_or_none(t.read_as);
  tj["ports"] = interval_dict(t.ports);
  tj["range_suggestion"] = interval_dict(c.of->range_suggestion);
  j["target"] = std::move(tj);
  j["port"] = d.port >= 0 ? py::object(py::int_(d.port)) : py::object(py::none());
  j["scheme"] = d.scheme;
  if (t.address) {
    py::dict u;
    u["href"] = py::str(std::string(t.address->href()));
    u["port"] = optional_or_none(t.address->port());
    j["url"] = std::move(u);
  } else {
    j["url"] = py::none();
  }
  j["blocked"] = d.blocked();
  j["blocked_by"] = engine_names(d.blocked_by);
  j["service"] = d.entry ? text_or_none(d.entry->service) : py::object(py::none());
  j["description"] = d.entry ? text_or_none(d.entry->description) : py::object(py::none());
  j["attack"] = d.entry ? py::object(py::str(std::string(name(d.entry->why)))) : py::object(py::none());
  j["attack_description"] = d.entry ? text_or_none(describe(d.entry->why)) : py::object(py::none());
  py::list verdicts;
  for (const auto& v : d.verdicts) {
    py::dict e;
    e["engine"] = py::str(std::string(name(v.id)));
    e["blocked"] = v.blocked;
    e["reason"] = py::str(std::string(name(v.why)));
    e["since"] = since_dict(v.since);
    e["error_code"] = v.blocked ? py::object(py::str(v.error_code)) : py::object(py::none());
    e["error_text"] = text_or_none(v.error_text);
    e["override"] = text_or_none(v.override_text);
    verdicts.append(std::move(e));
  }
  j["verdicts"] = std::move(verdicts);
  py::dict nearest;
  nearest["below"] = optional_or_none(d.nearest.below);
  nearest["above"] = optional_or_none(d.nearest.above);
  j["nearest"] = std::move(nearest);
  j["suggestion"] = optional_or_none(d.suggestion);
  return j;
}

py::dict finding_dict(const finding& x) {
  py::dict j;
  j["path"] = fs_text(x.path);
  j["line"] = x.f.line;
  j["column"] = x.f.column;
  j["port"] = x.f.port;
  const port_info* entry = find_port(x.f.port);
  j["service"] = entry ? text_or_none(entry->service) : py::object(py::none());
  j["blocked_by"] = engine_names(x.f.blocked_by);
  j["severity"] = py::str(std::string(name(x.f.level)));
  j["rule"] = x.f.rule;
  j["kind"] = py::str(std::string(name(x.f.kind)));
  j["context"] = lossy_text(x.f.context);
  j["suggestion"] = optional_or_none(x.suggestion);
  j["source"] = lossy_text(x.source);
  if (x.f.range_first != x.f.range_last) {
    py::dict range;
    range["first"] = x.f.range_first;
    range["last"] = x.f.range_last;
    range["more"] = x.f.more_in_range;
    j["range"] = std::move(range);
    if (x.range_suggestion) {
      py::dict r;
      r["first"] = x.range_suggestion->first;
      r["last"] = x.range_suggestion->last;
      j["range_suggestion"] = std::move(r);
    } else {
      j["range_suggestion"] = py::none();
    }
  }
  return j;
}

std::string repr_str(const std::string& s) { return py::repr(py::str(s)); }

// --- functions ------------------------------------------------------------------------------

std::vector<checked_decision> decide_targets(std::vector<target> targets, const decide_options& options) {
  std::vector<checked_decision> out;
  for (auto& t : targets) {
    auto of = std::make_shared<checked_target>();
    of->t = std::move(t);
    of->range_suggestion = suggest_for(of->t, options);
    decide_each(of->t, options, [&](const decision& d) { out.push_back({of, d}); });
  }
  return out;
}

py::list check(py::handle what, py::handle engines, py::handle chromium_flags, py::handle firefox_prefs) {
  auto targets = targets_of(what);
  const auto options = decide_options_of(engines, chromium_flags, firefox_prefs);
  std::vector<checked_decision> decisions;
  {
    py::gil_scoped_release unlocked;
    decisions = decide_targets(std::move(targets), options);
  }
  py::list out(decisions.size());
  for (std::size_t i = 0; i < decisions.size(); ++i) out[i] = py::cast(std::move(decisions[i]));
  return out;
}

bool is_blocked(py::handle what, py::handle engines, py::handle chromium_flags, py::handle firefox_prefs) {
  const engine_set set = engines_of(engines);
  const overrides user = overrides_of(chromium_flags, firefox_prefs);
  if (py::isinstance<py::int_>(what)) return !is_allowed(port_of(what), set, user);
  text_of(what, "target");  // one port or one target, not a collection
  for (const auto& t : targets_of(what)) {
    if (t.address) {
      if (!blocking_engines(*t.address, set, user).empty()) return true;
    } else if (t.ports) {
      for (std::uint32_t p = t.ports->first; p <= t.ports->last; ++p)
        if (!is_allowed(static_cast<int>(p), set, user)) return true;
    }
  }
  return false;
}

py::list parse_urls(py::handle urls, py::handle base) {
  std::optional<url> base_url;
  if (is_url(base)) base_url = url_of(base);
  else if (!base.is_none()) base_url = take(parse_url(text_of(base, "base")));
  // Take the UTF-8 of every input first (the GIL is needed for that), then parse without it.
  std::vector<py::object> keep;
  std::vector<std::string_view> inputs;
  for (py::handle item : py::iter(urls)) {
    inputs.push_back(utf8_of(item, "a URL"));
    keep.push_back(py::reinterpret_borrow<py::object>(item));
  }
  std::vector<std::optional<url>> parsed(inputs.size());
  {
    py::gil_scoped_release unlocked;
    const url* b = base_url ? &*base_url : nullptr;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      auto r = parse_url(inputs[i], b);
      if (r) parsed[i] = std::move(*r);
    }
  }
  py::list out(parsed.size());
  for (std::size_t i = 0; i < parsed.size(); ++i)
    out[i] = parsed[i] ? py::cast(std::move(*parsed[i])) : py::none();
  return out;
}

/// The database's ports that a chosen engine refuses, as `badport list` lists them.
std::vector<std::uint16_t> blocked_ports_of(py::handle engines) {
  const engine_set set = engines_of(engines);
  std::vector<std::uint16_t> out;
  for (const port_info& p : known_ports())
    if (badport::is_blocked(p.port, set)) out.push_back(p.port);
  return out;
}

io::pick_options pick_options_of(py::handle near, py::handle range, py::handle host, py::handle engines) {
  io::pick_options o;
  if (!near.is_none()) o.near = static_cast<std::uint16_t>(port_of(near));
  if (!range.is_none()) o.range = interval_of(range);
  if (!host.is_none()) o.host = text_of(host, "host");
  o.engines = engines_of(engines);
  return o;
}

std::vector<std::uint16_t> pick_ports(std::size_t count, py::handle near, py::handle range, py::handle host,
                                      py::handle engines) {
  auto o = pick_options_of(near, range, host, engines);
  o.count = count;
  result<std::vector<std::uint16_t>> r = std::vector<std::uint16_t>{};
  {
    py::gil_scoped_release unlocked;
    r = io::pick_ports(o);
  }
  return take(std::move(r));
}

scan_result scan(py::handle paths, py::handle engines, bool ignore, bool follow_symlinks, std::uint64_t max_file_size) {
  std::vector<std::string> roots;
  if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__")) roots.push_back(fs_path_of(paths));
  else
    for (py::handle p : py::iter(paths)) roots.push_back(fs_path_of(p));
  if (roots.empty()) throw py::value_error(fail(errc::invalid_argument, "", "nothing to scan").message());
  io::tree_scan_options o;
  o.engines = engines_of(engines);
  o.walk.respect_ignore = ignore;
  o.walk.follow_symlinks = follow_symlinks;
  o.walk.max_file_size = max_file_size;
  scan_result out;
  py::gil_scoped_release unlocked;
  io::tree_scan s = io::scan_tree(roots, o);
  io::plan_replacements(s, o.engines);  // the project's one replacement per port, as the CLI prints it
  for (auto& file : s.files) {
    for (const auto& f : file.report.findings) {
      out.findings.push_back({file.path, f, f.excerpt, io::replacement_of(s, f), io::range_replacement_of(s, f)});
    }
    for (const auto& p : file.report.problems) out.problems.push_back({file.path, p.line, p.column, p.message, true});
  }
  for (auto& n : s.notices) out.problems.push_back({n.path, 0, 0, n.message, n.is_error});
  out.files_read = s.files_read;
  out.binary_skipped = s.binary_skipped;
  return out;
}

}  // namespace
}  // namespace badport::python

using namespace badport;          // NOLINT(google-build-using-namespace)
using namespace badport::python;  // NOLINT(google-build-using-namespace)

PYBIND11_MODULE(_badport, m) {
  m.doc() = "badport: which TCP ports browsers and JavaScript runtimes refuse, why, and what to use instead";
  m.attr("__version__") = std::string(version());

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const os_error& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });

  // Engine
  py::class_<engine_info>(m, "Engine", "An engine (a browser engine, a standard or a runtime) and what badport knows of it")
      .def_property_readonly("name", [](const engine_info& e) { return std::string(e.name); }, "canonical name, \"chromium\"")
      .def_property_readonly("display_name", [](const engine_info& e) { return std::string(e.display_name); })
      .def_property_readonly("products", [](const engine_info& e) { return std::string(e.products); },
                             "who uses it, \"Chrome, Edge, Brave, Opera, Electron\"")
      .def_property_readonly("source_url", [](const engine_info& e) { return std::string(e.source_url); },
                             "where the engine's list is defined")
      .def_property_readonly("source_ref", [](const engine_info& e) { return std::string(e.source_ref); },
                             "the copy of the source badport's data was checked against")
      .def_property_readonly("error_code", [](const engine_info& e) { return text_or_none(e.error_code); })
      .def_property_readonly("error_text", [](const engine_info& e) { return std::string(e.error_text); },
                             "what the user sees; {port} stands for the port")
      .def_property_readonly("override_text", [](const engine_info& e) { return std::string(e.override_text); },
                             "how to re-enable a port; {port} stands for the port")
      .def_property_readonly("schemes", [](const engine_info& e) { return std::string(e.schemes); })
      .def("__str__", [](const engine_info& e) { return std::string(e.name); })
      .def("__repr__", [](const engine_info& e) { return "Engine(" + repr_str(std::string(e.name)) + ")"; })
      .def("__eq__", [](const engine_info& a, py::handle b) {
        return py::isinstance<engine_info>(b) && a.id == b.cast<const engine_info&>().id;
      })
      .def("__hash__", [](const engine_info& e) { return py::hash(py::str(std::string(e.name))); });

  m.def(
      "engines",
      [](py::handle selection) {
        const engine_set set = engines_of(selection);
        py::list out;
        for (engine e : all_engines)
          if (set.contains(e)) out.append(py::cast(info(e), py::return_value_policy::reference));
        return out;
      },
      py::arg("selection") = py::none(),
      "The engines of a selection, as engines= takes it (a comma list or an iterable of names, aliases "
      "included), in display order; every engine badport knows when selection is None.");
  m.def(
      "engine", [](const std::string& n) { return &info(take(parse_engine(n))); }, py::arg("name"),
      py::return_value_policy::reference,
      "The engine of a name or alias (chrome, safari, gecko, ...); ValueError with \"did you mean\" otherwise.");

  // PortRange
  py::class_<port_interval>(m, "PortRange", "An inclusive range of ports, first <= last")
      .def(py::init([](py::handle first, py::handle last) {
             return take(parse_port_interval(std::to_string(port_of(first)) + "-" + std::to_string(port_of(last))));
           }),
           py::arg("first"), py::arg("last"))
      .def_readonly("first", &port_interval::first)
      .def_readonly("last", &port_interval::last)
      .def("__len__", &port_interval::size)
      .def("__iter__", [](const port_interval& p) {
        return py::iter(py::module_::import("builtins").attr("range")(p.first, p.last + 1));
      })
      .def("__contains__", [](const port_interval& p, py::handle x) {
        if (!py::isinstance<py::int_>(x)) return false;
        const long long v = x.cast<long long>();
        return v >= p.first && v <= p.last;
      })
      .def("__eq__", [](const port_interval& a, py::handle b) {
        return py::isinstance<port_interval>(b) && a == b.cast<port_interval>();
      })
      .def("__hash__", [](const port_interval& p) { return py::hash(py::make_tuple(p.first, p.last)); })
      .def("__repr__", [](const port_interval& p) {
        return "PortRange(" + std::to_string(p.first) + ", " + std::to_string(p.last) + ")";
      })
      .def("__str__", [](const port_interval& p) {
        return p.first == p.last ? std::to_string(p.first) : std::to_string(p.first) + "-" + std::to_string(p.last);
      })
      .def("to_dict", [](const port_interval& p) { return interval_dict(p); });

  // URL, parse_url (url_type.cpp)
  add_url_type(m);
  m.def("parse_urls", &parse_urls, py::arg("urls"), py::arg("base") = py::none(),
        "parse_url for many URLs at once, without holding the GIL while parsing: a list with a URL, or None "
        "where the input does not parse.");

  // Nearest, Since, Verdict, Target, Decision
  py::class_<nearest_ports>(m, "Nearest", "The nearest ports below and above that no chosen engine refuses")
      .def_readonly("below", &nearest_ports::below)
      .def_readonly("above", &nearest_ports::above)
      .def("__repr__", [](const nearest_ports& n) {
        return "Nearest(below=" + std::string(py::repr(optional_or_none(n.below))) +
               ", above=" + std::string(py::repr(optional_or_none(n.above))) + ")";
      })
      .def("__eq__", [](const nearest_ports& a, py::handle b) {
        if (!py::isinstance<nearest_ports>(b)) return false;
        const auto& o = b.cast<const nearest_ports&>();
        return a.below == o.below && a.above == o.above;
      })
      .def("to_dict", [](const nearest_ports& n) {
        py::dict d;
        d["below"] = optional_or_none(n.below);
        d["above"] = optional_or_none(n.above);
        return d;
      });

  py::class_<since_info>(m, "Since", "When and where an engine started to list a port; unknown parts are None")
      .def_property_readonly("date", [](const since_info& s) { return text_or_none(s.date); },
                             "YYYY-MM-DD, YYYY-MM or YYYY")
      .def_property_readonly("version", [](const since_info& s) { return text_or_none(s.version); },
                             "\"Chrome 91\"")
      .def_property_readonly("source", [](const since_info& s) { return text_or_none(s.source); },
                             "the commit, bug or change that added it")
      .def("__repr__", [](const since_info& s) {
        return "Since(date=" + std::string(py::repr(text_or_none(s.date))) +
               ", version=" + std::string(py::repr(text_or_none(s.version))) + ")";
      })
      .def("to_dict", [](const since_info& s) { return since_dict(s); });

  py::class_<engine_decision>(m, "Verdict", "One engine's verdict on a port, explained")
      .def_property_readonly("engine", [](const engine_decision& v) { return std::string(name(v.id)); })
      .def_readonly("blocked", &engine_decision::blocked)
      .def_property_readonly("reason", [](const engine_decision& v) { return std::string(name(v.why)); },
                             "listed, not-listed, out-of-range, explicitly-allowed, pref-banned, ...")
      .def_property_readonly("reason_text", [](const engine_decision& v) { return std::string(describe(v.why)); })
      .def_readonly("since", &engine_decision::since, "since when the engine lists the port; None when it does not")
      .def_property_readonly("error_code", [](const engine_decision& v) { return text_or_none(v.error_code); })
      .def_property_readonly("error_text", [](const engine_decision& v) { return text_or_none(v.error_text); },
                             "what the user sees, when blocked")
      .def_property_readonly("override", [](const engine_decision& v) { return text_or_none(v.override_text); },
                             "how to re-enable the port, when blocked")
      .def("__repr__", [](const engine_decision& v) {
        return "Verdict(engine=" + repr_str(std::string(name(v.id))) + ", blocked=" + (v.blocked ? "True" : "False") +
               ", reason=" + repr_str(std::string(name(v.why))) + ")";
      });

  py::class_<checked_target, std::shared_ptr<checked_target>>(m, "Target", "What was checked, and how badport read it")
      .def_property_readonly("input", [](const checked_target& c) { return c.t.input; })
      .def_property_readonly("kind", [](const checked_target& c) { return std::string(name(c.t.kind)); },
                             "port, range, url, host-port or publish")
      .def_property_readonly("read_as", [](const checked_target& c) { return text_or_none(c.t.read_as); })
      .def_property_readonly("ports", [](const checked_target& c) { return c.t.ports; })
      .def_property_readonly("url", [](const checked_target& c) { return c.t.address; })
      .def_property_readonly("range_suggestion", [](const checked_target& c) { return c.range_suggestion; },
                             "for several ports with a blocked one: the run of the same length to use instead")
      .def("__repr__", [](const checked_target& c) {
        return "Target(" + repr_str(c.t.input) + ", kind=" + repr_str(std::string(name(c.t.kind))) + ")";
      });

  py::class_<checked_decision>(m, "Decision", "The core's decision on one port, or on a URL's effective port")
      .def_property_readonly("target", [](const checked_decision& c) { return c.of; })
      .def_property_readonly("port", [](const checked_decision& c) {
        return c.d.port >= 0 ? py::object(py::int_(c.d.port)) : py::object(py::none());
      })
      .def_property_readonly("scheme", [](const checked_decision& c) { return c.d.scheme; })
      .def_property_readonly("url", [](const checked_decision& c) { return c.of->t.address; })
      .def_property_readonly("blocked", [](const checked_decision& c) { return c.d.blocked(); })
      .def_property_readonly("blocked_by", [](const checked_decision& c) { return engine_names(c.d.blocked_by); })
      .def_property_readonly("engines", [](const checked_decision& c) { return engine_names(c.d.engines); })
      .def_property_readonly("service", [](const checked_decision& c) {
        return c.d.entry ? text_or_none(c.d.entry->service) : py::object(py::none());
      })
      .def_property_readonly("description", [](const checked_decision& c) {
        return c.d.entry ? text_or_none(c.d.entry->description) : py::object(py::none());
      })
      .def_property_readonly("attack", [](const checked_decision& c) {
        return c.d.entry ? py::object(py::str(std::string(name(c.d.entry->why)))) : py::object(py::none());
      })
      .def_property_readonly("attack_description", [](const checked_decision& c) {
        return c.d.entry ? text_or_none(describe(c.d.entry->why)) : py::object(py::none());
      })
      .def_property_readonly("verdicts", [](const checked_decision& c) { return c.d.verdicts; })
      .def_property_readonly("nearest", [](const checked_decision& c) { return c.d.nearest; })
      .def_property_readonly("suggestion", [](const checked_decision& c) { return c.d.suggestion; },
                             "when blocked: the port to use instead (the next usable port above)")
      .def("to_dict", &decision_dict, "The decision as a badport.check/2 result object, as `badport check --json` prints it")
      .def("__repr__", [](const checked_decision& c) {
        std::string s = "<Decision " + (c.of->t.address ? std::string(c.of->t.address->href()) : std::to_string(c.d.port));
        if (c.d.blocked()) {
          s += " blocked by ";
          std::string sep;
          for (engine e : all_engines)
            if (c.d.blocked_by.contains(e)) s += std::exchange(sep, ",") + std::string(name(e));
        } else {
          s += " allowed";
        }
        return s + ">";
      });

  m.def("check", &badport::python::check, py::arg("target"), py::kw_only(), py::arg("engines") = py::none(),
        py::arg("chromium_flags") = py::none(), py::arg("firefox_prefs") = py::none(),
        "Decides a target, or an iterable of targets, as `badport check` does: ports (6000), ranges "
        "(\"6000-6010\"), comma lists, URLs, host:port, Docker mappings. One Decision per port of a range, one per "
        "URL. ValueError with the core's message on input it cannot read.");
  m.def("is_blocked", &badport::python::is_blocked, py::arg("target"), py::kw_only(), py::arg("engines") = py::none(),
        py::arg("chromium_flags") = py::none(), py::arg("firefox_prefs") = py::none(),
        "Whether a chosen engine refuses the port (an int), or any port or URL of a target (a str).");
  m.def(
      "nearest_allowed",
      [](py::handle port, py::handle engines, py::handle chromium_flags, py::handle firefox_prefs) {
        return decide(port_of(port), decide_options_of(engines, chromium_flags, firefox_prefs)).nearest;
      },
      py::arg("port"), py::kw_only(), py::arg("engines") = py::none(), py::arg("chromium_flags") = py::none(),
      py::arg("firefox_prefs") = py::none(),
      "The nearest ports below and above port that no chosen engine refuses, under the overrides.");
  m.def(
      "suggest",
      [](py::handle port, py::handle engines, py::handle chromium_flags, py::handle firefox_prefs, py::handle within) {
        suggest_options o;
        o.engines = engines_of(engines);
        o.user = overrides_of(chromium_flags, firefox_prefs);
        if (!within.is_none()) o.within = interval_of(within);
        return suggest_port(port_of(port), o);
      },
      py::arg("port"), py::kw_only(), py::arg("engines") = py::none(), py::arg("chromium_flags") = py::none(),
      py::arg("firefox_prefs") = py::none(), py::arg("within") = py::none(),
      "The port to use instead of port: itself when no chosen engine refuses it, else the next allowed port "
      "above, else the nearest below; None when no port of within qualifies.");
  m.def("blocked_ports", &blocked_ports_of, py::kw_only(), py::arg("engines") = py::none(),
        "The ports that a chosen engine refuses today, sorted, as `badport list` lists them.");
  m.def(
      "database_date", [] { return std::string(database_date()); },
      "When the database's facts were last checked, YYYY-MM-DD.");

  m.def(
      "pick",
      [](py::handle near, py::handle range, py::handle host, py::handle engines) {
        return pick_ports(1, near, range, host, engines).front();
      },
      py::arg("near") = py::none(), py::arg("range") = py::none(), py::kw_only(), py::arg("host") = py::none(),
      py::arg("engines") = py::none(),
      "A free TCP port that no chosen engine refuses, proved free by binding it on loopback (127.0.0.1 and ::1) "
      "or host: near itself if it qualifies, else the next such port above, as check suggests; without near, at random in range (default 10000-32767). Another process may take it "
      "afterwards. OSError when no port qualifies.");
  m.def("pick_ports", &pick_ports, py::arg("count"), py::arg("near") = py::none(), py::arg("range") = py::none(),
        py::kw_only(), py::arg("host") = py::none(), py::arg("engines") = py::none(),
        "count distinct ports, as pick() picks one.");

  // Scan
  py::class_<finding>(m, "Finding", "A blocked port written in a file")
      .def_property_readonly("path", [](const finding& x) { return fs_text(x.path); })
      .def_property_readonly("line", [](const finding& x) { return x.f.line; }, "1-based")
      .def_property_readonly("column", [](const finding& x) { return x.f.column; }, "1-based, in bytes")
      .def_property_readonly("port", [](const finding& x) { return x.f.port; })
      .def_property_readonly("service", [](const finding& x) {
        const port_info* e = find_port(x.f.port);
        return e ? text_or_none(e->service) : py::object(py::none());
      })
      .def_property_readonly("blocked_by", [](const finding& x) { return engine_names(x.f.blocked_by); })
      .def_property_readonly("severity", [](const finding& x) { return std::string(name(x.f.level)); },
                             "error (a port a browser opens) or warning (a port inside a container)")
      .def_property_readonly("rule", [](const finding& x) { return x.f.rule; })
      .def_property_readonly("kind", [](const finding& x) { return std::string(name(x.f.kind)); },
                             "the kind of place: 'listen call', 'compose host port', 'config key', ...")
      .def_property_readonly("context", [](const finding& x) { return lossy_text(x.f.context); })
      .def_property_readonly("source", [](const finding& x) { return lossy_text(x.source); }, "an excerpt of the line of the file")
      .def_readonly("suggestion", &finding::suggestion)
      .def("to_dict", &finding_dict, "The finding as `badport scan --json` prints it")
      .def("__repr__", [](const finding& x) {
        return "<Finding " + x.path + ":" + std::to_string(x.f.line) + ":" + std::to_string(x.f.column) + " port " +
               std::to_string(x.f.port) + ">";
      });
  py::class_<problem>(m, "ScanProblem", "A file or folder a scan could not read (error) or skipped (note)")
      .def_property_readonly("path", [](const problem& p) { return fs_text(p.path); })
      .def_property_readonly("line", [](const problem& p) {
        return p.line ? py::object(py::int_(p.line)) : py::object(py::none());
      })
      .def_property_readonly("column", [](const problem& p) {
        return p.column ? py::object(py::int_(p.column)) : py::object(py::none());
      })
      .def_property_readonly("message", [](const problem& p) { return lossy_text(p.message); })
      .def_readonly("error", &problem::error)
      .def("__repr__", [](const problem& p) { return "<ScanProblem " + p.path + ": " + p.message + ">"; });
  py::class_<scan_result>(m, "ScanReport", "What a scan found: findings in walk order, and what it could not read")
      .def_readonly("findings", &scan_result::findings)
      .def_readonly("problems", &scan_result::problems)
      .def_readonly("files_read", &scan_result::files_read)
      .def_readonly("binary_skipped", &scan_result::binary_skipped)
      .def("__len__", [](const scan_result& s) { return s.findings.size(); })
      .def("__iter__", [](py::object self) { return py::iter(self.attr("findings")); })
      .def("__repr__", [](const scan_result& s) {
        return "<ScanReport " + std::to_string(s.findings.size()) + " findings, " + std::to_string(s.problems.size()) +
               " problems, " + std::to_string(s.files_read) + " files read>";
      });
  m.def("scan", &scan, py::arg("paths"), py::kw_only(), py::arg("engines") = py::none(), py::arg("ignore") = true,
        py::arg("follow_symlinks") = false, py::arg("max_file_size") = std::uint64_t{1} << 20,
        "Scans files and folders as `badport scan` does (compose files, Dockerfiles, .env, package.json, server "
        "configs, URLs...) for ports the chosen engines refuse. ignore=False reads what .gitignore excludes.");
}
