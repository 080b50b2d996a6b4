#include "common/pg/ctl.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/pg/version.hpp"
#include "common/pq/conninfo.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <thread>

namespace pgha::pg {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// pg_ctl's own -t: a little under the deadline so pg_ctl reports its failure itself rather
// than being killed by the runner.
std::string seconds_for(const Deadline& deadline) {
  auto ms = deadline.remaining().count();
  return std::to_string(std::max<long long>(1, (ms - 500) / 1000));
}

const char* mode_name(StopMode mode) {
  switch (mode) {
  case StopMode::smart:
    return "smart";
  case StopMode::fast:
    return "fast";
  case StopMode::immediate:
    return "immediate";
  }
  return "fast";
}

// pg_ctl passes -o through a shell: only characters that need no quoting there.
void check_shell_safe(const std::string& what, const std::string& value) {
  for (char c : value)
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '/' ||
          c == '-'))
      throw ConfigError(
          fmt::format("{} \"{}\" contains characters other than [A-Za-z0-9_./-]", what, value),
          what);
}

// A word for /bin/sh -c that stays one literal word: '…' with every ' as '\''.
std::string sh_quote(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

// A process that is gone or a zombie (the postmaster's parent may not reap it promptly).
bool process_alive(int pid) {
  if (pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH))
    return false;
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  if (!std::getline(stat, line))
    return false;
  auto close = line.rfind(')');
  return !(close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z');
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return {};
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

Ctl::Ctl(proc::Runner& runner, CtlOptions options)
    : m_runner(runner), m_options(std::move(options)) {
  if (m_options.pgdata.empty())
    throw ConfigError("no data directory given", "pgdata");
}

std::string Ctl::program(const std::string& name) const {
  return (m_options.bindir / name).string();
}

proc::Command Ctl::command(std::vector<std::string> argv, Deadline deadline) const {
  proc::Command cmd;
  cmd.argv = std::move(argv);
  cmd.run_as = m_options.pgdba;
  cmd.cwd = "/";
  cmd.env = m_options.env;
  cmd.env.emplace_back("LC_ALL", "C");
  cmd.deadline = deadline;
  return cmd;
}

void Ctl::start(Deadline deadline) {
  remove_stale_pid_file();
  // Why: a killed postmaster stays a zombie until its parent reaps it, and PostgreSQL refuses
  // to start while the PID in postmaster.pid exists at all ("lock file already exists": a
  // zombie answers kill(pid, 0)). Seen in the sandbox 200 ms after a kill -9, failing a demote.
  if (auto pid = postmaster_pid(); pid && !process_alive(*pid)) {
    while (::kill(*pid, 0) == 0 || errno != ESRCH) {
      if (deadline.expired())
        throw ProcessError(fmt::format("the old postmaster {} of \"{}\" has exited but is not "
                                       "reaped yet; PostgreSQL cannot start until it is",
                                       *pid, m_options.pgdata.string()));
      std::this_thread::sleep_for(20ms);
    }
  }
  std::vector<std::string> a = {program("pg_ctl"), "start"};
  a.insert(a.end(), m_options.ctl_options.begin(), m_options.ctl_options.end());
  a.insert(a.end(), {"-D", m_options.pgdata.string(), "-l",
                     m_options.logfile ? m_options.logfile->string() : "/dev/null", "-w", "-t",
                     seconds_for(deadline)});
  if (m_options.config_file) {
    check_shell_safe("config_file", m_options.config_file->string());
    a.push_back("-o");
    a.push_back("-c config_file=" + m_options.config_file->string());
  }
  // Why quoted: pg_ctl runs the postmaster through /bin/sh -c with the -o text inline.
  for (const auto& word : m_options.server_options) {
    if (word.find_first_of(std::string("\n\r\0", 3)) != std::string::npos)
      throw ConfigError("a server option contains a line break", "start_opt");
    a.push_back("-o");
    a.push_back(sh_quote(word));
  }
  proc::run_checked(m_runner, command(a, deadline));
}

bool Ctl::stop(StopMode mode, Deadline deadline) {
  // Why verified: pg_ctl signals whatever PID postmaster.pid names.
  auto pid = verified_postmaster_pid();
  if (!pid)
    return false;
  if (::access(program("pg_ctl").c_str(), X_OK) != 0) {
    // A stop must work without pg_ctl: its signals are PostgreSQL's documented interface.
    int sig = mode == StopMode::smart ? SIGTERM : mode == StopMode::fast ? SIGINT : SIGQUIT;
    log::warn("\"{}\" is not executable: sending signal {} to postmaster {}", program("pg_ctl"),
              sig, *pid);
    ::kill(*pid, sig);
  } else if (auto r =
                 m_runner.run(command({program("pg_ctl"), "stop", "-D", m_options.pgdata.string(),
                                       "-m", mode_name(mode), "-w", "-t", seconds_for(deadline)},
                                      deadline));
             !r.ok()) {
    log::warn("pg_ctl stop: {}: {}", proc::describe(r), trim(r.err));
  }
  // Why wait for the PID: pg_ctl stop -w returns when postmaster.pid is gone, which can be just
  // before the postmaster has exited; starting anything on this data directory then fails.
  while (process_alive(*pid)) {
    if (deadline.expired())
      throw ProcessError(fmt::format("postmaster {} of \"{}\" still running after stop -m {}", *pid,
                                     m_options.pgdata.string(), mode_name(mode)));
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

ServerStatus Ctl::status(Deadline deadline) {
  auto r = m_runner.run(
      command({program("pg_ctl"), "status", "-D", m_options.pgdata.string()}, deadline));
  if (r.timed_out || r.signal != 0)
    throw ProcessError(fmt::format("\"pg_ctl status\" failed ({})", proc::describe(r)));
  switch (r.exit_code) {
  case 0:
    return ServerStatus::running;
  case 3:
    return ServerStatus::not_running;
  case 4:
    return ServerStatus::no_data_directory;
  default:
    throw ProcessError(
        fmt::format("\"pg_ctl status\" failed ({}): {}", proc::describe(r), trim(r.err)));
  }
}

void Ctl::promote(Deadline deadline) {
  proc::run_checked(m_runner,
                    command({program("pg_ctl"), "promote", "-D", m_options.pgdata.string(), "-w",
                             "-t", seconds_for(deadline)},
                            deadline));
}

void Ctl::request_promote(Deadline deadline) {
  proc::run_checked(
      m_runner,
      command({program("pg_ctl"), "promote", "-D", m_options.pgdata.string(), "-W"}, deadline));
}

void Ctl::reload(Deadline deadline) {
  proc::run_checked(
      m_runner, command({program("pg_ctl"), "reload", "-D", m_options.pgdata.string()}, deadline));
}

std::string Ctl::controldata_text(Deadline deadline) {
  return proc::run_checked(
             m_runner,
             command({program("pg_controldata"), "-D", m_options.pgdata.string()}, deadline))
      .out;
}

model::ControlData Ctl::controldata(Deadline deadline) {
  return model::parse_controldata(controldata_text(deadline));
}

Readiness Ctl::isready(const std::string& host, int port, Deadline deadline) {
  auto r = m_runner.run(command({program("pg_isready"), "-q", "-h", host, "-p",
                                 std::to_string(port), "-t", seconds_for(deadline)},
                                deadline));
  if (r.timed_out || r.signal != 0 || r.exit_code < 0 || r.exit_code > 3)
    return Readiness::no_response;
  return static_cast<Readiness>(r.exit_code);
}

void Ctl::rewind(const RewindOptions& options, Deadline deadline) {
  pq::refuse_password("source_conninfo", options.source_conninfo);
  std::vector<std::string> a = {program("pg_rewind"), "-D", m_options.pgdata.string(),
                                "--source-server=" + options.source_conninfo};
  if (options.write_recovery_conf)
    a.push_back("--write-recovery-conf");
  if (options.restore_target_wal)
    a.push_back("--restore-target-wal");
  if (options.dry_run)
    a.push_back("--dry-run");
  // A target that was not shut down cleanly is first recovered in single-user mode by
  // pg_rewind itself (PostgreSQL 13+); it needs the configuration file when it lives elsewhere.
  // --config-file exists from 15 on: 14's pg_rewind rejects it (and then cannot recover a
  // crashed target whose configuration lives outside it: run it cleanly stopped).
  if (m_options.config_file && rewind_has_config_file(major_version()))
    a.push_back("--config-file=" + m_options.config_file->string());
  proc::run_checked(m_runner, command(a, deadline));
}

void Ctl::basebackup(const BasebackupOptions& options, Deadline deadline) {
  pq::refuse_password("source_conninfo", options.source_conninfo);
  std::vector<std::string> a = {program("pg_basebackup"),
                                "-D",
                                m_options.pgdata.string(),
                                "-d",
                                options.source_conninfo,
                                "-X",
                                "stream",
                                "--no-password"};
  if (options.fast_checkpoint)
    a.push_back("--checkpoint=fast");
  if (options.write_recovery_conf)
    a.push_back("--write-recovery-conf");
  if (options.slot) {
    check_slot_name(*options.slot);
    a.push_back("--slot=" + *options.slot);
  }
  proc::run_checked(m_runner, command(a, deadline));
}

int Ctl::major_version() const {
  if (m_major)
    return *m_major;
  // "15"; before 10 "9.6" (not supported, reported as 9).
  auto v = data_directory_major(m_options.pgdata);
  if (!v)
    throw StateError(fmt::format("cannot read the PostgreSQL version from \"{}\"",
                                 (m_options.pgdata / "PG_VERSION").string()));
  m_major = *v;
  return *v;
}

std::optional<int> Ctl::postmaster_pid() const {
  auto text = read_file(m_options.pgdata / "postmaster.pid");
  auto pid = parse_int(trim(text.substr(0, text.find('\n'))));
  if (!pid || *pid <= 0)
    return std::nullopt;
  return static_cast<int>(*pid);
}

bool Ctl::postmaster_alive() const {
  return verified_postmaster_pid().has_value();
}

} // namespace pgha::pg
