#pragma once
// The content of a `<8-hex tli>.history` file in pg_wal: one line per ancestor timeline,
// `<parent tli>\t<switch LSN X/Y>\t<reason>`; blank lines and `#` comments ignored.

#include "common/model/lsn.hpp"
#include "common/model/timeline.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pgha::model {

struct HistoryEntry {
  TimelineId parent = 0; // the timeline that ended
  Lsn switch_lsn;        // where it ended (first LSN of the next timeline)
  std::string reason;

  friend bool operator==(const HistoryEntry&, const HistoryEntry&) = default;
};

// Parse a history file. Throws pgha::ConfigError (key "history") on a malformed line.
std::vector<HistoryEntry> parse_timeline_history(std::string_view text);

// The file name of a timeline's history file, e.g. 2 → "00000002.history".
std::string history_file_name(TimelineId tli);

// "TTTTTTTTXXXXXXXXYYYYYYYY": the WAL segment file of timeline `tli` that holds `lsn`, for
// segments of `segment_size` bytes (a power of two, 1 MB … 1 GB).
std::string wal_file_name(TimelineId tli, Lsn lsn, std::uint64_t segment_size);

} // namespace pgha::model
