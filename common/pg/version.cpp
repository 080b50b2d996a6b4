#include "common/pg/version.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"

#include <fmt/format.h>

#include <fstream>
#include <regex>

namespace pgha::pg {

namespace {

constexpr const char* k_lsn = "([0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8})";

// WAL file name TTTTTTTTXXXXXXXXYYYYYYYY → LSN of its first byte.
std::optional<model::Lsn> segment_start(const std::string& name, std::uint64_t seg_size) {
  if (name.size() != 24 || seg_size == 0)
    return std::nullopt;
  try {
    auto log = std::stoull(name.substr(8, 8), nullptr, 16);
    auto seg = std::stoull(name.substr(16, 8), nullptr, 16);
    return model::Lsn(log * 0x100000000ULL + seg * seg_size);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace

int major_of_version_num(int version_num) {
  return version_num / 10000;
}

std::optional<int> data_directory_major(const std::filesystem::path& pgdata) {
  std::ifstream in(pgdata / "PG_VERSION");
  std::string line;
  if (!in || !std::getline(in, line))
    return std::nullopt;
  auto text = std::string(trim(line));
  auto v = parse_int(text.substr(0, text.find('.')));
  if (!v || *v <= 0 || *v > 1000)
    return std::nullopt;
  return static_cast<int>(*v);
}

std::string unsupported_major_reason(int major, const std::string& where) {
  if (major < k_oldest_major)
    return fmt::format("PostgreSQL {} ({}) is older than the oldest supported major {}\nHINT: "
                       "pgha supports PostgreSQL {} to {}; upgrade the cluster (pg_upgrade) first",
                       major, where, k_oldest_major, k_oldest_major, k_newest_major);
  if (major > k_newest_major)
    return fmt::format("PostgreSQL {} ({}) is newer than the newest supported major {}\nHINT: "
                       "pgha supports PostgreSQL {} to {}; use a pgha release that supports {}",
                       major, where, k_newest_major, k_oldest_major, k_newest_major, major);
  return {};
}

bool rewind_has_config_file(int major) {
  return major >= 15;
}

model::Lsn parse_waldump_end(const std::string& text, int major, std::uint64_t wal_segment_size) {
  // The dump's last message: "pg_waldump: fatal: error in WAL record at A: MSG" (14) or
  // "pg_waldump: error: error in WAL record at A: MSG" (15+), MSG from xlogreader.c.
  const std::string level = major <= 14 ? "fatal" : "error";
  const std::regex record(
      fmt::format("pg_waldump: {}: error in WAL record at {}: (.*)", level, k_lsn));
  const std::regex no_file(
      fmt::format(R"re(pg_waldump: {}: could not find file "(?:.*/)?([0-9A-F]{{24}})")re", level));
  const std::regex no_record(
      fmt::format("pg_waldump: {}: could not find a valid record after {}", level, k_lsn));
  std::smatch m;
  std::string last_line;
  for (const auto& line : split(text, '\n')) {
    if (!trim(line).empty())
      last_line = std::string(trim(line));
  }
  auto fail = [&](const std::string& why) -> model::Lsn {
    throw StateError(fmt::format("cannot tell the end of the local WAL from pg_waldump ({}, "
                                 "PostgreSQL {}): \"{}\"",
                                 why, major, last_line));
  };
  if (std::regex_search(last_line, m, no_file)) {
    // The dump ran to the end of a segment and the next one does not exist yet.
    if (auto lsn = segment_start(m[1].str(), wal_segment_size))
      return *lsn;
    return fail("unreadable segment name");
  }
  if (std::regex_search(last_line, m, no_record))
    return *model::Lsn::parse(m[1].str());
  if (!std::regex_search(last_line, m, record))
    return fail("no \"error in WAL record\" line");
  const std::string msg = m[2].str();
  // Record-level endings name the position where the invalid record starts.
  const char* record_endings_15[] = {
      "invalid record length at {}: wanted \\d+, got \\d+",
      "invalid record offset at {}$",
      "record length \\d+ at {} too long",
  };
  const char* record_endings_16[] = {
      "invalid record length at {}: expected at least \\d+, got \\d+",
      "invalid record offset at {}: expected at least \\d+, got \\d+",
      "record length \\d+ at {} too long",
  };
  const char* record_endings_all[] = {
      "invalid resource manager ID \\d+ at {}",
      "record with incorrect prev-link [0-9A-Fa-f]+/[0-9A-Fa-f]+ at {}",
      "missing contrecord at {}",
      "there is no contrecord flag at {}",
      "invalid contrecord length \\d+ \\(expected \\d+\\) at {}",
      "incorrect resource manager data checksum in record at {}",
  };
  auto try_list = [&](const auto& list) -> std::optional<model::Lsn> {
    for (const char* pattern : list) {
      std::smatch e;
      if (std::regex_search(msg, e, std::regex(fmt::format(fmt::runtime(pattern), k_lsn))))
        return model::Lsn::parse(e[1].str());
    }
    return std::nullopt;
  };
  if (auto lsn = major >= 16 ? try_list(record_endings_16) : try_list(record_endings_15))
    return *lsn;
  if (auto lsn = try_list(record_endings_all))
    return *lsn;
  // Page-header endings (recycled segment, zeroed page): the page start is the end of WAL.
  std::smatch e;
  if (major >= 16) {
    if (std::regex_search(
            msg, e,
            std::regex(fmt::format("in WAL segment [0-9A-F]{{24}}, LSN {}, offset \\d+", k_lsn))))
      return *model::Lsn::parse(e[1].str());
  } else if (std::regex_search(msg, e,
                               std::regex("in log segment ([0-9A-F]{24}), offset (\\d+)"))) {
    auto start = segment_start(e[1].str(), wal_segment_size);
    auto offset = parse_int(e[2].str());
    if (start && offset)
      return model::Lsn(start->value() + static_cast<std::uint64_t>(*offset));
  }
  return fail("unknown wording");
}

} // namespace pgha::pg
