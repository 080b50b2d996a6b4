#include "common/base/safe_file.hpp"

#include "common/base/error.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pgha::safe_file {

namespace {

namespace fs = std::filesystem;

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() {
    if (m_fd >= 0)
      ::close(m_fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return m_fd; }
  int release() {
    int fd = m_fd;
    m_fd = -1;
    return fd;
  }

 private:
  int m_fd;
};

[[noreturn]] void fail(const std::string& what, const fs::path& path, int err) {
  throw StateError(fmt::format("cannot {} \"{}\": {}", what, path.string(), std::strerror(err)));
}

} // namespace

std::string temp_name(const std::string& name) {
  return name + ".pgha-tmp";
}

void replace(const fs::path& dir, const std::string& name, const std::string& content, mode_t mode,
             std::optional<Owner> owner) {
  const std::string tmp = temp_name(name);
  Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() < 0)
    fail("open directory", dir, errno);
  // unlinkat removes a planted symlink or hard link itself; it never touches the target.
  if (::unlinkat(dfd.get(), tmp.c_str(), 0) != 0 && errno != ENOENT)
    fail("remove", dir / tmp, errno);
  // O_EXCL|O_NOFOLLOW: if anything appears at the name between the unlink and here (a race
  // with the directory's owner), the open fails instead of following it.
  Fd fd(
      ::openat(dfd.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
  if (fd.get() < 0)
    fail("create", dir / tmp, errno);
  std::size_t done = 0;
  while (done < content.size()) {
    auto n = ::write(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int err = errno;
      ::unlinkat(dfd.get(), tmp.c_str(), 0);
      fail("write", dir / tmp, err);
    }
    done += static_cast<std::size_t>(n);
  }
  // fchown/fchmod on the descriptor: the file we created, whatever the name points at now.
  if ((owner && ::geteuid() == 0 && ::fchown(fd.get(), owner->uid, owner->gid) != 0) ||
      ::fchmod(fd.get(), mode) != 0 || ::fsync(fd.get()) != 0) {
    int err = errno;
    ::unlinkat(dfd.get(), tmp.c_str(), 0);
    fail("finish", dir / tmp, err);
  }
  ::close(fd.release());
  if (::renameat(dfd.get(), tmp.c_str(), dfd.get(), name.c_str()) != 0) {
    int err = errno;
    ::unlinkat(dfd.get(), tmp.c_str(), 0);
    fail("rename", dir / tmp, err);
  }
}

std::optional<std::string> read_nofollow(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0)
    return std::nullopt;
  struct stat st {};
  // Only regular files with one link: a FIFO planted there would block the reader, a hard link
  // to a file of root's would copy its content into a file the directory's owner can read.
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1)
    return std::nullopt;
  std::string out;
  char buf[8192];
  for (;;) {
    auto n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return std::nullopt;
    if (n == 0)
      break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

} // namespace pgha::safe_file
