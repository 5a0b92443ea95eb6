// Whether the test itself is built with a sanitizer (the asan-ubsan preset builds the tests
// and badport alike): a few tests limit what the sanitizers' runtime needs for itself.
#pragma once

namespace badport::test {

#if defined(__SANITIZE_ADDRESS__)
#define BADPORT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BADPORT_TEST_ASAN 1
#endif
#endif

#ifdef BADPORT_TEST_ASAN
/// AddressSanitizer (with UBSan in the preset): its shadow memory is reserved at start-up and
/// its quarantine keeps freed memory resident.
inline constexpr bool under_asan = true;
/// A resident-memory bound for one badport run that leaves room for ASan's shadow and quarantine.
inline constexpr long rss_limit_kib = 512 * 1024;
#else
inline constexpr bool under_asan = false;
inline constexpr long rss_limit_kib = 64 * 1024;
#endif

}  // namespace badport::test
