#include "common/model/timeline_history.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <fmt/format.h>

namespace pgha::model {

std::vector<HistoryEntry> parse_timeline_history(std::string_view text) {
  std::vector<HistoryEntry> entries;
  int line_no = 0;
  for (const auto& raw : split(text, '\n')) {
    ++line_no;
    auto line = trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    // Fields are separated by a tab (PostgreSQL writes tabs; accept blanks too).
    auto sep1 = line.find_first_of("\t ");
    if (sep1 == std::string_view::npos) {
      throw ConfigError(
          fmt::format("history line {}: expected \"tli<TAB>lsn<TAB>reason\"", line_no), "history");
    }
    auto rest = trim(line.substr(sep1 + 1));
    auto sep2 = rest.find_first_of("\t ");
    auto lsn_text = sep2 == std::string_view::npos ? rest : rest.substr(0, sep2);
    auto tli = parse_timeline(line.substr(0, sep1));
    auto lsn = Lsn::parse(lsn_text);
    if (!tli || !lsn) {
      throw ConfigError(fmt::format("history line {}: invalid timeline or LSN", line_no),
                        "history");
    }
    HistoryEntry entry;
    entry.parent = *tli;
    entry.switch_lsn = *lsn;
    if (sep2 != std::string_view::npos) {
      entry.reason = std::string(trim(rest.substr(sep2 + 1)));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string wal_file_name(TimelineId tli, Lsn lsn, std::uint64_t segment_size) {
  const std::uint64_t per_id = 0x100000000ULL / segment_size;
  const std::uint64_t segno = lsn.value() / segment_size;
  return fmt::format("{:08X}{:08X}{:08X}", tli, segno / per_id, segno % per_id);
}

std::string history_file_name(TimelineId tli) {
  return fmt::format("{:08X}.history", tli);
}

} // namespace pgha::model
