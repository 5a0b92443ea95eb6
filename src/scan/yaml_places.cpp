// YAML beyond Compose and the named Kubernetes keys (yaml.cpp): a file is read as Compose
// by its content whatever its name (a top-level `services:` whose services have `ports:`);
// Kubernetes LoadBalancer Services (their `port` is published); skaffold
// `portForward`; and an application's own config keys (`port: 6000`, `listen: 0.0.0.0:6000`)
// as warnings, Helm values included. Kubernetes objects other than those say nothing here:
// `containerPort` and `targetPort` are the container's side.

#include "places.h"
#include "yaml_detail.h"

#include <string>
#include <vector>

namespace badport {

using detail::finding_sink;

namespace detail {

bool looks_like_compose(std::string_view text) {
  // A `services:` key at the top level and a `ports:` key somewhere: cheap, before parsing.
  bool services = false;
  detail::for_each_line(text, [&](std::string_view line, std::size_t) {
    services = services || line.starts_with("services:");
  });
  return services && text.find("ports:") != std::string_view::npos;
}

}  // namespace detail

namespace {

std::string scalar(const YAML::Node& n) {
  try {
    return n && n.IsScalar() ? n.Scalar() : std::string();
  } catch (const YAML::Exception&) {
    return {};
  }
}

// The offset of a scalar's value in the text: its mark, where the value text starts.
std::size_t mark_of(const YAML::Node& n, std::string_view text) {
  const auto pos = n.Mark().pos;
  return pos >= 0 && static_cast<std::size_t>(pos) <= text.size() ? static_cast<std::size_t>(pos) : text.size();
}

// Judges a scalar at a node: the value's text is searched on the node's line from its mark.
void judge_node(finding_sink& sink, const std::vector<std::string>& path, const YAML::Node& value,
                finding_kind kind = finding_kind::config_key, severity level = severity::warning,
                std::string_view rule = "config-port") {
  const auto text = sink.content();
  const std::string v = scalar(value);
  if (v.empty() || v.size() > 200) return;
  const auto at = mark_of(value, text);
  auto nl = text.find('\n', at);
  if (nl == std::string_view::npos) nl = text.size();
  const auto where = text.substr(at, nl - at).find(v);
  if (where == std::string_view::npos) return;  // a block scalar or a value from an alias
  detail::judge_config_value(sink, path, v, at + where, kind, level, rule);
}

struct walker {
  finding_sink& sink;
  std::size_t visits = 0;
  std::vector<std::string> path;

  bool spend() { return ++visits <= max_yaml_nodes; }

  void walk(const YAML::Node& n, std::size_t depth) {
    if (!spend() || depth > max_nesting_depth) return;
    if (n.IsSequence()) {
      for (const auto& item : n) walk(item, depth + 1);
      return;
    }
    if (!n.IsMap()) return;
    for (const auto& kv : n) {
      const std::string key = scalar(kv.first);
      path.push_back(key);
      if (kv.second.IsScalar()) judge_node(sink, path, kv.second);
      else walk(kv.second, depth + 1);
      path.pop_back();
    }
  }
};

void scan_kubernetes(finding_sink& sink, const YAML::Node& doc) {
  const auto kind = scalar(doc["kind"]);
  if (kind == "Service") {
    const auto spec = doc["spec"];
    if (!spec || !spec.IsMap()) return;
    // A LoadBalancer serves `port` on its external address; a NodePort Service publishes its
    // nodePort (yaml.cpp), and its `port` stays inside the cluster.
    if (scalar(spec["type"]) != "LoadBalancer") return;
    const auto ports = spec["ports"];
    if (!ports || !ports.IsSequence()) return;
    for (const auto& p : ports) {
      if (!p.IsMap() || !p["port"]) continue;
      judge_node(sink, {"port"}, p["port"], finding_kind::published_port, severity::error, "published-port");
    }
  }
}

void scan_skaffold(finding_sink& sink, const YAML::Node& doc) {
  const auto forwards = doc["portForward"];
  if (!forwards || !forwards.IsSequence()) return;
  for (const auto& f : forwards) {
    if (!f.IsMap()) continue;
    const auto local = f["localPort"] ? f["localPort"] : f["port"];
    if (local) judge_node(sink, {"port"}, local, finding_kind::port_forward, severity::error, "published-port");
  }
}

}  // namespace

namespace detail {

scan_report scan_yaml_places(const scan_input& in) {
  scan_report out;
  finding_sink sink(in, out);
  if (!has_wanted_digits(sink, 0, in.content.size())) return out;
  // Templates ({{ .Values.port }}) are not YAML until rendered: yaml.cpp reads their lines.
  if (in.content.find("{{") != std::string_view::npos) return out;
  const auto docs = load_yaml(sink);
  if (!docs) {
    out.problems.clear();  // yaml.cpp's own reading reports them
    return out;
  }
  try {
    for (const auto& doc : *docs) {
      if (!doc.IsMap()) continue;
      const auto api = scalar(doc["apiVersion"]);
      if (api.starts_with("skaffold/")) {
        scan_skaffold(sink, doc);
        continue;
      }
      if (!api.empty() && doc["kind"]) {
        scan_kubernetes(sink, doc);
        continue;
      }
      // A compose file by content: scan_compose reads it.
      if (doc["services"] && doc["services"].IsMap()) continue;
      walker w{sink, 0, {}};
      w.walk(doc, 0);
    }
  } catch (const YAML::Exception& e) {
    sink.problem(std::string_view::npos, "unexpected YAML structure: " + e.msg);
  }
  sort_findings(out);
  return out;
}

}  // namespace detail

}  // namespace badport
