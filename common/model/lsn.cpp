#include "common/model/lsn.hpp"

#include <fmt/format.h>

namespace pgha::model {

namespace {

// Parse 1..max_digits hex digits; nullopt otherwise.
std::optional<std::uint64_t> parse_hex(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) {
    return std::nullopt;
  }
  std::uint64_t value = 0;
  for (char c : text) {
    int digit = 0;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    value = (value << 4) | static_cast<std::uint64_t>(digit);
  }
  return value;
}

} // namespace

std::optional<Lsn> Lsn::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  auto high = parse_hex(text.substr(0, slash), 8);
  auto low = parse_hex(text.substr(slash + 1), 8);
  if (!high || !low) {
    return std::nullopt;
  }
  return Lsn((*high << 32) | *low);
}

std::optional<Lsn> Lsn::parse_hex16(std::string_view text) {
  if (text.size() != 16) {
    return std::nullopt;
  }
  auto value = parse_hex(text, 16);
  if (!value) {
    return std::nullopt;
  }
  return Lsn(*value);
}

std::optional<Lsn> Lsn::parse_any(std::string_view text) {
  if (text.find('/') != std::string_view::npos) {
    return parse(text);
  }
  return parse_hex16(text);
}

std::string Lsn::to_string() const {
  return fmt::format("{:X}/{:X}", m_value >> 32, m_value & 0xFFFFFFFFULL);
}

std::string Lsn::to_hex16() const {
  return fmt::format("{:08X}{:08X}", m_value >> 32, m_value & 0xFFFFFFFFULL);
}

} // namespace pgha::model
