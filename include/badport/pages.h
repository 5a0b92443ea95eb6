#pragma once
/// \file pages.h
/// The HTML pages badport's servers send to browsers, built into the library, and how a page
/// gets its configuration. Serving them is io's part (io/serve.h, io/probe.h).

#include <string>
#include <string_view>

namespace badport {

/// The page `badport serve` and `badport probe --open` send to a visitor's browser: it requests
/// every served port and shows which ones the browser refused. One `/*CONFIG*/` placeholder
/// for a JSON object: {title, token, run, ports: [{port, bound, reason, service, description,
/// why, blocked_by: []}], untested: [{port, service, blocked_by}]}.
[[nodiscard]] std::string_view serve_page_html() noexcept;

/// The page the probed browser loads. One `/*CONFIG*/` placeholder for a JSON object:
/// {token, host, ranges: [[first, last]...], alone, chain, forms: [{id, url, ws}], window}.
[[nodiscard]] std::string_view probe_page_html() noexcept;

/// `page` with its first `/*CONFIG*/` replaced by `config_json`, every "</" of which is written
/// "<\/" (the same string to JavaScript), so that no text in the configuration can end the
/// page's script element. `page` unchanged when it has no placeholder.
[[nodiscard]] std::string embed_page_config(std::string_view page, std::string_view config_json);

}  // namespace badport
