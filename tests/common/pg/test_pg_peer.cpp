// Peer authentication from a root process: Debian's default pg_hba.conf ("local all postgres
// peer") accepts a Unix-socket connection as postgres only when the socket carries postgres's
// credentials, which Session gives it with SessionOptions::peer_user.

#include "common/base/error.hpp"
#include "common/pg/session.hpp"
#include "tests/support/pg_server.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

using namespace pgha;
using namespace pgha::pg;
using namespace std::chrono_literals;

TEST_CASE("root connects as postgres with Debian's default pg_hba.conf lines", "[session]") {
  REQUIRE(::geteuid() == 0); // the agent runs as root; so do these tests
  test::PgServer server(test::PgServerOptions{"peer", {}, false});
  {
    std::ofstream hba(server.datadir() / "pg_hba.conf", std::ios::trunc);
    hba << "local   all             postgres                                peer\n"
           "local   all             all                                     peer\n"
           "host    all             all             127.0.0.1/32            scram-sha-256\n"
           "host    all             all             ::1/128                 scram-sha-256\n";
  }
  server.start();
  SessionOptions options;
  options.conninfo = "host=" + server.socket_dir().string() +
                     " port=" + std::to_string(server.port()) + " user=postgres dbname=postgres";

  SECTION("with the process's own credentials (root) peer authentication refuses") {
    try {
      Session s(options, Deadline::after(10s));
      FAIL("connected as root through peer authentication");
    } catch (const PgUnreachable& e) {
      CHECK(std::string(e.what()).find("Peer authentication failed") != std::string::npos);
    }
  }
  SECTION("with peer_user the socket carries postgres's credentials; root again afterwards") {
    options.peer_user = "postgres";
    Session s(options, Deadline::after(10s));
    CHECK(s.query_value("whoami", "select current_user", {}, Deadline::after(10s)) == "postgres");
    CHECK(::geteuid() == 0);
    CHECK(::getegid() == 0);
  }
  SECTION("over TCP peer_user changes nothing (no switch, scram still asks for a password)") {
    options.peer_user = "postgres";
    options.conninfo =
        "host=127.0.0.1 port=" + std::to_string(server.port()) + " user=postgres dbname=postgres";
    CHECK_THROWS_AS(Session(options, Deadline::after(10s)), PgUnreachable);
    CHECK(::geteuid() == 0);
  }
}
