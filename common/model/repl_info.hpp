#pragma once
// The cluster property `<rsc>_REPL_INFO`: which node is the recorded primary, the timeline it
// promoted from and the switch LSN, as `node|timeline-before-promote|LSN(16 hex)`, e.g.
// `node1|1|00000000070000D0`. Accepted special forms (pha4pgsql §4.1):
//   ""                         no recorded primary
//   "node"                     primary forced by an operator, no timeline information
//   "node|0|0000000000000000"  recorded primary that has never been promoted since initdb
// pgha adds an optional fourth field, the fencing term of the lease taken for the promotion:
//   "node|1|00000000070000D0|7". Readers that know only three fields are not affected because
// pgha never writes the fourth field without the first three.

#include "common/model/lsn.hpp"
#include "common/model/timeline.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgha::model {

struct ReplInfo {
  std::string node;                   // lower-case, valid node name
  std::optional<TimelineId> timeline; // timeline before the promotion; 0 = never promoted
  std::optional<Lsn> switch_lsn;      // set iff timeline is set
  std::optional<std::uint64_t> term;  // fencing term of the promotion, when known

  // True when the record carries the timeline and LSN (not the bare-name form).
  bool has_position() const { return timeline.has_value() && switch_lsn.has_value(); }

  friend bool operator==(const ReplInfo&, const ReplInfo&) = default;
};

// Parse a REPL_INFO value. Empty or blank → nullopt (no record). Throws pgha::ConfigError
// (key "REPL_INFO") naming the defect for anything malformed: invalid node name, wrong field
// count, non-decimal timeline, LSN not 16 hex digits, non-decimal term.
std::optional<ReplInfo> parse_repl_info(std::string_view text);

// Render in the stored form (fields omitted exactly as described above).
std::string render_repl_info(const ReplInfo& info);

} // namespace pgha::model
