#include "common/base/error.hpp"
#include "common/pq/conninfo.hpp"

#include <catch2/catch.hpp>

using namespace pgha;
using namespace pgha::pq;

namespace {

std::string keyword(const ParsedConninfo& p, const std::string& key) {
  for (const auto& [k, v] : p.keywords)
    if (k == key)
      return v;
  return "<unset>";
}

// What refuse_password() threw ("" key and message when it threw nothing).
struct Refusal {
  std::string field;
  std::string message;
  const std::string& key() const { return field; }
};

Refusal refusal(std::string_view what, const std::string& conninfo) {
  try {
    refuse_password(what, conninfo);
  } catch (const ConfigError& e) {
    return {e.key(), e.what()};
  }
  return {};
}

} // namespace

TEST_CASE("parse_conninfo reads keywords and URIs as libpq does") {
  auto kv = parse_conninfo("host=/run/postgresql port=5433 dbname='my db'");
  CHECK(kv.defect.empty());
  CHECK(keyword(kv, "host") == "/run/postgresql");
  CHECK(keyword(kv, "port") == "5433");
  CHECK(keyword(kv, "dbname") == "my db");
  CHECK(keyword(kv, "user") == "<unset>");

  auto uri = parse_conninfo("postgresql://alice@db1:5432/app?sslmode=require");
  CHECK(uri.defect.empty());
  CHECK(keyword(uri, "user") == "alice");
  CHECK(keyword(uri, "host") == "db1");
  CHECK(keyword(uri, "sslmode") == "require");

  CHECK(parse_conninfo("").defect.empty());
  CHECK(parse_conninfo("").keywords.empty());
}

TEST_CASE("conninfo_defect names what libpq refuses, on one line") {
  CHECK(conninfo_defect("host=a port=5432").empty());
  auto unknown = conninfo_defect("hots=a");
  CHECK(unknown.find("hots") != std::string::npos);
  CHECK(unknown.find('\n') == std::string::npos);
  CHECK_FALSE(conninfo_defect("host='unterminated").empty());
  CHECK_FALSE(conninfo_defect("host").empty());
}

TEST_CASE("conninfo_has_password finds every spelling libpq accepts") {
  CHECK(conninfo_has_password("host=a password=secret"));
  CHECK(conninfo_has_password("host=a password = 'se cret'"));
  CHECK(conninfo_has_password("host=a password="));
  CHECK(conninfo_has_password("postgresql://u:secret@localhost/db"));
  CHECK(conninfo_has_password("postgres://localhost/db?password=secret"));
  CHECK_FALSE(conninfo_has_password("host=a user=password"));
  CHECK_FALSE(conninfo_has_password("host=a passfile=/etc/pgha/pgpass"));
  CHECK_FALSE(conninfo_has_password("application_name='password=x'"));
  CHECK_FALSE(conninfo_has_password("postgresql://u@localhost/db"));
  // An empty URI password is no password to libpq: it sets none.
  CHECK_FALSE(conninfo_has_password("postgresql://u:@localhost/db"));
  CHECK_FALSE(conninfo_has_password(""));
  CHECK_THROWS_AS(conninfo_has_password("host='unterminated"), ConfigError);
}

TEST_CASE("refuse_password names the setting and never the password") {
  CHECK_NOTHROW(refuse_password("primary_conninfo", "host=a user=rep"));
  auto has_password = refusal("primary_conninfo", "host=a password=s3cret");
  CHECK(has_password.key() == "primary_conninfo");
  CHECK(has_password.message.find("contains a password") != std::string::npos);
  CHECK(has_password.message.find("s3cret") == std::string::npos);
  auto unparsable = refusal("source_conninfo", "host='x password=s3cret");
  CHECK(unparsable.key() == "source_conninfo");
  CHECK(unparsable.message.find("not a valid conninfo") != std::string::npos);
}

TEST_CASE("quote_conninfo_value round-trips through libpq") {
  CHECK(quote_conninfo_value("/run/postgresql") == "/run/postgresql");
  CHECK(quote_conninfo_value("") == "''");
  CHECK(quote_conninfo_value("my db") == "'my db'");
  CHECK(quote_conninfo_value("it's") == "'it\\'s'");
  for (std::string value : {"my db", "it's", "back\\slash", "", "tab\there", "a='b'"}) {
    auto parsed = parse_conninfo("dbname=" + quote_conninfo_value(value) + " host=h");
    REQUIRE(parsed.defect.empty());
    CHECK(keyword(parsed, "dbname") == value);
    CHECK(keyword(parsed, "host") == "h");
  }
}

TEST_CASE("redact_conninfo hides every password") {
  CHECK(redact_conninfo("host=a password=secret user=b") == "host=a password=***** user=b");
  CHECK(redact_conninfo("password = 'se cret' host=a") == "password = ***** host=a");
  CHECK(redact_conninfo("PASSWORD=x") == "PASSWORD=*****");
  CHECK(redact_conninfo("host=a") == "host=a");
  CHECK(redact_conninfo("postgresql://u:secret@db1:5432/app") ==
        "postgresql://u:*****@db1:5432/app");
  CHECK(redact_conninfo("postgresql://u@db1/app") == "postgresql://u@db1/app");
  CHECK(redact_conninfo("postgresql://[::1]:5432/app") == "postgresql://[::1]:5432/app");
  CHECK(redact_conninfo("cannot reach \"postgres://a:b@h/d\" and postgres://c:d@h2") ==
        "cannot reach \"postgres://a:*****@h/d\" and postgres://c:*****@h2");
}
