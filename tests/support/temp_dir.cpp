#include "tests/support/temp_dir.hpp"

#include "tests/support/failure_flag.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace pgha::test {

void chown_to(const std::filesystem::path& path, const std::string& user) {
  struct passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr)
    throw std::runtime_error("test prerequisite missing: user \"" + user + "\" does not exist");
  if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
    throw std::runtime_error("cannot chown \"" + path.string() + "\"");
}

TempDir::TempDir(const std::string& tag, const std::optional<std::string>& owner) {
  std::string tmpl = "/tmp/pgha-" + tag + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr)
    throw std::runtime_error("cannot create a temporary directory");
  m_path = buf.data();
  if (owner)
    chown_to(m_path, *owner);
}

TempDir::~TempDir() {
  if (m_keep || current_test_failed()) {
    std::fprintf(stderr, "test data kept in %s\n", m_path.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

} // namespace pgha::test
