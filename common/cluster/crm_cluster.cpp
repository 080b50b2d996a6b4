#include "common/cluster/crm_cluster.hpp"

#include "common/base/error.hpp"
#include "common/base/log.hpp"
#include "common/cluster/crm_argv.hpp"
#include "common/cluster/crm_parse.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <exception>
#include <thread>

namespace pgha::cluster {

namespace {

// crm_attribute's exit code for "no such attribute" (CRM_EX_NOSUCH).
constexpr int k_exit_nosuch = 105;

std::string tail(const std::string& text, std::size_t max = 400) {
  std::string t = text.size() > max ? text.substr(text.size() - max) : text;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' '))
    t.pop_back();
  return t;
}

[[noreturn]] void fail(const std::vector<std::string>& argv, const proc::Result& r) {
  throw ClusterError(fmt::format("\"{}\" failed ({}): {}", fmt::join(argv, " "), proc::describe(r),
                                 tail(r.err.empty() ? r.out : r.err)));
}

// A query answered "absent" rather than failing: rc 105 without "Could not map" (an unknown
// node name is an error, not an absent attribute).
bool absent(const proc::Result& r) {
  return r.exit_code == k_exit_nosuch && !r.timed_out &&
         r.err.find("Could not map") == std::string::npos;
}

} // namespace

CrmOptions CrmOptions::from_environment() {
  CrmOptions options;
  if (const char* dir = std::getenv("HA_SBIN_DIR"); dir != nullptr && *dir != '\0')
    options.sbin_dir = dir;
  if (const char* file = std::getenv("CIB_file"); file != nullptr && *file != '\0')
    options.cib_file = file;
  return options;
}

CrmCluster::CrmCluster(proc::Runner& runner, CrmOptions options)
    : m_runner(runner), m_options(std::move(options)) {}

proc::Result CrmCluster::run(std::vector<std::string> argv, Deadline deadline,
                             const std::string& stdin_data) {
  if (deadline.expired())
    throw ClusterError(fmt::format("no time left to run \"{}\"", argv.front()));
  proc::Command cmd;
  argv.front() = m_options.sbin_dir + "/" + argv.front();
  cmd.argv = std::move(argv);
  if (m_options.cib_file)
    cmd.env.emplace_back("CIB_file", *m_options.cib_file);
  cmd.stdin_data = stdin_data;
  cmd.deadline = deadline;
  auto r = m_runner.run(cmd);
  log::debug("\"{}\": {}", fmt::join(cmd.argv, " "), proc::describe(r));
  return r;
}

proc::Result CrmCluster::run_ok(std::vector<std::string> argv, Deadline deadline,
                                const std::string& stdin_data) {
  auto shown = argv;
  auto r = run(std::move(argv), deadline, stdin_data);
  if (!r.ok())
    fail(shown, r);
  return r;
}

std::optional<std::string> CrmCluster::get_node_attribute(const std::string& node,
                                                          const std::string& name,
                                                          Lifetime lifetime, Deadline deadline) {
  auto a = argv::node_attribute_query(node, name, lifetime);
  auto r = run(a, deadline);
  if (absent(r))
    return std::nullopt;
  if (!r.ok())
    fail(a, r);
  return parse::attribute_query(r.out);
}

void CrmCluster::set_node_attribute(const std::string& node, const std::string& name,
                                    const std::string& value, Lifetime lifetime,
                                    Deadline deadline) {
  run_ok(argv::node_attribute_set(node, name, value, lifetime), deadline);
}

void CrmCluster::delete_node_attribute(const std::string& node, const std::string& name,
                                       Lifetime lifetime, Deadline deadline) {
  run_ok(argv::node_attribute_delete(node, name, lifetime), deadline);
}

std::optional<int> CrmCluster::get_promotion_score(const std::string& resource,
                                                   const std::string& node, Deadline deadline) {
  auto a = argv::promotion_query(resource, node);
  auto r = run(a, deadline);
  if (absent(r))
    return std::nullopt;
  if (!r.ok())
    fail(a, r);
  auto text = parse::attribute_query(r.out);
  if (!text)
    return std::nullopt;
  auto score = parse_score(*text);
  if (!score)
    throw ClusterError(fmt::format("promotion score of \"{}\" on \"{}\" is not a score: \"{}\"",
                                   resource, node, *text));
  return score;
}

void CrmCluster::set_promotion_score(const std::string& resource, const std::string& node,
                                     int score, Deadline deadline) {
  run_ok(argv::promotion_set(resource, node, score), deadline);
}

void CrmCluster::delete_promotion_score(const std::string& resource, const std::string& node,
                                        Deadline deadline) {
  run_ok(argv::promotion_delete(resource, node), deadline);
}

std::optional<std::string> CrmCluster::get_property(const std::string& name, Deadline deadline) {
  auto a = argv::property_query(name);
  auto r = run(a, deadline);
  if (absent(r))
    return std::nullopt;
  if (!r.ok())
    fail(a, r);
  return parse::attribute_query(r.out);
}

void CrmCluster::set_property(const std::string& name, const std::string& value,
                              Deadline deadline) {
  run_ok(argv::property_set(name, value), deadline);
}

void CrmCluster::delete_property(const std::string& name, Deadline deadline) {
  run_ok(argv::property_delete(name), deadline);
}

std::string CrmCluster::local_node_name(const std::optional<std::string>& meta_on_node,
                                        Deadline deadline) {
  if (meta_on_node && !meta_on_node->empty())
    return *meta_on_node;
  return parse::node_name(run_ok(argv::local_node_name(), deadline).out);
}

ClusterView CrmCluster::view(Deadline deadline) {
  return parse::crm_mon_xml(run_ok(argv::crm_mon_xml(), deadline).out);
}

void CrmCluster::cleanup(const std::string& resource, const std::optional<std::string>& node,
                         Deadline deadline) {
  run_ok(argv::resource_cleanup(resource, node), deadline);
}

void CrmCluster::move(const std::string& resource, const std::string& node, bool promoted,
                      Deadline deadline) {
  run_ok(argv::resource_move(resource, node, promoted), deadline);
}

void CrmCluster::ban(const std::string& resource, const std::string& node, bool promoted,
                     Deadline deadline) {
  run_ok(argv::resource_ban(resource, node, promoted), deadline);
}

void CrmCluster::clear(const std::string& resource, const std::optional<std::string>& node,
                       Deadline deadline) {
  run_ok(argv::resource_clear(resource, node), deadline);
}

void CrmCluster::set_node_standby(const std::string& node, bool standby, Deadline deadline) {
  run_ok(argv::node_standby(node, standby), deadline);
}

void CrmCluster::set_managed(const std::string& resource, bool managed, Deadline deadline) {
  run_ok(argv::resource_set_managed(resource, managed), deadline);
}

void CrmCluster::set_target_role(const std::string& resource, const std::string& role,
                                 Deadline deadline) {
  run_ok(argv::resource_set_target_role(resource, role), deadline);
}

void CrmCluster::set_maintenance_mode(bool on, Deadline deadline) {
  run_ok(argv::maintenance_mode(on), deadline);
}

void CrmCluster::replace_cib(const std::string& cib_xml, Deadline deadline) {
  run_ok(argv::cib_replace(), deadline, cib_xml);
}

void CrmCluster::create_in_section(const std::string& section, const std::string& xml,
                                   Deadline deadline) {
  run_ok(argv::cib_create(section), deadline, xml);
}

VerifyResult CrmCluster::verify(const std::string& cib_xml, Deadline deadline) {
  auto a = argv::verify();
  auto r = run(a, deadline, cib_xml);
  if (r.timed_out || r.signal != 0)
    fail(a, r);
  VerifyResult v;
  v.exit_code = r.exit_code;
  v.valid = r.exit_code == 0;
  v.output = r.out + r.err;
  return v;
}

void CrmCluster::set_all(const std::vector<Write>& writes, Deadline deadline) {
  const char* env_file = std::getenv("CIB_file");
  if (writes.size() < 2 || m_options.cib_file || (env_file != nullptr && *env_file != '\0')) {
    Cluster::set_all(writes, deadline);
    return;
  }
  // Why threads: each write is a crm_attribute process of ~15 ms, and the promote's record
  // (REPL_INFO and the scores) lies on every failover's path. The runner is reentrant: argv
  // vectors built before fork, pipes with O_CLOEXEC, waitpid on its own child.
  std::vector<std::exception_ptr> errors(writes.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(writes.size());
    for (std::size_t i = 0; i < writes.size(); ++i)
      threads.emplace_back([&, i] {
        try {
          set_one(writes[i], deadline);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
  }
  for (const auto& e : errors)
    if (e)
      std::rethrow_exception(e);
}

std::string CrmCluster::query_cib(Deadline deadline) {
  return run_ok(argv::cib_query(), deadline).out;
}

} // namespace pgha::cluster
