#pragma once
// Who is the postmaster of a data directory, judged from /proc rather than from postmaster.pid
// alone. Why: after a crash the PID in postmaster.pid may have been reused by an unrelated
// process (even one of the postgres account); signalling it on the file's word (what pg_ctl
// stop does) kills the wrong process.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgha::pg {

// What /proc says about one process; nullopt fields were unreadable.
struct ProcInfo {
  int pid = 0;
  int ppid = 0;
  char state = '?';         // 'Z' zombie, 'T' stopped, …
  std::string comm;         // command name (first 15 bytes of the executable's name)
  std::optional<uid_t> uid; // real uid (== effective uid required)
  std::optional<std::filesystem::path> exe;
  std::optional<std::filesystem::path> cwd;
};

// /proc/<pid>: nullopt when the process does not exist.
std::optional<ProcInfo> read_proc(int pid);

// True when `info` looks like a server process of `pgdata` owned by `owner`: alive (not a
// zombie), real and effective uid `owner`, executable named "postgres", working directory
// `pgdata` (the postmaster and its children chdir there). `pgdata` must be canonical. When exe
// and cwd are unreadable (they need ptrace access: a container without CAP_SYS_PTRACE), the
// command name "postgres" and the owner decide.
bool is_server_process_of(const ProcInfo& info, const std::filesystem::path& pgdata, uid_t owner);

// `pid` is the postmaster of `pgdata`: a server process of it whose parent is not one.
bool is_postmaster_of(int pid, const std::filesystem::path& pgdata, uid_t owner);

// The live children of `pid` that are server processes of `pgdata`.
std::vector<int> server_children(int pid, const std::filesystem::path& pgdata, uid_t owner);

// Any live server process of `pgdata` (postmaster or child) on this machine.
bool any_server_process(const std::filesystem::path& pgdata, uid_t owner);

// The uid of OS user `name`; nullopt when unknown.
std::optional<uid_t> uid_of(const std::string& name);

} // namespace pgha::pg
