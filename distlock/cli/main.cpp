// distlock: the lease lock from the command line. Builds the lock service and dispatches; the
// exit codes are documented in cli_support.hpp and docs/distlock.md.

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "distlock/cli/cli_support.hpp"

#include <pgha/distlock/lock.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

namespace {

using namespace pgha::distlock;
using namespace pgha::distlock::cli;
using std::chrono::milliseconds;

struct Args {
  std::string conninfo;
  bool has_conninfo = false;
  std::string timeout = "5";
  bool verbose = false;
  std::string lock;
  std::string owner;
  std::string ttl;
  std::string wait;
  std::optional<std::string> sql_dir;
  bool json = false;
};

void print_answer(bool yes) {
  std::fputs(yes ? "1\n" : "0\n", stdout);
}

void explain(const AcquireResult& r) {
  if (r.acquired)
    pgha::log::detail("holding term {}; act as holder for at most {} ms", r.lease.term,
                      r.local_deadline ? r.local_deadline->remaining().count() : 0);
  else if (r.lease.held())
    pgha::log::detail("held by \"{}\" (term {}) for {} ms more", r.lease.holder, r.lease.term,
                      r.lease.server_remaining.count());
}

int run(CLI::App& app, const Args& a, const char* argv0) {
  auto bound = parse_seconds(a.timeout, "timeout");
  PgOptions options;
  if (a.has_conninfo) {
    refuse_password(a.conninfo);
    options.conninfo = a.conninfo;
  }
  auto sub = app.get_subcommands().front()->get_name();
  auto lease = [&] {
    LeaseRequest r;
    r.lock = parse_lock_id(a.lock);
    validate_owner(a.owner);
    r.owner = a.owner;
    r.ttl = parse_seconds(a.ttl, "ttl");
    return r;
  };
  // Everything is checked before the first server contact.
  if (sub == "trylock" || sub == "renew" || sub == "lock") {
    auto req = lease();
    auto wait = a.wait.empty() ? req.ttl : parse_seconds(a.wait, "wait", true);
    PgLockService service(options);
    AcquireResult r;
    if (sub == "trylock")
      r = service.try_acquire(req, pgha::Deadline::after(bound));
    else if (sub == "renew")
      r = service.renew(req, pgha::Deadline::after(bound));
    else if (wait.count() == 0)
      r = service.try_acquire(req, pgha::Deadline::after(bound)); // one attempt, no wait
    else
      r = service.acquire(req, pgha::Deadline::after(wait + bound));
    explain(r);
    print_answer(r.acquired);
    return k_exit_ok;
  }
  if (sub == "unlock") {
    auto id = parse_lock_id(a.lock);
    validate_owner(a.owner);
    PgLockService service(options);
    auto r = service.release(id, a.owner, pgha::Deadline::after(bound));
    print_answer(r.released);
    return k_exit_ok;
  }
  if (sub == "status") {
    auto id = parse_lock_id(a.lock);
    PgLockService service(options);
    auto s = service.status(id, pgha::Deadline::after(bound));
    std::fputs((a.json ? status_json(id, s) : status_text(id, s)).c_str(), stdout);
    return k_exit_ok;
  }
  if (sub == "history") {
    std::optional<LockId> id;
    if (!a.lock.empty())
      id = parse_lock_id(a.lock);
    PgLockService service(options);
    auto rows = service.history(id, pgha::Deadline::after(bound));
    std::fputs((a.json ? history_json(rows) : history_text(rows)).c_str(), stdout);
    return k_exit_ok;
  }
  // init
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec)
    self = argv0;
  auto dir = find_sql_dir(a.sql_dir, self);
  auto files = sql_files_in(dir);
  PgLockService service(options);
  service.install(files, pgha::Deadline::after(std::max(bound, milliseconds(30000))));
  std::fputs(
      fmt::format("installed {} schema files from \"{}\"\n", files.size(), dir.string()).c_str(),
      stdout);
  return k_exit_ok;
}

void add_lease_args(CLI::App* sub, Args& a, bool ttl, bool wait) {
  sub->add_option("LOCK", a.lock, "lockname or table:lockname")->required();
  sub->add_option("OWNER", a.owner, "owner string (e.g. resource_node)")->required();
  if (ttl)
    sub->add_option("TTL_S", a.ttl, "lease length in seconds")->required();
  if (wait)
    sub->add_option("WAIT_S", a.wait, "how long to keep trying, seconds (default TTL_S)");
}

} // namespace

int main(int argc, char** argv) {
  pgha::log::set_sinks({pgha::log::stderr_sink(pgha::log::Level::warn)});
  Args a;
  CLI::App app{"distlock: lease lock on a PostgreSQL lock server\n"
               "exit codes: 0 answered (1/0 on stdout), 1 lock service unreachable, "
               "2 bad arguments, 3 lock service error, 4 internal error"};
  app.fallthrough();
  app.require_subcommand(1);
  auto* d = app.add_option("-d,--dbname", a.conninfo,
                           "libpq conninfo or URI of the lock server, without a password "
                           "(default: libpq environment, e.g. PGHOST, PGSERVICE)");
  app.add_option("-t,--timeout", a.timeout, "bound of each call in seconds (default 5)");
  app.add_flag("-v,--verbose", a.verbose, "explain the answer on stderr");
  add_lease_args(app.add_subcommand("trylock", "take or renew the lock once; print 1 or 0"), a,
                 true, false);
  add_lease_args(app.add_subcommand("lock", "trylock until acquired or WAIT_S passed"), a, true,
                 true);
  add_lease_args(app.add_subcommand("renew", "extend our lease; never takes it from another"), a,
                 true, false);
  add_lease_args(app.add_subcommand("unlock", "release the lock if we own it"), a, false, false);
  auto* status = app.add_subcommand("status", "show the lock row as the server sees it");
  status->add_option("LOCK", a.lock, "lockname or table:lockname")->required();
  status->add_flag("--json", a.json, "one JSON object");
  auto* history = app.add_subcommand("history", "who held which lock, when, with which term");
  history->add_option("LOCK", a.lock, "lockname or table:lockname (default: all)");
  history->add_flag("--json", a.json, "a JSON array");
  auto* init = app.add_subcommand("init", "install or upgrade the lock schema (idempotent)");
  init->add_option("--sql-dir", a.sql_dir, "directory of the schema files");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  a.has_conninfo = d->count() > 0;
  if (a.verbose)
    pgha::log::set_sinks({pgha::log::stderr_sink(pgha::log::Level::detail)});
  try {
    return run(app, a, argv[0]);
  } catch (const pgha::ConfigError& e) {
    pgha::log::error("{}", e.what());
    return k_exit_usage;
  } catch (const pgha::PgUnreachable& e) {
    pgha::log::error("{}", e.what());
    return k_exit_unreachable;
  } catch (const pgha::PgQueryError& e) {
    pgha::log::error("{}", e.what());
    return k_exit_server_error;
  } catch (const std::exception& e) {
    pgha::log::error("unexpected error: {}", e.what());
    return k_exit_internal;
  }
}
