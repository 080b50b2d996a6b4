#include "common/proc/runner.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace pgha::proc {

namespace {

struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (::pipe2(fds, O_CLOEXEC) != 0)
      throw ProcessError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  ~Pipe() {
    close_end(0);
    close_end(1);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_end(int i) {
    if (fds[i] >= 0)
      ::close(fds[i]);
    fds[i] = -1;
  }
};

struct Identity {
  uid_t uid;
  gid_t gid;
  std::string name;
  std::string home;
};

Identity lookup_user(const std::string& user) {
  struct passwd pw {};
  struct passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr)
    throw ProcessError(fmt::format("user \"{}\" does not exist", user));
  return Identity{pw.pw_uid, pw.pw_gid, pw.pw_name, pw.pw_dir};
}

// In the child after fork: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(const Command& cmd, const std::optional<Identity>& who, int in_fd,
                             int out_fd, int err_fd, std::vector<char*>& argv,
                             std::vector<char*>& envp) {
  ::setpgid(0, 0); // own process group: a timeout kills the whole tree
  ::dup2(in_fd, 0);
  ::dup2(out_fd, 1);
  ::dup2(err_fd, 2);
  ::signal(SIGPIPE, SIG_DFL);
  if (who) {
    if (::setgid(who->gid) != 0 || ::initgroups(who->name.c_str(), who->gid) != 0 ||
        ::setuid(who->uid) != 0)
      ::_exit(126);
  }
  if (cmd.cwd && ::chdir(cmd.cwd->c_str()) != 0)
    ::_exit(126);
  ::execvpe(argv[0], argv.data(), envp.data());
  ::_exit(127);
}

std::vector<std::string> build_env(const Command& cmd, const std::optional<Identity>& who) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    auto name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [k, v] : cmd.env)
      replaced = replaced || k == name;
    if (who && (name == "HOME" || name == "USER" || name == "LOGNAME"))
      replaced = true;
    if (!replaced)
      env.emplace_back(entry);
  }
  if (who) {
    env.push_back("HOME=" + who->home);
    env.push_back("USER=" + who->name);
    env.push_back("LOGNAME=" + who->name);
  }
  for (const auto& [k, v] : cmd.env)
    env.push_back(k + "=" + v);
  return env;
}

void kill_group(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

} // namespace

Result PosixRunner::run(const Command& cmd) {
  if (cmd.argv.empty())
    throw ProcessError("empty command");
  auto started = Deadline::Clock::now();
  std::optional<Identity> who;
  if (cmd.run_as)
    who = lookup_user(*cmd.run_as);

  std::vector<std::string> env_strings = build_env(cmd, who);
  std::vector<char*> argv;
  for (const auto& a : cmd.argv)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env_strings)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  Pipe in, out, err;
  int devnull = -1;
  if (cmd.detach)
    devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);

  pid_t pid = ::fork();
  if (pid < 0)
    throw ProcessError(
        fmt::format("cannot fork for \"{}\": {}", cmd.argv[0], std::strerror(errno)));
  if (pid == 0) {
    if (cmd.detach) {
      ::setsid();
      exec_child(cmd, who, devnull, devnull, devnull, argv, envp);
    }
    exec_child(cmd, who, in.fds[0], out.fds[1], err.fds[1], argv, envp);
  }
  ::setpgid(pid, pid); // also from the parent, so a kill right away reaches the group
  if (devnull >= 0)
    ::close(devnull);

  Result result;
  result.pid = pid;
  if (cmd.detach) {
    result.exit_code = 0;
    return result;
  }
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);

  size_t written = 0;
  if (cmd.stdin_data.empty())
    in.close_end(1);
  else
    ::fcntl(in.fds[1], F_SETFL, O_NONBLOCK);

  // Read both pipes until EOF or the deadline; then reap.
  char buf[8192];
  while (out.fds[0] >= 0 || err.fds[0] >= 0) {
    auto left = cmd.deadline.remaining().count();
    if (left <= 0) {
      result.timed_out = true;
      kill_group(pid);
      break;
    }
    pollfd pfds[3];
    int n = 0;
    int idx_out = -1, idx_err = -1, idx_in = -1;
    if (out.fds[0] >= 0) {
      idx_out = n;
      pfds[n++] = {out.fds[0], POLLIN, 0};
    }
    if (err.fds[0] >= 0) {
      idx_err = n;
      pfds[n++] = {err.fds[0], POLLIN, 0};
    }
    if (in.fds[1] >= 0) {
      idx_in = n;
      pfds[n++] = {in.fds[1], POLLOUT, 0};
    }
    int rc =
        ::poll(pfds, static_cast<nfds_t>(n), static_cast<int>(std::min<long long>(left, 1000)));
    if (rc < 0 && errno != EINTR)
      break;
    auto drain = [&](int idx, Pipe& p, std::string& into) {
      if (idx < 0 || !(pfds[idx].revents & (POLLIN | POLLHUP | POLLERR)))
        return;
      ssize_t got = ::read(p.fds[0], buf, sizeof buf);
      if (got > 0)
        into.append(buf, static_cast<size_t>(got));
      else if (got == 0 || errno != EINTR)
        p.close_end(0);
    };
    drain(idx_out, out, result.out);
    drain(idx_err, err, result.err);
    if (idx_in >= 0 && (pfds[idx_in].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t put =
          ::write(in.fds[1], cmd.stdin_data.data() + written, cmd.stdin_data.size() - written);
      if (put > 0)
        written += static_cast<size_t>(put);
      if (put < 0 || written >= cmd.stdin_data.size())
        in.close_end(1);
    }
  }
  in.close_end(1);

  // The pipes are closed; the child may still run (it closed stdout early or timed out).
  int status = 0;
  while (true) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid)
      break;
    if (r < 0 && errno != EINTR)
      break;
    if (cmd.deadline.expired() && !result.timed_out) {
      result.timed_out = true;
      kill_group(pid);
    }
    if (result.timed_out) {
      ::waitpid(pid, &status, 0); // SIGKILL was sent: this returns promptly
      break;
    }
    ::usleep(1000);
  }
  if (WIFEXITED(status) && !result.timed_out)
    result.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.signal = WTERMSIG(status);
  if (result.exit_code == 127 && result.err.empty())
    throw ProcessError(fmt::format("cannot execute \"{}\"", cmd.argv[0]));
  if (result.exit_code == 126 && cmd.run_as && result.err.empty())
    throw ProcessError(fmt::format("cannot run \"{}\" as user \"{}\"", cmd.argv[0], *cmd.run_as));
  result.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(Deadline::Clock::now() - started);
  log::debug("ran \"{}\": {} in {} ms", cmd.argv[0], describe(result), result.duration.count());
  return result;
}

std::string describe(const Result& r) {
  if (r.timed_out)
    return "timed out";
  if (r.signal != 0)
    return fmt::format("killed by signal {}", r.signal);
  return fmt::format("exit {}", r.exit_code);
}

Result run_checked(Runner& runner, const Command& command) {
  Result r = runner.run(command);
  if (!r.ok()) {
    std::string tail = r.err.size() > 400 ? r.err.substr(r.err.size() - 400) : r.err;
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' '))
      tail.pop_back();
    throw ProcessError(fmt::format("\"{}\" failed ({}){}{}", command.argv[0], describe(r),
                                   tail.empty() ? "" : ": ", tail));
  }
  return r;
}

} // namespace pgha::proc
