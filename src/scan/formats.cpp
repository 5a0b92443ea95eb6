// The formats of source code, docs, application configs and units, from a file's name (the
// Compose, Dockerfile, .env, ... names come first, in scan.cpp).

#include "places.h"

#include <array>

namespace badport::detail {

scan_format detect_source_format(std::string_view base) noexcept {
  struct rule {
    std::string_view suffix;
    scan_format format;
  };
  static constexpr std::array<rule, 45> suffixes{{
      {".py", scan_format::python},         {".pyw", scan_format::python},       {".star", scan_format::python},
      {".bzl", scan_format::python},        {".js", scan_format::javascript},    {".mjs", scan_format::javascript},
      {".cjs", scan_format::javascript},    {".jsx", scan_format::javascript},   {".ts", scan_format::javascript},
      {".mts", scan_format::javascript},    {".cts", scan_format::javascript},   {".tsx", scan_format::javascript},
      {".vue", scan_format::javascript},    {".svelte", scan_format::javascript}, {".go", scan_format::go},
      {".rb", scan_format::ruby},           {".ru", scan_format::ruby},          {".rake", scan_format::ruby},
      {".java", scan_format::jvm},          {".kt", scan_format::jvm},           {".kts", scan_format::jvm},
      {".scala", scan_format::jvm},         {".groovy", scan_format::jvm},       {".gradle", scan_format::jvm},
      {".php", scan_format::php},           {".rs", scan_format::rust},          {".cs", scan_format::csharp},
      {".csx", scan_format::csharp},        {".cmake", scan_format::cmake},      {".md", scan_format::docs},
      {".markdown", scan_format::docs},     {".mdx", scan_format::docs},         {".rst", scan_format::docs},
      {".adoc", scan_format::docs},         {".asciidoc", scan_format::docs},    {".json", scan_format::json},
      {".jsonc", scan_format::json},        {".toml", scan_format::toml},        {".ini", scan_format::ini},
      {".cfg", scan_format::ini},           {".properties", scan_format::properties}, {".xml", scan_format::xml},
      {".hcl", scan_format::hcl},           {".tf", scan_format::hcl},           {".nomad", scan_format::hcl},
  }};
  // TypeScript declarations hold types, not values.
  if (base.ends_with(".d.ts")) return scan_format::text;
  // The extension, lowercase, compared whole (this runs for every file of a tree).
  if (const auto dot = base.rfind('.'); dot != std::string_view::npos && dot > 0 && base.size() - dot <= 16) {
    char ext[16];
    const std::size_t n = base.size() - dot;
    for (std::size_t k = 0; k < n; ++k) {
      const char c = base[dot + k];
      ext[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const std::string_view e(ext, n);
    for (const auto& r : suffixes)
      if (e == r.suffix) return r.format;
  }
  if (base == "Tiltfile" || base == "BUILD" || base == "BUILD.bazel" || base == "WORKSPACE" || base == "SConstruct")
    return scan_format::python;
  if (base == "Gemfile" || base == "Rakefile" || base == "Guardfile" || base == "Capfile" || base == "config.ru" ||
      base == "Vagrantfile")
    return scan_format::ruby;
  if (base == "CMakeLists.txt") return scan_format::cmake;
  if (base == "web.config" || base == "app.config" || base.ends_with(".csproj")) return scan_format::xml;
  if (base.ends_with(".socket") || base.ends_with(".service")) return scan_format::systemd;
  return scan_format::text;
}

}  // namespace badport::detail
