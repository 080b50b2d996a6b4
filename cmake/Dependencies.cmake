# Every dependency comes from Debian 12 packages (ci/install-deps.sh installs them).
# No libpqxx: every PostgreSQL call needs a deadline, and libpqxx 6.4's calls block (see
# ARCHITECTURE.md); a dependency nothing links is not built against.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
# fmt is used header-only and pugixml as its static library: Pacemaker starts expgsql for every
# monitor, and each shared library costs its start-up (page faults, relocations). The binaries
# then need neither libfmt9 nor libpugixml1v5 at run time.
find_package(fmt 9 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
# pugixml reads crm_mon/cibadmin XML output (a thin wrapper lives in common/cluster).
find_package(pugixml REQUIRED)
if(PGHA_BUILD_TESTS)
  find_package(Catch2 2.13 REQUIRED)
  include(Catch)
endif()
