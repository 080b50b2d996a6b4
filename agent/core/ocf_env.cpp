#include "agent/core/ocf_env.hpp"

#include "common/base/strings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::agent::core {

namespace {

constexpr std::string_view k_meta = "OCF_RESKEY_CRM_meta_";

std::optional<std::string> meta(const EnvMap& env, std::string_view name) {
  return env_get(env, fmt::format("{}{}", k_meta, name));
}

std::optional<int> meta_int(const EnvMap& env, std::string_view name) {
  auto v = meta(env, name);
  if (!v) {
    return std::nullopt;
  }
  auto n = parse_int(trim(*v));
  if (!n || *n < -2147483647LL || *n > 2147483647LL) {
    return std::nullopt;
  }
  return static_cast<int>(*n);
}

std::optional<bool> meta_bool(const EnvMap& env, std::string_view name) {
  auto v = meta(env, name);
  if (!v) {
    return std::nullopt;
  }
  return parse_bool(trim(*v));
}

std::optional<std::chrono::milliseconds> meta_ms(const EnvMap& env, std::string_view name) {
  auto v = meta(env, name);
  if (!v) {
    return std::nullopt;
  }
  auto n = parse_int(trim(*v));
  if (!n || *n < 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(*n);
}

} // namespace

OcfEnv parse_ocf_env(const EnvMap& env) {
  OcfEnv out;
  out.resource_instance = env_get(env, "OCF_RESOURCE_INSTANCE").value_or("");
  if (out.resource_instance.empty()) {
    out.resource_instance = "expgsql";
  }
  out.resource_name = out.resource_instance.substr(0, out.resource_instance.find(':'));
  out.timeout = meta_ms(env, "timeout");
  out.interval = meta_ms(env, "interval").value_or(std::chrono::milliseconds(0));
  if (auto node = meta(env, "on_node"); node && !trim(*node).empty()) {
    out.on_node = to_lower(trim(*node));
  }
  if (auto role = meta(env, "role"); role && !role->empty()) {
    out.role = *role;
  }
  auto level = env_get(env, "OCF_CHECK_LEVEL");
  if (!level) {
    level = env_get(env, "OCF_RESKEY_OCF_CHECK_LEVEL");
  }
  if (level) {
    auto n = parse_int(trim(*level));
    out.check_level = (n && *n > 0 && *n < 1000) ? static_cast<int>(*n) : 0;
  }
  out.clone.clone_max = meta_int(env, "clone_max");
  out.clone.notify = meta_bool(env, "notify");
  out.clone.promotable = meta_bool(env, "promotable");
  out.clone.promoted_max = meta_int(env, "promoted_max");
  if (!out.clone.promoted_max) {
    out.clone.promoted_max = meta_int(env, "master_max");
  }
  out.clone.promoted_node_max = meta_int(env, "promoted_node_max");
  if (!out.clone.promoted_node_max) {
    out.clone.promoted_node_max = meta_int(env, "master_node_max");
  }
  return out;
}

int effective_check_level(const OcfEnv& env, std::string_view action) {
  int level = env.check_level;
  bool explicit_level = level != 0;
  if (!explicit_level) {
    return action == "validate-all" ? 0 : 10;
  }
  return level >= 10 ? 10 : 0;
}

Outcome check_clone_config(const CloneMeta& clone) {
  if (!clone.is_clone()) {
    return {};
  }
  // Why: without a promotable clone Pacemaker never promotes, and every instance would sit
  // as a standby forever while the cluster looks healthy.
  bool promotable = clone.promotable.value_or(false) || clone.promoted_max.value_or(0) > 0;
  if (!promotable) {
    return {OcfRc::err_configured,
            "the clone must be promotable: set meta attribute \"promotable\" to \"true\""};
  }
  // Why: the agent relies on notifications (post-promote/demote bookkeeping, the primary's
  // re-evaluation after a standby starts or stops); without them stale scores stay behind.
  if (!clone.notify.value_or(false)) {
    return {OcfRc::err_configured, "the clone needs meta attribute \"notify\" set to \"true\""};
  }
  // Why: two promoted instances would be two primaries accepting writes (split brain).
  if (clone.promoted_max.value_or(1) > 1) {
    return {OcfRc::err_configured,
            fmt::format("meta attribute \"promoted-max\" must be 1, got {}", *clone.promoted_max)};
  }
  if (clone.promoted_node_max.value_or(1) > 1) {
    return {OcfRc::err_configured,
            fmt::format("meta attribute \"promoted-node-max\" must be 1, got {}",
                        *clone.promoted_node_max)};
  }
  return {};
}

std::chrono::milliseconds action_budget(std::optional<std::chrono::milliseconds> timeout) {
  using std::chrono::milliseconds;
  const milliseconds t = timeout.value_or(milliseconds(20000));
  const milliseconds reserve = std::clamp(t / 5, milliseconds(2000), milliseconds(10000));
  return t > reserve * 2 ? t - reserve : t / 2;
}

std::string local_node_name(const OcfEnv& env, std::string_view uname_fallback) {
  if (env.on_node) {
    return *env.on_node;
  }
  return to_lower(trim(uname_fallback));
}

} // namespace pgha::agent::core
