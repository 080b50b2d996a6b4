#pragma once
// A real PostgreSQL server for tests: initdb as `postgres` in a fresh temp dir, listening on a
// free loopback port (and a socket in the same dir), stopped when the fixture goes away. When
// the test failed the data directory and server log stay and their path is printed.

#include "tests/support/temp_dir.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pgha::test {

// Directory of the PostgreSQL binaries: $PGHA_PG_BINDIR, else /usr/lib/postgresql/15/bin.
// Throws (a test failure, never a skip) when initdb is not there. The version tier (label
// pgmajor) points it at ci/fetch-pg-majors.sh's cache: postgres, initdb and pg_ctl only.
std::filesystem::path pg_bindir();

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

struct PgServerOptions {
  std::string tag = "pg";
  std::vector<std::string> conf; // extra postgresql.conf lines
  bool start = true;             // start right after initdb
};

class PgServer {
 public:
  explicit PgServer(PgServerOptions options = {});
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  // A streaming standby of `primary` made with pg_basebackup -R (started unless told not to).
  // Without a pg_basebackup in pg_bindir() (the version tier's packages; Debian's 15 refuses
  // newer servers) it is a cold copy instead: the primary is stopped cleanly, copied, started
  // again, and the copy gets standby.signal and a primary_conninfo like -R's.
  static std::unique_ptr<PgServer> standby_of(PgServer& primary, const std::string& tag,
                                              bool start = true);

  // The major of this data directory (PG_VERSION).
  int major() const;

  int port() const { return m_port; }
  const std::filesystem::path& base() const { return m_dir.path(); }
  std::filesystem::path datadir() const { return m_dir.path() / "data"; }
  std::filesystem::path log_file() const { return m_dir.path() / "server.log"; }
  std::filesystem::path socket_dir() const { return m_dir.path(); }

  // "host=127.0.0.1 port=N user=postgres dbname=DB connect_timeout=5"
  std::string conninfo(const std::string& dbname = "postgres") const;

  void start();
  void stop(const std::string& mode = "fast"); // waits until the postmaster has exited
  void kill9();                                // SIGKILL the postmaster (a crash)
  bool running() const;
  int postmaster_pid() const; // 0 when there is no postmaster.pid

  // Run one statement on this server as postgres and return the first column of the first
  // row ("" when no rows). Test helper only: statements are literals of the test.
  std::string query(const std::string& sql, const std::string& dbname = "postgres") const;
  // Like query(), with positional parameters $1, $2, … passed as text.
  std::string query_params(const std::string& sql, const std::vector<std::string>& params,
                           const std::string& dbname = "postgres") const;

  // Append lines to postgresql.conf (takes effect on next start or reload).
  void append_conf(const std::vector<std::string>& lines);

 private:
  struct Existing {};
  PgServer(Existing, const std::string& tag);
  void initdb();
  void write_base_conf(const std::vector<std::string>& extra);

  TempDir m_dir;
  int m_port = 0;
};

} // namespace pgha::test
