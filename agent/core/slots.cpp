#include "agent/core/slots.hpp"

#include "common/base/strings.hpp"
#include "common/model/node_name.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pgha::agent::core {

SlotPlan plan_slots(const SlotSnapshot& s) {
  SlotPlan plan;
  const std::string scheme = s.prefix + "_";
  std::vector<std::string> wanted;
  for (const auto& node : s.node_list)
    if (node != s.me)
      wanted.push_back(model::slot_name_for(s.prefix, node));
  auto find = [&](const std::string& name) {
    return std::find_if(s.existing.begin(), s.existing.end(),
                        [&](const SlotRow& r) { return r.name == name; });
  };
  for (const auto& name : wanted)
    if (find(name) == s.existing.end())
      plan.create.push_back(name);
  for (const auto& row : s.existing) {
    // Why only physical "<prefix>_" slots: other slots belong to other tools (logical
    // decoding, backup tools) and dropping them loses their data.
    if (!row.physical || !starts_with(row.name, scheme))
      continue;
    if (std::find(wanted.begin(), wanted.end(), row.name) == wanted.end()) {
      (row.active ? plan.busy : plan.drop).push_back(row.name);
      continue;
    }
    if (row.wal_status == "extended" || row.wal_status == "unreserved" ||
        row.wal_status == "lost") {
      SlotIssue issue{row.name, row.wal_status, std::nullopt};
      if (s.current_lsn && row.restart_lsn && *row.restart_lsn <= *s.current_lsn)
        issue.retained_bytes = s.current_lsn->value() - row.restart_lsn->value();
      plan.issues.push_back(issue);
    }
  }
  for (const auto& i : plan.issues) {
    if (!plan.report.empty())
      plan.report += ' ';
    plan.report += fmt::format("{}:{}:{}", i.slot, i.wal_status,
                               i.retained_bytes ? std::to_string(*i.retained_bytes) : "?");
  }
  return plan;
}

std::vector<std::string> standby_slots_to_drop(const std::string& prefix,
                                               const std::vector<SlotRow>& existing) {
  std::vector<std::string> out;
  if (prefix.empty())
    return out;
  for (const auto& row : existing)
    if (row.physical && !row.active && starts_with(row.name, prefix + "_"))
      out.push_back(row.name);
  return out;
}

} // namespace pgha::agent::core
