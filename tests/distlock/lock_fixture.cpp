#include "tests/distlock/lock_fixture.hpp"

#include <pgha/distlock/lock.hpp>

#include <algorithm>

namespace pgha::test {

std::filesystem::path shipped_sql_dir() {
  return std::filesystem::path(PGHA_SOURCE_DIR) / "sql";
}

std::vector<std::string> shipped_sql_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(shipped_sql_dir()))
    if (e.path().extension() == ".sql")
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::filesystem::path distlock_binary() {
  return std::filesystem::path(PGHA_BINARY_DIR) / "distlock" / "distlock";
}

LockServer::LockServer(bool install) : pg(PgServerOptions{"distlock", {}, true}) {
  if (install)
    service()->install(shipped_sql_files(), Deadline::after(std::chrono::seconds(60)));
}

std::unique_ptr<distlock::PgLockService> LockServer::service(bool reuse) const {
  distlock::PgOptions o;
  o.conninfo = pg.conninfo();
  o.reuse_connection = reuse;
  return std::make_unique<distlock::PgLockService>(o);
}

distlock::LeaseRequest lease(const std::string& name, const std::string& owner,
                             std::chrono::milliseconds ttl) {
  distlock::LeaseRequest r;
  r.lock.name = name;
  r.owner = owner;
  r.ttl = ttl;
  return r;
}

} // namespace pgha::test
