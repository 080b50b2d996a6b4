// libpq loaded on first use. Linked (as objects, before libpq) into expgsql only, which with
// --as-needed then does not list libpq.so.5: meta-data, methods and usage run without loading
// libpq and the two dozen libraries it pulls in (TLS, Kerberos, LDAP), whose symbol
// relocations were most of meta-data's work (callgrind: 14.3 M instructions, 2.4 M without). Every
// other action loads it on its first connection, at the same cost as a link-time dependency.
//
// Each function below has the signature libpq-fe.h declares and forwards to libpq's own. A
// libpq function called elsewhere but missing here makes the linker keep libpq.so.5 again:
// tests/agent/test_agent_metadata.cpp checks that meta-data loads no libpq.

#include "common/base/error.hpp"

#include <dlfcn.h>
#include <libpq-fe.h>

#include <string>

namespace {

void* libpq_handle() {
  static void* handle = [] {
    void* h = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) {
      const char* why = ::dlerror();
      throw pgha::InstallError(std::string("cannot load libpq.so.5: ") +
                               (why != nullptr ? why : "unknown error") +
                               "\nHINT: install the Debian package libpq5");
    }
    return h;
  }();
  return handle;
}

template <typename Fn>
Fn resolve(const char* name) {
  void* sym = ::dlsym(libpq_handle(), name);
  if (sym == nullptr)
    throw pgha::InstallError(std::string("libpq.so.5 has no function \"") + name +
                             "\"\nHINT: install libpq5 of PostgreSQL 12 or later");
  return reinterpret_cast<Fn>(sym);
}

} // namespace

// Defines NAME with the parameter list PARAMS, calling libpq's NAME with ARGS.
#define PGHA_LIBPQ_FORWARD(ret, name, params, args)                                                \
  ret name params {                                                                                \
    static const auto fn = resolve<decltype(&name)>(#name);                                        \
    return fn args;                                                                                \
  }

extern "C" {

PGHA_LIBPQ_FORWARD(PGconn*, PQconnectStartParams,
                   (const char* const* keywords, const char* const* values, int expand_dbname),
                   (keywords, values, expand_dbname))
PGHA_LIBPQ_FORWARD(PostgresPollingStatusType, PQconnectPoll, (PGconn * conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQconnectionNeedsPassword, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(PQconninfoOption*, PQconninfoParse, (const char* conninfo, char** errmsg),
                   (conninfo, errmsg))
PGHA_LIBPQ_FORWARD(void, PQconninfoFree, (PQconninfoOption * options), (options))
PGHA_LIBPQ_FORWARD(void, PQfinish, (PGconn * conn), (conn))
PGHA_LIBPQ_FORWARD(ConnStatusType, PQstatus, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(char*, PQerrorMessage, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(char*, PQhost, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(char*, PQport, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQsocket, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQserverVersion, (const PGconn* conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQsetnonblocking, (PGconn * conn, int arg), (conn, arg))
PGHA_LIBPQ_FORWARD(int, PQflush, (PGconn * conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQconsumeInput, (PGconn * conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQisBusy, (PGconn * conn), (conn))
PGHA_LIBPQ_FORWARD(int, PQsendQuery, (PGconn * conn, const char* query), (conn, query))
PGHA_LIBPQ_FORWARD(int, PQsendQueryParams,
                   (PGconn * conn, const char* command, int n_params, const Oid* types,
                    const char* const* values, const int* lengths, const int* formats,
                    int result_format),
                   (conn, command, n_params, types, values, lengths, formats, result_format))
PGHA_LIBPQ_FORWARD(PGresult*, PQgetResult, (PGconn * conn), (conn))
PGHA_LIBPQ_FORWARD(ExecStatusType, PQresultStatus, (const PGresult* res), (res))
PGHA_LIBPQ_FORWARD(char*, PQresultErrorMessage, (const PGresult* res), (res))
PGHA_LIBPQ_FORWARD(char*, PQresultErrorField, (const PGresult* res, int field), (res, field))
PGHA_LIBPQ_FORWARD(int, PQntuples, (const PGresult* res), (res))
PGHA_LIBPQ_FORWARD(int, PQnfields, (const PGresult* res), (res))
PGHA_LIBPQ_FORWARD(char*, PQgetvalue, (const PGresult* res, int row, int col), (res, row, col))
PGHA_LIBPQ_FORWARD(int, PQgetisnull, (const PGresult* res, int row, int col), (res, row, col))
PGHA_LIBPQ_FORWARD(void, PQclear, (PGresult * res), (res))
PGHA_LIBPQ_FORWARD(char*, PQescapeLiteral, (PGconn * conn, const char* str, size_t len),
                   (conn, str, len))
PGHA_LIBPQ_FORWARD(char*, PQescapeIdentifier, (PGconn * conn, const char* str, size_t len),
                   (conn, str, len))
PGHA_LIBPQ_FORWARD(void, PQfreemem, (void* ptr), (ptr))

} // extern "C"
