#include "common/config/ini_reader.hpp"

#include "common/base/error.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace pgha::config {

namespace {

constexpr std::string_view k_unsafe_bare = "$`\\\"';&|<>()";

bool is_key_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_key_char(char c) {
  return is_key_start(c) || (c >= '0' && c <= '9');
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

class LineLexer {
 public:
  LineLexer(std::string_view line, std::string_view origin, int number)
      : m_line(line), m_origin(origin), m_number(number) {}

  [[noreturn]] void fail(std::string_view what, std::string_view hint = {},
                         std::string_view key = {}) const {
    std::string message = fmt::format("{}:{}: {}", m_origin, m_number, what);
    if (!hint.empty())
      message += fmt::format("\nHINT: {}", hint);
    throw ConfigError(message, std::string(key));
  }

  // Returns false for blank and comment lines.
  bool lex(IniEntry& out) {
    skip_spaces();
    if (at_end() || peek() == '#')
      return false;
    if (m_line.substr(m_pos).starts_with("export ") || m_line.substr(m_pos).starts_with("export\t"))
      fail("\"export\" is not supported", "write plain key=value lines");
    if (!is_key_start(peek()))
      fail(fmt::format("expected a key at \"{}\"", m_line.substr(m_pos)),
           "each line is key=value, a comment starting with \"#\", or blank");
    size_t start = m_pos;
    while (!at_end() && is_key_char(peek()))
      ++m_pos;
    out.key = std::string(m_line.substr(start, m_pos - start));
    out.line = m_number;
    if (at_end())
      fail(fmt::format("missing \"=\" after \"{}\"", out.key), "write key=value", out.key);
    if (is_space(peek()))
      fail(fmt::format("space before \"=\" after \"{}\"", out.key),
           "write key=value without spaces around \"=\" (the file is shell syntax)", out.key);
    if (peek() != '=')
      fail(fmt::format("unexpected \"{}\" in key \"{}\"", peek(), out.key),
           "keys are letters, digits and \"_\"", out.key);
    ++m_pos;
    out.value = lex_value(out.key);
    skip_spaces();
    if (!at_end() && peek() != '#')
      fail(fmt::format("unexpected text \"{}\" after the value of \"{}\"", m_line.substr(m_pos),
                       out.key),
           "quote values that contain spaces: key=\"a b\"", out.key);
    return true;
  }

 private:
  std::string lex_value(const std::string& key) {
    if (at_end() || is_space(peek()))
      return {};
    if (peek() == '\'')
      return lex_single(key);
    if (peek() == '"')
      return lex_double(key);
    size_t start = m_pos;
    while (!at_end() && !is_space(peek())) {
      if (k_unsafe_bare.find(peek()) != std::string_view::npos)
        fail(fmt::format("character \"{}\" in the unquoted value of \"{}\"", peek(), key),
             "put the value in single quotes: key='value'", key);
      ++m_pos;
    }
    return std::string(m_line.substr(start, m_pos - start));
  }

  std::string lex_single(const std::string& key) {
    ++m_pos;
    auto end = m_line.find('\'', m_pos);
    if (end == std::string_view::npos)
      fail(fmt::format("unterminated single quote in the value of \"{}\"", key),
           "values are on one line and end with the same quote", key);
    std::string value(m_line.substr(m_pos, end - m_pos));
    m_pos = end + 1;
    expect_value_end(key);
    return value;
  }

  std::string lex_double(const std::string& key) {
    ++m_pos;
    std::string value;
    while (true) {
      if (at_end())
        fail(fmt::format("unterminated double quote in the value of \"{}\"", key),
             "values are on one line and end with the same quote", key);
      char c = m_line[m_pos++];
      if (c == '"')
        break;
      if (c == '$' || c == '`')
        fail(fmt::format("shell expansion \"{}\" in the value of \"{}\" is not supported", c, key),
             "write the value literally, or in single quotes", key);
      if (c == '\\' && !at_end() &&
          std::string_view("\"\\$`").find(peek()) != std::string_view::npos)
        c = m_line[m_pos++];
      value.push_back(c);
    }
    expect_value_end(key);
    return value;
  }

  void expect_value_end(const std::string& key) {
    if (!at_end() && !is_space(peek()))
      fail(fmt::format("unexpected text \"{}\" right after the quoted value of \"{}\"",
                       m_line.substr(m_pos), key),
           "quote the whole value", key);
  }

  void skip_spaces() {
    while (!at_end() && is_space(peek()))
      ++m_pos;
  }
  bool at_end() const { return m_pos >= m_line.size(); }
  char peek() const { return m_line[m_pos]; }

  std::string_view m_line;
  std::string_view m_origin;
  int m_number;
  size_t m_pos = 0;
};

} // namespace

std::vector<IniEntry> read_ini(std::string_view text, std::string_view origin) {
  std::vector<IniEntry> entries;
  int number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++number;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    IniEntry entry;
    if (LineLexer(line, origin, number).lex(entry))
      entries.push_back(std::move(entry));
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
  return entries;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError(fmt::format("could not open configuration file \"{}\": {}\nHINT: pass "
                                  "--config FILE or create it from config.ini.example",
                                  path, std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string quote_value(std::string_view value) {
  bool safe = !value.empty();
  for (char c : value)
    if (is_space(c) || c == '#' || k_unsafe_bare.find(c) != std::string_view::npos)
      safe = false;
  if (safe)
    return std::string(value);
  if (value.find('\'') == std::string_view::npos)
    return fmt::format("'{}'", value);
  std::string out = "\"";
  for (char c : value) {
    if (std::string_view("\"\\$`").find(c) != std::string_view::npos)
      out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

} // namespace pgha::config
