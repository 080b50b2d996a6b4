#pragma once
// The fence: the synchronous_standby_names value with which a primary blocks every commit.
// No standby connects with this application_name (expgsql gives standbys their node name), so
// commits wait instead of being acknowledged without a standby.
//
// One spelling: the primary's postgresql.auto.conf holds `synchronous_standby_names =
// '"pgha.fenced"'`, SHOW returns `"pgha.fenced"`, and the agent core compares against the same
// text. Before this was unified the core used `"pgha:fenced"` internally (never written to a
// server: the PostgreSQL seam accepts only node-name characters); is_fence_sync_names accepts
// it, and the unquoted form, so nothing that was ever compared or persisted changes meaning.

#include <string_view>

namespace pgha::model {

// The application_name the fence waits for (a valid standby name for the PostgreSQL seam).
inline constexpr std::string_view k_fence_standby = "pgha.fenced";

// synchronous_standby_names as PostgreSQL shows it while fenced.
inline constexpr std::string_view k_fence_sync_names = "\"pgha.fenced\"";

// True for the fence in any spelling pgha has written or compared.
bool is_fence_sync_names(std::string_view value);

} // namespace pgha::model
