// safe_file: what root writes into a directory another account owns cannot be redirected by a
// link planted there.

#include "common/base/error.hpp"
#include "common/base/safe_file.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace pgha;
namespace fs = std::filesystem;

namespace {

struct Dir {
  Dir() {
    char tmpl[] = "/tmp/pgha-safefile-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~Dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

} // namespace

TEST_CASE("replace writes atomically and never through a planted link") {
  Dir dir;
  auto target = dir.path / "precious";
  write_all(target, "keep me\n");
  ::chmod(target.c_str(), 0644);

  SECTION("a symlink at the temporary name is removed, not followed") {
    fs::create_symlink(target, dir.path / safe_file::temp_name("conf"));
    safe_file::replace(dir.path, "conf", "new\n", 0600, std::nullopt);
    CHECK(read_all(dir.path / "conf") == "new\n");
  }
  SECTION("a hard link at the temporary name is removed, not written") {
    fs::create_hard_link(target, dir.path / safe_file::temp_name("conf"));
    safe_file::replace(dir.path, "conf", "new\n", 0600, std::nullopt);
    CHECK(read_all(dir.path / "conf") == "new\n");
  }
  SECTION("a symlink at the name itself is replaced by a regular file") {
    fs::create_symlink(target, dir.path / "conf");
    safe_file::replace(dir.path, "conf", "new\n", 0600, std::nullopt);
    CHECK(fs::is_regular_file(fs::symlink_status(dir.path / "conf")));
    CHECK(read_all(dir.path / "conf") == "new\n");
  }
  CHECK(read_all(target) == "keep me\n");
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
  REQUIRE(::stat((dir.path / "conf").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK_FALSE(fs::exists(fs::symlink_status(dir.path / safe_file::temp_name("conf"))));
}

TEST_CASE("replace fails cleanly when the directory is missing") {
  CHECK_THROWS_AS(safe_file::replace("/nonexistent/dir", "conf", "x", 0600, std::nullopt),
                  StateError);
}

TEST_CASE("read_nofollow reads only a regular file with one link") {
  Dir dir;
  auto target = dir.path / "secret";
  write_all(target, "secret\n");
  write_all(dir.path / "plain", "plain\n");
  CHECK(safe_file::read_nofollow(dir.path / "plain") == "plain\n");
  fs::create_symlink(target, dir.path / "via-symlink");
  CHECK_FALSE(safe_file::read_nofollow(dir.path / "via-symlink").has_value());
  fs::create_hard_link(target, dir.path / "via-hardlink");
  CHECK_FALSE(safe_file::read_nofollow(dir.path / "via-hardlink").has_value());
  REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0600) == 0);
  CHECK_FALSE(safe_file::read_nofollow(dir.path / "fifo").has_value());
  CHECK_FALSE(safe_file::read_nofollow(dir.path / "absent").has_value());
}
