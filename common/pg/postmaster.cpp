// The /proc view of postmasters, and the Ctl operations that must not trust postmaster.pid:
// which PID is this data directory's postmaster, the last stop phase (SIGKILL), and the removal
// of a postmaster.pid that names an unrelated live process.

#include "common/pg/postmaster.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pg/ctl.hpp"

#include <dirent.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace pgha::pg {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::optional<fs::path> read_link(const std::string& path) {
  std::error_code ec;
  auto target = fs::read_symlink(path, ec);
  if (ec)
    return std::nullopt;
  return target;
}

std::vector<int> all_pids() {
  std::vector<int> out;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr)
    return out;
  while (auto* e = ::readdir(dir)) {
    auto pid = parse_int(e->d_name);
    if (pid && *pid > 0)
      out.push_back(static_cast<int>(*pid));
  }
  ::closedir(dir);
  return out;
}

std::optional<fs::path> canonical_path(const fs::path& p) {
  std::error_code ec;
  auto c = fs::canonical(p, ec);
  if (ec)
    return std::nullopt;
  return c;
}

} // namespace

std::optional<ProcInfo> read_proc(int pid) {
  if (pid <= 0)
    return std::nullopt;
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(stat, line))
    return std::nullopt;
  ProcInfo info;
  info.pid = pid;
  // "pid (comm) S ppid …": comm may contain blanks and parentheses, the last ')' ends it.
  auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size())
    return std::nullopt;
  if (auto open = line.find('('); open != std::string::npos && open < close)
    info.comm = line.substr(open + 1, close - open - 1);
  std::istringstream rest(line.substr(close + 2));
  rest >> info.state >> info.ppid;
  std::ifstream status(fmt::format("/proc/{}/status", pid));
  while (std::getline(status, line)) {
    if (line.rfind("Uid:", 0) != 0)
      continue;
    std::istringstream ids(line.substr(4));
    long real = -1;
    long effective = -1;
    ids >> real >> effective;
    if (real >= 0 && real == effective)
      info.uid = static_cast<uid_t>(real);
    break;
  }
  info.exe = read_link(fmt::format("/proc/{}/exe", pid));
  info.cwd = read_link(fmt::format("/proc/{}/cwd", pid));
  return info;
}

bool is_server_process_of(const ProcInfo& info, const fs::path& pgdata, uid_t owner) {
  if (info.state == 'Z' || info.state == 'X' || !info.uid || *info.uid != owner)
    return false;
  if (!info.exe || !info.cwd)
    return info.comm == "postgres";
  // A binary replaced by a package upgrade reads "postgres (deleted)".
  auto name = info.exe->filename().string();
  if (name != "postgres" && name != "postgres (deleted)")
    return false;
  return *info.cwd == pgdata;
}

bool is_postmaster_of(int pid, const fs::path& pgdata, uid_t owner) {
  auto info = read_proc(pid);
  if (!info || !is_server_process_of(*info, pgdata, owner))
    return false;
  // A child of this data directory's postmaster is not the postmaster.
  auto parent = read_proc(info->ppid);
  return !(parent && is_server_process_of(*parent, pgdata, owner));
}

std::vector<int> server_children(int pid, const fs::path& pgdata, uid_t owner) {
  std::vector<int> out;
  for (int p : all_pids()) {
    auto info = read_proc(p);
    if (info && info->ppid == pid && is_server_process_of(*info, pgdata, owner))
      out.push_back(p);
  }
  return out;
}

bool any_server_process(const fs::path& pgdata, uid_t owner) {
  for (int p : all_pids()) {
    auto info = read_proc(p);
    if (info && is_server_process_of(*info, pgdata, owner))
      return true;
  }
  return false;
}

std::optional<uid_t> uid_of(const std::string& name) {
  passwd pw{};
  passwd* found = nullptr;
  char buf[4096];
  if (getpwnam_r(name.c_str(), &pw, buf, sizeof buf, &found) != 0 || found == nullptr)
    return std::nullopt;
  return pw.pw_uid;
}

std::optional<int> Ctl::verified_postmaster_pid() const {
  auto pid = postmaster_pid();
  if (!pid)
    return std::nullopt;
  auto info = read_proc(*pid);
  if (!info || info->state == 'Z' || info->state == 'X')
    return std::nullopt;
  auto owner = uid_of(m_options.pgdba);
  auto pgdata = canonical_path(m_options.pgdata);
  if (!owner || !pgdata)
    return std::nullopt;
  if (!is_postmaster_of(*pid, *pgdata, *owner)) {
    log::detail("postmaster.pid of \"{}\" names process {}, which is not its postmaster",
                m_options.pgdata.string(), *pid);
    return std::nullopt;
  }
  return pid;
}

bool Ctl::kill_postmaster(Deadline deadline) {
  auto pid = verified_postmaster_pid();
  if (!pid)
    return false;
  auto owner = uid_of(m_options.pgdba);
  auto pgdata = canonical_path(m_options.pgdata);
  if (!owner || !pgdata)
    return false;
  // Frozen first, so it forks no child between the listing and the kill.
  ::kill(*pid, SIGSTOP);
  auto children = server_children(*pid, *pgdata, *owner);
  log::warn("postmaster {} of \"{}\" did not stop: SIGKILL to it and its {} children", *pid,
            m_options.pgdata.string(), children.size());
  ::kill(*pid, SIGKILL);
  ::kill(*pid, SIGCONT);
  // Why the children too: a backend blocked in a system call or paused itself would keep the
  // shared memory attached, and the next start refuses while it is.
  for (int child : children) {
    ::kill(child, SIGKILL);
    ::kill(child, SIGCONT);
  }
  auto gone = [](int p) {
    auto info = read_proc(p);
    return !info || info->state == 'Z' || info->state == 'X';
  };
  for (;;) {
    bool all = gone(*pid);
    for (int child : children)
      all = all && gone(child);
    if (all)
      return true;
    if (deadline.expired())
      throw ProcessError(fmt::format("postmaster {} of \"{}\" or a child survived SIGKILL", *pid,
                                     m_options.pgdata.string()));
    std::this_thread::sleep_for(20ms);
  }
}

void Ctl::remove_stale_pid_file() {
  auto pid = postmaster_pid();
  if (!pid)
    return;
  auto info = read_proc(*pid);
  // Dead or a zombie: PostgreSQL itself (and Ctl::start's wait for the reaping) handle it.
  if (!info || info->state == 'Z' || info->state == 'X')
    return;
  auto owner = uid_of(m_options.pgdba);
  auto pgdata = canonical_path(m_options.pgdata);
  if (!owner || !pgdata || !info->exe || !info->cwd)
    return;
  if (any_server_process(*pgdata, *owner))
    return; // a server of this data directory runs: the file is not stale
  // A live unrelated process holds the PID: PostgreSQL would refuse to start ("lock file
  // already exists"); the file is a leftover of a crash, no server uses this directory.
  auto path = m_options.pgdata / "postmaster.pid";
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw StateError(
        fmt::format("cannot remove stale \"{}\": {}", path.string(), std::strerror(errno)));
  log::warn("removed stale \"{}\": it named process {} ({}), not a postmaster of this directory",
            path.string(), *pid, info->exe->string());
}

} // namespace pgha::pg
