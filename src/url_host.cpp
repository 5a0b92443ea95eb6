// Host parsing of the URL Standard, https://url.spec.whatwg.org/#host-parsing: IPv4 in every
// numeric form, IPv6 with compression and embedded IPv4, opaque hosts, and domains through
// "domain to ASCII" (ICU's UTS #46).

#include "url_internal.h"

#include <unicode/uidna.h>

#include <array>
#include <cstring>

namespace badport::detail {

namespace {

// https://url.spec.whatwg.org/#forbidden-host-code-point
constexpr bool is_forbidden_host_code_point(unsigned char c) noexcept {
  switch (c) {
    case 0x00: case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':':
    case '<': case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}

// https://url.spec.whatwg.org/#forbidden-domain-code-point
constexpr bool is_forbidden_domain_code_point(unsigned char c) noexcept {
  return is_forbidden_host_code_point(c) || c <= 0x1f || c == '%' || c == 0x7f;
}

constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// https://url.spec.whatwg.org/#ipv4-number-parser. Values past 2^32 saturate: every caller
// only compares them with limits at most 2^32.
std::optional<std::uint64_t> parse_ipv4_number(std::string_view input) noexcept {
  if (input.empty()) return std::nullopt;
  unsigned radix = 10;
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
    input.remove_prefix(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    input.remove_prefix(1);
    radix = 8;
  }
  if (input.empty()) return 0;
  std::uint64_t value = 0;
  constexpr std::uint64_t cap = std::uint64_t{1} << 40;
  for (char c : input) {
    const int d = hex_value(c);
    if (d < 0 || static_cast<unsigned>(d) >= radix) return std::nullopt;
    value = value * radix + static_cast<unsigned>(d);
    if (value > cap) value = cap;
  }
  return value;
}

// https://url.spec.whatwg.org/#concept-ipv4-serializer
std::string serialize_ipv4(std::uint32_t address) {
  std::string out;
  for (int i = 3; i >= 0; --i) {
    out += std::to_string((address >> (8 * i)) & 0xffu);
    if (i != 0) out += '.';
  }
  return out;
}

// https://url.spec.whatwg.org/#concept-ipv6-serializer
std::string serialize_ipv6(const std::array<std::uint16_t, 8>& address) {
  // The first longest run of two or more zero pieces is compressed.
  int compress = -1;
  int best = 1;
  for (int i = 0; i < 8;) {
    if (address[static_cast<std::size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && address[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > best) {
      best = j - i;
      compress = i;
    }
    i = j;
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string out = "[";
  bool ignore0 = false;
  for (int i = 0; i < 8; ++i) {
    const std::uint16_t piece = address[static_cast<std::size_t>(i)];
    if (ignore0 && piece == 0) continue;
    ignore0 = false;
    if (compress == i) {
      out += i == 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    bool leading = true;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned d = (piece >> shift) & 0xfu;
      if (leading && d == 0 && shift != 0) continue;
      leading = false;
      out += digits[d];
    }
    if (i != 7) out += ':';
  }
  out += ']';
  return out;
}

// https://url.spec.whatwg.org/#concept-ipv6-parser
host_result parse_ipv6(std::string_view input) {
  std::array<std::uint16_t, 8> address{};
  int piece_index = 0;
  int compress = -1;
  std::size_t pointer = 0;
  const auto at = [&](std::size_t i) -> int {
    return i < input.size() ? static_cast<unsigned char>(input[i]) : -1;
  };
  const auto is_digit = [](int c) { return c >= '0' && c <= '9'; };

  if (at(pointer) == ':') {
    if (at(pointer + 1) != ':') return host_failure("IPv6 invalid compression");
    pointer += 2;
    ++piece_index;
    compress = piece_index;
  }
  while (at(pointer) != -1) {
    if (piece_index == 8) return host_failure("IPv6 too many pieces");
    if (at(pointer) == ':') {
      if (compress != -1) return host_failure("IPv6 multiple compression");
      ++pointer;
      ++piece_index;
      compress = piece_index;
      continue;
    }
    unsigned value = 0;
    int length = 0;
    while (length < 4 && at(pointer) != -1 && hex_value(static_cast<char>(at(pointer))) >= 0) {
      value = value * 16 + static_cast<unsigned>(hex_value(static_cast<char>(at(pointer))));
      ++pointer;
      ++length;
    }
    if (at(pointer) == '.') {
      // An IPv4 address inside the IPv6 address.
      if (length == 0) return host_failure("IPv4 in IPv6 invalid code point");
      pointer -= static_cast<std::size_t>(length);
      if (piece_index > 6) return host_failure("IPv4 in IPv6 too many pieces");
      int numbers_seen = 0;
      while (at(pointer) != -1) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (at(pointer) == '.' && numbers_seen < 4) ++pointer;
          else return host_failure("IPv4 in IPv6 invalid code point");
        }
        if (!is_digit(at(pointer))) return host_failure("IPv4 in IPv6 invalid code point");
        while (is_digit(at(pointer))) {
          const int number = at(pointer) - '0';
          if (ipv4_piece == -1) ipv4_piece = number;
          else if (ipv4_piece == 0) return host_failure("IPv4 in IPv6 invalid code point");
          else ipv4_piece = ipv4_piece * 10 + number;
          if (ipv4_piece > 255) return host_failure("IPv4 in IPv6 out of range part");
          ++pointer;
        }
        auto& piece = address[static_cast<std::size_t>(piece_index)];
        piece = static_cast<std::uint16_t>(piece * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      if (numbers_seen != 4) return host_failure("IPv4 in IPv6 too few parts");
      break;
    }
    if (at(pointer) == ':') {
      ++pointer;
      if (at(pointer) == -1) return host_failure("IPv6 invalid code point");
    } else if (at(pointer) != -1) {
      return host_failure("IPv6 invalid code point");
    }
    address[static_cast<std::size_t>(piece_index)] = static_cast<std::uint16_t>(value);
    ++piece_index;
  }
  if (compress != -1) {
    int swaps = piece_index - compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[static_cast<std::size_t>(piece_index)],
                address[static_cast<std::size_t>(compress + swaps - 1)]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    return host_failure("IPv6 too few pieces");
  }
  return serialize_ipv6(address);
}

// https://url.spec.whatwg.org/#concept-opaque-host-parser
host_result parse_opaque_host(std::string_view input) {
  for (char c : input)
    if (is_forbidden_host_code_point(static_cast<unsigned char>(c)))
      return host_failure("host invalid code point");
  std::string out;
  percent_encode(out, input, encode_set::c0_control);
  return out;
}

// https://url.spec.whatwg.org/#ends-in-a-number-checker
bool ends_in_a_number(std::string_view input) noexcept {
  if (input.empty()) return false;  // a single part, and it is empty
  if (input.back() == '.') input.remove_suffix(1);
  const std::size_t dot = input.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? input : input.substr(dot + 1);
  if (!last.empty() && last.find_first_not_of("0123456789") == std::string_view::npos) return true;
  return parse_ipv4_number(last).has_value();
}

// https://url.spec.whatwg.org/#concept-ipv4-parser
host_result parse_ipv4(std::string_view input) {
  std::array<std::uint64_t, 4> numbers{};
  std::size_t count = 0;
  if (!input.empty() && input.back() == '.' && input.size() > 1) input.remove_suffix(1);
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = input.find('.', start);
    const std::string_view part =
        input.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (count == 4) return host_failure("IPv4 too many parts");
    const auto n = parse_ipv4_number(part);
    if (!n) return host_failure("IPv4 non-numeric part");
    numbers[count++] = *n;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (std::size_t i = 0; i + 1 < count; ++i)
    if (numbers[i] > 255) return host_failure("IPv4 out of range part");
  const std::uint64_t limit = std::uint64_t{1} << (8 * (5 - count));
  if (numbers[count - 1] >= limit) return host_failure("IPv4 out of range part");
  std::uint64_t ipv4 = numbers[count - 1];
  for (std::size_t i = 0; i + 1 < count; ++i) ipv4 += numbers[i] << (8 * (3 - i));
  return serialize_ipv4(static_cast<std::uint32_t>(ipv4));
}

std::string percent_decode(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input[i] == '%' && i + 2 < input.size() && hex_value(input[i + 1]) >= 0 &&
        hex_value(input[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(input[i + 1]) * 16 + hex_value(input[i + 2]));
      i += 2;
    } else {
      out += input[i];
    }
  }
  return out;
}

bool is_ascii(std::string_view s) noexcept {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

const UIDNA* uts46() noexcept {
  // The options of https://url.spec.whatwg.org/#concept-domain-to-ascii. ICU always checks
  // hyphens and DNS length; those errors are ignored below.
  static const UIDNA* idna = [] {
    UErrorCode status = U_ZERO_ERROR;
    UIDNA* p = uidna_openUTS46(UIDNA_CHECK_BIDI | UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII |
                                   UIDNA_NONTRANSITIONAL_TO_UNICODE,
                               &status);
    return U_FAILURE(status) ? nullptr : p;
  }();
  return idna;
}

}  // namespace

host_result host_failure(std::string_view reason) { return host_result(fail(errc::invalid_url, {}, reason)); }

result<std::string> domain_to_ascii_impl(std::string_view domain) {
  // An ASCII domain is only lowercased: its labels, "xn--" ones included, are not checked
  // (step 1 of "domain to ASCII" as the web-platform-tests data has it: "xn--a" stays "xn--a").
  if (is_ascii(domain)) {
    std::string out(domain);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (out.empty()) return host_failure("domain to ASCII");
    return out;
  }
  const UIDNA* idna = uts46();
  if (idna == nullptr) return host_failure("domain to ASCII");
  UIDNAInfo info = UIDNA_INFO_INITIALIZER;
  UErrorCode status = U_ZERO_ERROR;
  std::string out(domain.size() * 4 + 64, '\0');
  const auto length = static_cast<std::int32_t>(domain.size());
  std::int32_t n = uidna_nameToASCII_UTF8(idna, domain.data(), length, out.data(),
                                          static_cast<std::int32_t>(out.size()), &info, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    info = UIDNA_INFO_INITIALIZER;
    out.assign(static_cast<std::size_t>(n) + 1, '\0');
    n = uidna_nameToASCII_UTF8(idna, domain.data(), length, out.data(), static_cast<std::int32_t>(out.size()),
                               &info, &status);
  }
  if (U_FAILURE(status)) return host_failure("domain to ASCII");
  constexpr std::uint32_t ignored = UIDNA_ERROR_EMPTY_LABEL | UIDNA_ERROR_LABEL_TOO_LONG |
                                    UIDNA_ERROR_DOMAIN_NAME_TOO_LONG | UIDNA_ERROR_LEADING_HYPHEN |
                                    UIDNA_ERROR_TRAILING_HYPHEN | UIDNA_ERROR_HYPHEN_3_4;
  if ((info.errors & ~ignored) != 0) return host_failure("domain to ASCII");
  out.resize(static_cast<std::size_t>(n));
  if (out.empty()) return host_failure("domain to ASCII");
  return out;
}

// https://url.spec.whatwg.org/#concept-host-parser
host_result parse_host(std::string_view input, bool is_opaque) {
  if (!input.empty() && input.front() == '[') {
    if (input.back() != ']' || input.size() < 2) return host_failure("IPv6 unclosed");
    return parse_ipv6(input.substr(1, input.size() - 2));
  }
  if (is_opaque) return parse_opaque_host(input);
  const std::string domain = percent_decode(input);
  auto ascii = domain_to_ascii_impl(domain);
  if (!ascii) return ascii;
  for (char c : *ascii)
    if (is_forbidden_domain_code_point(static_cast<unsigned char>(c)))
      return host_failure("domain invalid code point");
  if (ends_in_a_number(*ascii)) return parse_ipv4(*ascii);
  return ascii;
}

}  // namespace badport::detail
