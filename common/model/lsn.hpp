#pragma once
// A PostgreSQL WAL position (LSN). PostgreSQL prints it as `X/Y` (two hex halves); pha4pgsql
// stores it as 16 upper-case hex digits (`00000000070000D0`) in REPL_INFO and the
// `<rsc>-xlog-loc` / `<rsc>-master-baseline` attributes. Compared numerically, never as text.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgha::model {

class Lsn {
 public:
  constexpr Lsn() = default;
  constexpr explicit Lsn(std::uint64_t value) : m_value(value) {}

  // Parse PostgreSQL's `X/Y` form (1–8 hex digits per half, any case); nullopt otherwise.
  static std::optional<Lsn> parse(std::string_view text);
  // Parse the 16-hex-digit form (exactly 16 hex digits, any case); nullopt otherwise.
  static std::optional<Lsn> parse_hex16(std::string_view text);
  // Parse either form (the attribute values written by older agents use the 16-hex form).
  static std::optional<Lsn> parse_any(std::string_view text);

  constexpr std::uint64_t value() const { return m_value; }
  // `X/Y` as PostgreSQL prints it (upper-case hex, no padding), e.g. "0/70000D0".
  std::string to_string() const;
  // 16 upper-case hex digits, e.g. "00000000070000D0".
  std::string to_hex16() const;

  friend constexpr auto operator<=>(const Lsn&, const Lsn&) = default;

 private:
  std::uint64_t m_value = 0;
};

} // namespace pgha::model
