// Baseline for the agent benchmark: the least a monitor can do — one libpq connect, one
// query, finish — as its own process. Usage: libpq_probe CONNINFO. Exit 0 on success.

#include <libpq-fe.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: libpq_probe CONNINFO\n", stderr);
    return 2;
  }
  PGconn* conn = PQconnectdb(argv[1]);
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    return 1;
  }
  PGresult* res = PQexec(conn, "select pg_is_in_recovery()");
  int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : 1;
  PQclear(res);
  PQfinish(conn);
  return rc;
}
