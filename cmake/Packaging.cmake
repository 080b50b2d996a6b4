# Debian package of pgha (cpack -G DEB): the agent ocf:pgha:expgsql, distlock, the cls
# command with its cls_* links, the lock schema (share/pgha/sql) and the example config.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "pgha")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "pgha")
set(CPACK_PACKAGE_CONTACT "pgha maintainers <root@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "PostgreSQL streaming replication high availability for Pacemaker")
set(CPACK_PACKAGE_DESCRIPTION
    "pgha makes PostgreSQL streaming replication highly available under Pacemaker: the OCF agent
ocf:pgha:expgsql for a promotable clone, a lease lock (distlock) that prevents split brain
without fencing, and the cls_* operator commands driven by /etc/pgha/config.ini.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "database")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Debian 12 runtime libraries and the Pacemaker tools the commands and the agent call.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libpq5, pacemaker-cli-utils, resource-agents")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-15, pacemaker, corosync")
include(CPack)
