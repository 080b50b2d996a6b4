// Defaults derived from the PostgreSQL major of the data directory instead of a hard-coded one,
// so a Debian cluster of any supported major needs no path parameters.
#include "agent/core/params.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

void apply_derived_defaults(Params& p, const InstallFacts& facts) {
  auto major = facts.data_major ? facts.data_major : facts.newest_installed;
  if (p.pgctl.empty() && major)
    p.pgctl = fmt::format("/usr/lib/postgresql/{}/bin/pg_ctl", *major);
  if (p.psql.empty() && !p.pgctl.empty())
    p.psql = bindir_of(p) + "/psql";
  if (p.logfile.empty() && major)
    p.logfile = fmt::format("/var/log/postgresql/postgresql-{}-main.log", *major);
}

} // namespace pgha::agent::core
