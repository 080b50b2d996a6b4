#include "agent/core/metadata.hpp"
#include "agent/core/params.hpp"
#include "common/proc/runner.hpp"
#include "tests/support/agent_fixtures.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace pgha::agent::core;

namespace {

constexpr const char* k_dtd = "/usr/share/resource-agents/ra-api-1.dtd";
constexpr const char* k_rng = "/usr/share/resource-agents/metadata.rng";

pgha::proc::Result xmllint(std::vector<std::string> args, const std::string& xml) {
  pgha::proc::PosixRunner runner;
  pgha::proc::Command c;
  c.argv = {"xmllint", "--noout"};
  c.argv.insert(c.argv.end(), args.begin(), args.end());
  c.argv.push_back("-");
  c.stdin_data = xml;
  c.deadline = pgha::Deadline::after(std::chrono::seconds(60));
  return runner.run(c);
}

} // namespace

TEST_CASE("meta-data equals the golden file") {
  auto actual = render_metadata();
  auto golden = pgha::test::read_fixture("meta-data.xml");
  if (actual != golden) {
    std::ofstream("meta-data.actual.xml") << actual;
    FAIL("meta-data differs from tests/fixtures/agent/meta-data.xml; the rendered document was "
         "written to meta-data.actual.xml in the test's working directory");
  }
}

TEST_CASE("meta-data validates against ra-api-1.dtd") {
  auto r = xmllint({"--dtdvalid", k_dtd}, render_metadata());
  INFO(r.err);
  CHECK(r.ok());
}

TEST_CASE("meta-data validates against resource-agents metadata.rng") {
  auto r = xmllint({"--relaxng", k_rng}, render_metadata());
  INFO(r.err);
  CHECK(r.ok());
}

TEST_CASE("the validators reject what they should (the checks can fail)") {
  SECTION("rng refuses role Master") {
    auto xml = render_metadata();
    auto pos = xml.find("role=\"Promoted\"");
    REQUIRE(pos != std::string::npos);
    xml.replace(pos, 15, "role=\"Master\"");
    CHECK_FALSE(xmllint({"--relaxng", k_rng}, xml).ok());
  }
  SECTION("dtd refuses an action without timeout") {
    auto xml = render_metadata();
    auto pos = xml.find(" timeout=\"5s\"");
    REQUIRE(pos != std::string::npos);
    xml.erase(pos, 13);
    CHECK_FALSE(xmllint({"--dtdvalid", k_dtd}, xml).ok());
  }
}

TEST_CASE("meta-data content") {
  auto xml = render_metadata();
  SECTION("declares OCF 1.1 and the DOCTYPE ocf-tester needs") {
    CHECK_THAT(xml, Catch::Contains("<version>1.1</version>"));
    CHECK_THAT(xml, Catch::Contains("<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">"));
  }
  SECTION("every parameter of the table appears once") {
    for (const auto& p : param_table()) {
      auto tag = "<parameter name=\"" + std::string(p.name) + "\"";
      auto first = xml.find(tag);
      CHECK(first != std::string::npos);
      CHECK(xml.find(tag, first + 1) == std::string::npos);
    }
  }
  SECTION("monitors for both roles with distinct intervals") {
    CHECK_THAT(xml, Catch::Contains("interval=\"4s\" depth=\"0\" role=\"Unpromoted\""));
    CHECK_THAT(xml, Catch::Contains("interval=\"3s\" depth=\"0\" role=\"Promoted\""));
  }
  SECTION("no reload actions") {
    CHECK_THAT(xml, !Catch::Contains("reload"));
  }
}

TEST_CASE("methods lists the implemented actions") {
  CHECK(render_methods() ==
        "start\nstop\nstatus\nmonitor\npromote\ndemote\nnotify\nmethods\nmeta-data\n"
        "validate-all\n");
}
