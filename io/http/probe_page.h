#pragma once
// The page the probed browser loads.

#include <string_view>

namespace badport::io::detail {

/// HTML with one `/*CONFIG*/` placeholder for a JSON object:
/// {token, host, ranges: [[first, last]...], forms: [{id, url, ws}], window}.
extern const std::string_view probe_page_html;

}  // namespace badport::io::detail
