// The Host check against DNS rebinding (host_check.h), table-driven.

#include <badport/host_check.h>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace {

using badport::accepted_host_names;
using names = std::vector<std::string>;

TEST(host_check, loopback_bind_accepts_loopback_names_and_the_extra_ones) {
  EXPECT_EQ(accepted_host_names("127.0.0.1", false, {}), (names{"localhost", "127.0.0.1", "[::1]"}));
  EXPECT_EQ(accepted_host_names("[::1]", false, {"MyHost.Test"}), (names{"localhost", "127.0.0.1", "[::1]", "myhost.test"}));
  EXPECT_EQ(accepted_host_names("192.168.1.5", false, {}, "box"),
            (names{"localhost", "127.0.0.1", "[::1]", "192.168.1.5"}));
}

TEST(host_check, every_address_bind_accepts_this_machines_name_not_the_unspecified_address) {
  EXPECT_EQ(accepted_host_names("0.0.0.0", true, {"dev.lan"}, "Box"),
            (names{"localhost", "127.0.0.1", "[::1]", "dev.lan", "box"}));
  EXPECT_EQ(accepted_host_names("[::]", true, {}, ""), (names{"localhost", "127.0.0.1", "[::1]"}));
}

TEST(host_check, only_own_names_and_ports_are_allowed) {
  const names own{"localhost", "127.0.0.1", "[::1]", "myhost.test"};
  const std::vector<std::uint16_t> ports{6001, 8000};
  struct row {
    const char* host;
    std::optional<std::uint16_t> port;
    bool allowed;
  };
  for (const row& r : {row{"localhost", 8000, true}, row{"127.0.0.1", 6001, true}, row{"[::1]", std::nullopt, true},
                       row{"myhost.test", 8000, true}, row{"localhost", 8001, false},
                       row{"evil.example", 8000, false}, row{"evil.example", std::nullopt, false},
                       row{"localhost.evil.example", 8000, false}, row{"", 8000, false},
                       row{"127.0.0.2", 8000, false}}) {
    EXPECT_EQ(badport::is_allowed_host(r.host, r.port, own, ports), r.allowed)
        << r.host << ":" << (r.port ? std::to_string(*r.port) : "-");
  }
}

}  // namespace
