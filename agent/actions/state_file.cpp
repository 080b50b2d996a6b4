#include "agent/actions/state_file.hpp"

#include "common/base/log.hpp"

#include <fstream>
#include <system_error>

namespace pgha::agent {

StateFile::StateFile(std::filesystem::path path) : m_path(std::move(path)) {
  std::ifstream in(m_path);
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab != std::string::npos)
      m_values[line.substr(0, tab)] = line.substr(tab + 1);
  }
}

std::optional<std::string> StateFile::get(const std::string& key) const {
  auto it = m_values.find(key);
  if (it == m_values.end())
    return std::nullopt;
  return it->second;
}

void StateFile::set(const std::string& key, const std::string& value) {
  auto it = m_values.find(key);
  if (it != m_values.end() && it->second == value)
    return;
  m_values[key] = value;
  m_dirty = true;
}

void StateFile::erase(const std::string& key) {
  if (m_values.erase(key) > 0)
    m_dirty = true;
}

void StateFile::erase_prefix(const std::string& prefix) {
  for (auto it = m_values.lower_bound(prefix);
       it != m_values.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
    it = m_values.erase(it);
    m_dirty = true;
  }
}

void StateFile::save() {
  if (!m_dirty)
    return;
  auto tmp = m_path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto& [k, v] : m_values)
      out << k << '\t' << v << '\n';
    if (!out) {
      log::warn("cannot write state file \"{}\"", tmp.string());
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, m_path, ec);
  if (ec)
    log::warn("cannot replace state file \"{}\": {}", m_path.string(), ec.message());
  m_dirty = false;
}

} // namespace pgha::agent
