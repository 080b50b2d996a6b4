#pragma once
// Pacemaker scores as pgha writes them: the promotion scores of pha4pgsql §3.1 and the
// INFINITY spelling of the CLI tools and the CIB.

#include <optional>
#include <string>
#include <string_view>

namespace pgha::model {

// Pacemaker's INFINITY; scores are clamped to [-k_score_infinity, k_score_infinity].
inline constexpr int k_score_infinity = 1000000;

// Promotion scores (`master-<rsc>`).
inline constexpr int k_score_promote_me = 1000;  // recorded primary / running primary
inline constexpr int k_score_election_won = 110; // won the WAL-position election
inline constexpr int k_score_can_promote = 100;  // caught-up sync standby
inline constexpr int k_score_never = -k_score_infinity;

// "INFINITY", "-INFINITY" or the decimal number (beyond ±INFINITY clamped).
std::string format_score(int score);
// Parses "INFINITY", "+INFINITY", "-INFINITY" or a decimal (clamped); nullopt when invalid.
std::optional<int> parse_score(std::string_view text);

} // namespace pgha::model
