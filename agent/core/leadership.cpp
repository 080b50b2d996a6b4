#include "agent/core/leadership.hpp"

#include <fmt/format.h>

namespace pgha::agent::core {

namespace {

std::string lsn_text(const std::optional<model::Lsn>& lsn) {
  return lsn ? lsn->to_string() : std::string("an unknown position");
}

// The node name in a lock owner "<rsc>_<node>" (the prefix taken from my own owner string).
std::string node_of(const EligibilitySnapshot& s, const std::string& owner) {
  if (s.me_owner.size() > s.me.size() &&
      s.me_owner.compare(s.me_owner.size() - s.me.size(), s.me.size(), s.me) == 0) {
    auto prefix = s.me_owner.substr(0, s.me_owner.size() - s.me.size());
    if (owner.rfind(prefix, 0) == 0 && owner.size() > prefix.size())
      return owner.substr(prefix.size());
  }
  return owner;
}

// What brings the recorded leader back.
std::string bring_back(std::string_view node) {
  return fmt::format("bring \"{}\" back (cls_cleanup once it is up again)", node);
}

Eligibility refuse(std::string reason) {
  return {false, std::move(reason)};
}

// The timeline rule shared by rules 2-4.
std::optional<Eligibility> timeline_mismatch(const EligibilitySnapshot& s) {
  if (!s.record->timeline || *s.record->timeline == s.my_timeline)
    return std::nullopt;
  return refuse(fmt::format("this node is on timeline {}, the lock row records timeline {} of "
                            "\"{}\" (term {}): its history does not continue the leader's\n"
                            "HINT: cls_repair_slave on this node; or, if the leader's data is "
                            "lost for good, {}",
                            s.my_timeline, *s.record->timeline, node_of(s, s.record->owner),
                            s.record->term, override_command(s.me)));
}

} // namespace

std::string describe(const LeaderFacts& r) {
  auto tli = r.timeline ? fmt::format("timeline {}", *r.timeline) : std::string("timeline unknown");
  std::string sync;
  if (!r.sync_standby)
    sync = "no synchronous standby stated";
  else if (r.sync_standby->empty())
    sync = fmt::format("acknowledging alone since {}", lsn_text(r.sync_lsn));
  else
    sync =
        fmt::format("synchronous standby \"{}\" since {}", *r.sync_standby, lsn_text(r.sync_lsn));
  return fmt::format("leader \"{}\" term {}, {}, {}{}", r.owner, r.term, tli, sync,
                     r.note.empty() ? "" : " (" + r.note + ")");
}

std::string override_command(std::string_view node) {
  return fmt::format("cls_reset_master --force {}", node);
}

Eligibility decide_eligibility(const EligibilitySnapshot& s) {
  if (!s.record || s.record->owner.empty())
    return {true, "no leadership record in the lock row yet: first primary"};
  const auto& rec = *s.record;
  if (rec.owner == s.me_owner) {
    // No timeline check: the recorded leader holds whatever it acknowledged, and after a crash
    // its control data may still name the timeline before its own promotion.
    return {true, fmt::format("this node is the recorded leader (term {})", rec.term)};
  }
  if (s.rep_mode == RepMode::async) {
    // Why: an async standby may lack the last commits by design, but one on another timeline
    // has diverged from the leader and would fork history.
    if (auto refused = timeline_mismatch(s))
      return *refused;
    return {true, fmt::format("rep_mode=async: on the timeline of \"{}\"", rec.owner)};
  }
  if (!rec.sync_standby) {
    auto leader = node_of(s, rec.owner);
    return refuse(fmt::format("the lock row names \"{}\" (term {}) the leader, with no "
                              "synchronous standby recorded: no other node is known to hold "
                              "its commits\nHINT: {}; or, if its data is lost for good, {}",
                              leader, rec.term, bring_back(leader), override_command(s.me)));
  }
  if (rec.sync_standby->empty()) {
    // Why: the leader acknowledged commits with no standby confirming them; promoting anyone
    // else would silently lose every one of them (the async-fallback double fault).
    auto leader = node_of(s, rec.owner);
    return refuse(fmt::format(
        "the last leader \"{}\" (term {}) acknowledged commits alone since {}; this node is at "
        "{} and may lack them\nHINT: {}; or, if its data is lost for good, {}",
        leader, rec.term, lsn_text(rec.sync_lsn), lsn_text(s.my_lsn), bring_back(leader),
        override_command(s.me)));
  }
  if (*rec.sync_standby != s.me) {
    return refuse(fmt::format("the lock row names \"{}\" the synchronous standby of \"{}\" "
                              "(term {}), not this node\nHINT: {}; or, if the data of both is "
                              "lost for good, {}",
                              *rec.sync_standby, node_of(s, rec.owner), rec.term,
                              bring_back(*rec.sync_standby), override_command(s.me)));
  }
  if (auto refused = timeline_mismatch(s))
    return *refused;
  return {true, fmt::format("the recorded synchronous standby of \"{}\" (term {}) since {}",
                            rec.owner, rec.term, lsn_text(rec.sync_lsn))};
}

bool may_take_over(RepMode rep_mode, std::string_view me, std::string_view me_owner,
                   const std::optional<LeaderFacts>& record) {
  return rep_mode == RepMode::sync && record && !record->owner.empty() &&
         record->owner != me_owner && record->sync_standby && *record->sync_standby == me;
}

std::optional<LeaderFacts> record_needed(const RecordInput& in) {
  LeaderFacts next;
  next.owner = in.me_owner;
  next.term = in.my_term;
  next.timeline = in.my_timeline;
  const bool mine = in.record && in.record->owner == in.me_owner && in.record->term == in.my_term &&
                    in.record->timeline == in.my_timeline;
  if (mine && !in.next_sync.empty() && in.record->sync_standby == in.next_sync &&
      in.current_sync == in.next_sync)
    return std::nullopt;
  if (!in.next_sync.empty() && in.next_sync_confirmed) {
    next.sync_standby = in.next_sync;
    next.sync_lsn = in.current_lsn;
    next.note = "sync";
    return next;
  }
  // Why "alone" for an unconfirmed standby too: a standby just named may lack commits
  // acknowledged before it was; the record must not name it until it caught up.
  if (mine && in.record->sync_standby && in.record->sync_standby->empty())
    return std::nullopt;
  next.sync_standby = std::string();
  next.sync_lsn = in.current_lsn;
  next.note = "alone";
  return next;
}

} // namespace pgha::agent::core
