#include "common/model/repl_info.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"
#include "common/model/node_name.hpp"

#include <fmt/format.h>

namespace pgha::model {

namespace {

[[noreturn]] void bad(std::string_view text, std::string_view why) {
  throw ConfigError(fmt::format("invalid REPL_INFO \"{}\": {}", text, why), "REPL_INFO");
}

} // namespace

std::optional<ReplInfo> parse_repl_info(std::string_view text) {
  auto trimmed = trim(text);
  if (trimmed.empty()) {
    return std::nullopt;
  }
  auto fields = split(trimmed, '|');
  if (fields.size() != 1 && fields.size() != 3 && fields.size() != 4) {
    bad(trimmed, "expected \"node\", \"node|timeline|lsn\" or \"node|timeline|lsn|term\"");
  }
  ReplInfo info;
  info.node = fields[0];
  if (!is_valid_node_name(info.node)) {
    bad(trimmed, fmt::format("invalid node name \"{}\"", info.node));
  }
  if (fields.size() == 1) {
    return info;
  }
  if (fields[1] == "0") {
    info.timeline = 0; // never promoted since initdb
  } else if (auto tli = parse_timeline(fields[1])) {
    info.timeline = *tli;
  } else {
    bad(trimmed, fmt::format("invalid timeline \"{}\"", fields[1]));
  }
  auto lsn = Lsn::parse_hex16(fields[2]);
  if (!lsn) {
    bad(trimmed, fmt::format("invalid LSN \"{}\" (16 hex digits expected)", fields[2]));
  }
  info.switch_lsn = *lsn;
  if (fields.size() == 4) {
    auto term = parse_int(fields[3]);
    if (!term || *term < 0) {
      bad(trimmed, fmt::format("invalid term \"{}\"", fields[3]));
    }
    info.term = static_cast<std::uint64_t>(*term);
  }
  return info;
}

std::string render_repl_info(const ReplInfo& info) {
  if (!info.has_position()) {
    return info.node;
  }
  auto out = fmt::format("{}|{}|{}", info.node, *info.timeline, info.switch_lsn->to_hex16());
  if (info.term) {
    out += fmt::format("|{}", *info.term);
  }
  return out;
}

} // namespace pgha::model
