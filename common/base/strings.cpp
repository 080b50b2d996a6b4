#include "common/base/strings.hpp"

#include <cctype>
#include <charconv>

namespace pgha {

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos)
    return {};
  auto last = s.find_last_not_of(ws);
  return s.substr(first, last - first + 1);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos)
      break;
    start = pos + 1;
  }
  return out;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix);
}

std::optional<long long> parse_int(std::string_view s) {
  long long value = 0;
  if (s.empty())
    return std::nullopt;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size())
    return std::nullopt;
  return value;
}

std::optional<bool> parse_bool(std::string_view s) {
  auto v = to_lower(trim(s));
  if (v == "true" || v == "yes" || v == "on" || v == "1")
    return true;
  if (v == "false" || v == "no" || v == "off" || v == "0")
    return false;
  return std::nullopt;
}

std::optional<std::vector<std::string>> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word)
        words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (++i == s.size())
        return std::nullopt;
      word += s[i];
    } else if (c == '\'') {
      auto close = s.find('\'', i + 1);
      if (close == std::string_view::npos)
        return std::nullopt;
      word.append(s.substr(i + 1, close - i - 1));
      i = close;
    } else if (c == '"') {
      for (++i;; ++i) {
        if (i == s.size())
          return std::nullopt;
        if (s[i] == '"')
          break;
        if (s[i] == '\\' && i + 1 < s.size() &&
            (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '`'))
          ++i;
        word += s[i];
      }
    } else {
      word += c;
    }
  }
  if (in_word)
    words.push_back(std::move(word));
  return words;
}

} // namespace pgha
