#include "agent/core/notify_env.hpp"

#include "common/base/strings.hpp"

#include <algorithm>

namespace pgha::agent::core {

namespace {

std::vector<std::string> list(const EnvMap& env, std::string_view name) {
  std::vector<std::string> out;
  auto v = env_get(env, std::string("OCF_RESKEY_CRM_meta_notify_") + std::string(name));
  if (!v) {
    return out;
  }
  std::string word;
  for (char c : *v + " ") {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!word.empty()) {
        out.push_back(to_lower(word));
        word.clear();
      }
    } else {
      word += c;
    }
  }
  return out;
}

std::vector<std::string> list_or(const EnvMap& env, std::string_view name,
                                 std::string_view fallback) {
  std::string key = std::string("OCF_RESKEY_CRM_meta_notify_") + std::string(name);
  if (env.count(key) != 0) {
    return list(env, name);
  }
  return list(env, fallback);
}

} // namespace

bool NotifyEnv::contains(const std::vector<std::string>& list, std::string_view node) {
  return std::find(list.begin(), list.end(), node) != list.end();
}

NotifyEnv parse_notify_env(const EnvMap& env) {
  NotifyEnv n;
  auto type = to_lower(trim(env_get(env, "OCF_RESKEY_CRM_meta_notify_type").value_or("")));
  if (type == "pre") {
    n.type = NotifyType::pre;
  } else if (type == "post") {
    n.type = NotifyType::post;
  }
  auto op = to_lower(trim(env_get(env, "OCF_RESKEY_CRM_meta_notify_operation").value_or("")));
  if (op == "start") {
    n.operation = NotifyOperation::start;
  } else if (op == "stop") {
    n.operation = NotifyOperation::stop;
  } else if (op == "promote") {
    n.operation = NotifyOperation::promote;
  } else if (op == "demote") {
    n.operation = NotifyOperation::demote;
  }
  n.start_unames = list(env, "start_uname");
  n.stop_unames = list(env, "stop_uname");
  n.promote_unames = list(env, "promote_uname");
  n.demote_unames = list(env, "demote_uname");
  n.active_unames = list(env, "active_uname");
  n.promoted_unames = list_or(env, "promoted_uname", "master_uname");
  n.unpromoted_unames = list_or(env, "unpromoted_uname", "slave_uname");
  n.available_unames = list(env, "available_uname");
  n.all_unames = list(env, "all_uname");
  return n;
}

std::string_view to_string(NotifyType type) {
  switch (type) {
  case NotifyType::pre:
    return "pre";
  case NotifyType::post:
    return "post";
  case NotifyType::none:
    break;
  }
  return "none";
}

std::string_view to_string(NotifyOperation operation) {
  switch (operation) {
  case NotifyOperation::start:
    return "start";
  case NotifyOperation::stop:
    return "stop";
  case NotifyOperation::promote:
    return "promote";
  case NotifyOperation::demote:
    return "demote";
  case NotifyOperation::none:
    break;
  }
  return "none";
}

} // namespace pgha::agent::core
