#include "common/model/fence.hpp"

namespace pgha::model {

namespace {

// The agent core's internal spelling before the vocabulary moved to common/model.
constexpr std::string_view k_legacy_core_fence = "\"pgha:fenced\"";

} // namespace

bool is_fence_sync_names(std::string_view value) {
  return value == k_fence_sync_names || value == k_fence_standby || value == k_legacy_core_fence;
}

} // namespace pgha::model
