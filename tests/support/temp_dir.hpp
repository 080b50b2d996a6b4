#pragma once
// A fresh directory per test case, removed afterwards unless the test failed: then it stays
// and its path is printed, so the data and logs can be read.

#include <filesystem>
#include <optional>
#include <string>

namespace pgha::test {

class TempDir {
 public:
  // Creates /tmp/pgha-<tag>-XXXXXX; `owner` (a user name) gets ownership when given.
  explicit TempDir(const std::string& tag, const std::optional<std::string>& owner = {});
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Keep the directory even if the test passes.
  void keep() { m_keep = true; }

 private:
  std::filesystem::path m_path;
  bool m_keep = false;
};

// chown a path (not recursive) to a user and its primary group.
void chown_to(const std::filesystem::path& path, const std::string& user);

} // namespace pgha::test
