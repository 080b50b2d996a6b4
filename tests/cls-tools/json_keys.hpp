#pragma once
// The key paths of a JSON document, for checking output against its documented schema:
// `a`, `a.b`, `list[].c` (the keys of the objects inside array `list`). A minimal strict
// parser for what the cls_* tools print; throws std::runtime_error on malformed input.

#include <cctype>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pgha::test {

class JsonKeys {
 public:
  static std::set<std::string> of(std::string_view text) {
    JsonKeys p(text);
    p.value("");
    p.blank();
    if (p.m_at != text.size())
      throw std::runtime_error("json: trailing text");
    return p.m_keys;
  }

 private:
  explicit JsonKeys(std::string_view text) : m_text(text) {}

  void blank() {
    while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at])))
      ++m_at;
  }
  char peek() {
    blank();
    if (m_at >= m_text.size())
      throw std::runtime_error("json: unexpected end");
    return m_text[m_at];
  }
  void expect(char c) {
    if (peek() != c)
      throw std::runtime_error(std::string("json: expected ") + c + " at " + std::to_string(m_at));
    ++m_at;
  }
  std::string string() {
    expect('"');
    std::string out;
    while (m_at < m_text.size() && m_text[m_at] != '"') {
      if (m_text[m_at] == '\\')
        ++m_at;
      out += m_text[m_at++];
    }
    expect('"');
    return out;
  }
  void value(const std::string& path) {
    char c = peek();
    if (c == '{') {
      ++m_at;
      if (peek() == '}') {
        ++m_at;
        return;
      }
      do {
        std::string key = string();
        std::string sub = path.empty() ? key : path + "." + key;
        m_keys.insert(sub);
        expect(':');
        value(sub);
      } while (peek() == ',' && ++m_at);
      expect('}');
    } else if (c == '[') {
      ++m_at;
      if (peek() == ']') {
        ++m_at;
        return;
      }
      do
        value(path + "[]");
      while (peek() == ',' && ++m_at);
      expect(']');
    } else if (c == '"') {
      string();
    } else {
      auto start = m_at;
      while (m_at < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[m_at])) ||
                                      m_text[m_at] == '-' || m_text[m_at] == '.'))
        ++m_at;
      if (m_at == start)
        throw std::runtime_error("json: unexpected character at " + std::to_string(m_at));
    }
  }

  std::string_view m_text;
  size_t m_at = 0;
  std::set<std::string> m_keys;
};

} // namespace pgha::test
