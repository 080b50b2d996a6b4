#include "agent/core/metadata.hpp"

#include "agent/core/params.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string_view type_name(ParamType t) {
  switch (t) {
  case ParamType::integer:
    return "integer";
  case ParamType::boolean:
    return "boolean";
  case ParamType::string:
    break;
  }
  return "string";
}

struct ActionRow {
  std::string_view name;
  std::string_view timeout;
  std::string_view interval; // empty = none
  std::string_view role;     // empty = none
  std::string_view depth;    // empty = none
};

// Action defaults. The two monitors need distinct intervals (Pacemaker keys operations by name
// and interval). The promoted monitor renews the lease, so its interval must stay well below
// distlock_ttl minus the safety margin (3 s against the default 9 s lease).
constexpr ActionRow k_actions[] = {
    {"start", "120s", "", "", ""},
    {"stop", "120s", "", "", ""},
    {"status", "60s", "", "", ""},
    {"monitor", "30s", "4s", "Unpromoted", "0"},
    {"monitor", "30s", "3s", "Promoted", "0"},
    {"promote", "120s", "", "", ""},
    {"demote", "120s", "", "", ""},
    {"notify", "90s", "", "", ""},
    {"methods", "5s", "", "", ""},
    {"meta-data", "5s", "", "", ""},
    {"validate-all", "5s", "", "", ""},
};

} // namespace

std::string render_metadata() {
  std::string out;
  out += "<?xml version=\"1.0\"?>\n";
  out += "<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n";
  out += fmt::format("<resource-agent name=\"expgsql\" version=\"{}\">\n", k_agent_version);
  out += "<version>1.1</version>\n\n";
  out += "<longdesc lang=\"en\">\n"
         "Manages PostgreSQL streaming replication as a promotable clone: one primary, hot "
         "standbys that stream from it through the writer address (master_ip), one synchronous "
         "standby chosen by the primary in sync mode, WAL-position election when no primary is "
         "recorded, and an optional lease lock (enable_distlock) that gates promotion and the "
         "fallback to asynchronous replication. Needs the clone meta attributes "
         "promotable=true, notify=true and promoted-max=1.\n"
         "</longdesc>\n";
  out +=
      "<shortdesc lang=\"en\">PostgreSQL streaming replication (promotable clone)</shortdesc>\n\n";
  out += "<parameters>\n";
  for (const auto& p : param_table()) {
    out += fmt::format("<parameter name=\"{}\" unique=\"{}\" required=\"{}\">\n", p.name,
                       p.unique ? 1 : 0, p.required ? 1 : 0);
    out += fmt::format("<longdesc lang=\"en\">\n{}\n</longdesc>\n", xml_escape(p.longdesc));
    out += fmt::format("<shortdesc lang=\"en\">{}</shortdesc>\n", xml_escape(p.shortdesc));
    if (p.default_value.empty()) {
      out += fmt::format("<content type=\"{}\" />\n", type_name(p.type));
    } else {
      out += fmt::format("<content type=\"{}\" default=\"{}\" />\n", type_name(p.type),
                         xml_escape(p.default_value));
    }
    out += "</parameter>\n\n";
  }
  out += "</parameters>\n\n";
  out += "<actions>\n";
  for (const auto& a : k_actions) {
    std::string line = fmt::format("<action name=\"{}\" timeout=\"{}\"", a.name, a.timeout);
    if (!a.interval.empty()) {
      line += fmt::format(" interval=\"{}\"", a.interval);
    }
    if (!a.depth.empty()) {
      line += fmt::format(" depth=\"{}\"", a.depth);
    }
    if (!a.role.empty()) {
      line += fmt::format(" role=\"{}\"", a.role);
    }
    out += line + " />\n";
  }
  out += "</actions>\n";
  out += "</resource-agent>\n";
  return out;
}

std::string render_methods() {
  return "start\nstop\nstatus\nmonitor\npromote\ndemote\nnotify\nmethods\nmeta-data\n"
         "validate-all\n";
}

} // namespace pgha::agent::core
