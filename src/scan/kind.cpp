// The kinds of place a finding names, and the kind of a finding whose scanner names none.

#include "scan_detail.h"

namespace badport {

std::string_view name(finding_kind k) noexcept {
  switch (k) {
    case finding_kind::url: return "URL";
    case finding_kind::address: return "address";
    case finding_kind::listen_call: return "listen call";
    case finding_kind::port_default: return "port default";
    case finding_kind::dev_server_config: return "dev server config";
    case finding_kind::command_line: return "command line";
    case finding_kind::env_variable: return "env variable";
    case finding_kind::compose_host_port: return "compose host port";
    case finding_kind::compose_container_port: return "compose container port";
    case finding_kind::expose: return "EXPOSE";
    case finding_kind::server_config: return "server config";
    case finding_kind::config_key: return "config key";
    case finding_kind::doc_example: return "doc example";
    case finding_kind::published_port: return "published port";
    case finding_kind::port_forward: return "port forward";
    case finding_kind::socket_unit: return "socket unit";
  }
  return "URL";
}

namespace detail {

finding_kind kind_of_rule(std::string_view rule, std::string_view context) noexcept {
  if (rule == "url-port") return finding_kind::url;
  if (rule == "address-port") return finding_kind::address;
  if (rule == "config-port") return finding_kind::config_key;
  if (rule == "doc-port") return finding_kind::doc_example;
  if (rule == "container-port")
    return context.starts_with("EXPOSE") ? finding_kind::expose : finding_kind::compose_container_port;
  if (rule == "published-port") {
    if (context.starts_with("compose")) return finding_kind::compose_host_port;
    if (context.starts_with("Spring")) return finding_kind::server_config;
    return finding_kind::published_port;
  }
  if (rule == "host-port") {
    if (context.starts_with("nginx") || context.starts_with("Apache") || context.starts_with("Caddyfile") ||
        context.find("server.port") != std::string_view::npos)
      return finding_kind::server_config;
    if (context.starts_with("Makefile variable") || context.ends_with("="))
      return finding_kind::env_variable;
    return finding_kind::command_line;
  }
  return finding_kind::listen_call;
}

}  // namespace detail
}  // namespace badport
