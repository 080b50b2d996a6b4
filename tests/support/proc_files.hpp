#pragma once
// Small readers for tests: a whole text file, and a process's soft core-file limit.

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pgha::test {

// The whole file as text ("" when it cannot be read).
inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Soft "Max core file size" of a process from /proc/PID/limits ("unlimited" or a number;
// pg_ctl -c raises it).
inline std::string core_limit(int pid) {
  std::ifstream in(fmt::format("/proc/{}/limits", pid));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Max core file size", 0) == 0) {
      std::istringstream words(line.substr(18));
      std::string soft;
      words >> soft;
      return soft;
    }
  return "";
}

} // namespace pgha::test
