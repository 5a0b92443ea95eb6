// `badport fetch` and curl users' expectations: TLS is verified unless -k, and a server that
// never answers ends in curl's timeout error (exit 2), not in a port block.

#include "run.h"

#include <httplib.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace badport::test {
namespace {

const bool proxies_cleared = [] {
  for (const char* v : {"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"}) ::unsetenv(v);
  return true;
}();

// A temporary directory, removed with everything in it.
struct temp_dir {
  std::filesystem::path path;
  temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "badport-fetch-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

TEST(FetchTls, CertificatesAreVerifiedUnlessInsecure) {
  temp_dir dir;
  ASSERT_FALSE(dir.path.empty());
  const std::string cert = (dir.path / "cert.pem").string(), key = (dir.path / "key.pem").string();
  const auto made = run_program({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                 "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
  ASSERT_EQ(made.exit_code, 0) << "openssl (a test dependency, see scripts/test) cannot make a certificate: " << made.err;

  httplib::SSLServer server(cert.c_str(), key.c_str());
  ASSERT_TRUE(server.is_valid());
  server.Get("/ok", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello\n", "text/plain"); });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/ok";

  const auto verified = run_badport({"fetch", "--json", url});
  EXPECT_EQ(verified.exit_code, 2) << verified.out << verified.err;
  const auto doc = nlohmann::json::parse(verified.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << verified.out;
  EXPECT_EQ(doc["hops"][0]["error"]["kind"], "network");
  EXPECT_EQ(doc["hops"][0]["error"]["curl_code"], 60);  // CURLE_PEER_FAILED_VERIFICATION

  const auto insecure = run_badport({"fetch", "-k", "--body", url});
  EXPECT_EQ(insecure.exit_code, 0) << insecure.out << insecure.err;
  EXPECT_NE(insecure.out.find("hello"), std::string::npos) << insecure.out;

  server.stop();
  t.join();
}

TEST(FetchTimeout, ServerThatNeverAnswersIsCurlsTimeout) {
  // A listener that never accepts: the kernel completes the handshake, nobody answers.
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/";

  const auto r = run_badport({"fetch", "--max-time", "0.3", url});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.out.find("Timeout was reached"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("blocked"), std::string::npos) << r.out;
  ::close(fd);
}

}  // namespace
}  // namespace badport::test
