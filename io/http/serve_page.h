#pragma once
// The page `badport serve` and `badport probe --open` send to a visitor's browser.

#include <string_view>

namespace badport::io::detail {

/// HTML with one `/*CONFIG*/` placeholder for a JSON object:
/// {title, token, run, ports: [{port, bound, reason, service, description, why, blocked_by: []}],
///  untested: [{port, service, blocked_by}]}.
extern const std::string_view serve_page_html;

}  // namespace badport::io::detail
