#pragma once
// `Cluster` implemented with Pacemaker's CLI tools (crm_attribute, crm_resource, crm_mon,
// crm_node, cibadmin, crm_verify) run through a proc::Runner. Each call is one argv vector
// (crm_argv.hpp) bounded by the caller's Deadline; output is parsed by crm_parse.hpp.

#include "common/cluster/cluster.hpp"
#include "common/proc/runner.hpp"

#include <optional>
#include <string>

namespace pgha::cluster {

struct CrmOptions {
  // Directory of the Pacemaker tools (HA_SBIN_DIR).
  std::string sbin_dir = "/usr/sbin";
  // When set, every tool gets CIB_file=<cib_file> and works on that file, no daemons needed.
  // When unset, a CIB_file already in the process environment is inherited by the tools.
  std::optional<std::string> cib_file;

  // HA_SBIN_DIR (default /usr/sbin) and CIB_file from the process environment.
  static CrmOptions from_environment();
};

class CrmCluster final : public Cluster {
 public:
  // `runner` must outlive this object.
  CrmCluster(proc::Runner& runner, CrmOptions options);

  std::optional<std::string> get_node_attribute(const std::string& node, const std::string& name,
                                                Lifetime lifetime, Deadline deadline) override;
  void set_node_attribute(const std::string& node, const std::string& name,
                          const std::string& value, Lifetime lifetime, Deadline deadline) override;
  void delete_node_attribute(const std::string& node, const std::string& name, Lifetime lifetime,
                             Deadline deadline) override;
  std::optional<int> get_promotion_score(const std::string& resource, const std::string& node,
                                         Deadline deadline) override;
  void set_promotion_score(const std::string& resource, const std::string& node, int score,
                           Deadline deadline) override;
  void delete_promotion_score(const std::string& resource, const std::string& node,
                              Deadline deadline) override;
  std::optional<std::string> get_property(const std::string& name, Deadline deadline) override;
  void set_property(const std::string& name, const std::string& value, Deadline deadline) override;
  void delete_property(const std::string& name, Deadline deadline) override;
  std::string local_node_name(const std::optional<std::string>& meta_on_node,
                              Deadline deadline) override;
  ClusterView view(Deadline deadline) override;
  void cleanup(const std::string& resource, const std::optional<std::string>& node,
               Deadline deadline) override;
  void move(const std::string& resource, const std::string& node, bool promoted,
            Deadline deadline) override;
  void ban(const std::string& resource, const std::string& node, bool promoted,
           Deadline deadline) override;
  void clear(const std::string& resource, const std::optional<std::string>& node,
             Deadline deadline) override;
  void set_node_standby(const std::string& node, bool standby, Deadline deadline) override;
  void set_managed(const std::string& resource, bool managed, Deadline deadline) override;
  void set_target_role(const std::string& resource, const std::string& role,
                       Deadline deadline) override;
  void set_maintenance_mode(bool on, Deadline deadline) override;
  void replace_cib(const std::string& cib_xml, Deadline deadline) override;
  void create_in_section(const std::string& section, const std::string& xml,
                         Deadline deadline) override;
  VerifyResult verify(const std::string& cib_xml, Deadline deadline) override;
  std::string query_cib(Deadline deadline) override;
  // One thread per write, each running its own tool; in order when the tools work on a CIB
  // file (CIB_file), whose writers would overwrite one another.
  void set_all(const std::vector<Write>& writes, Deadline deadline) override;

 private:
  proc::Result run(std::vector<std::string> argv, Deadline deadline,
                   const std::string& stdin_data = {});
  proc::Result run_ok(std::vector<std::string> argv, Deadline deadline,
                      const std::string& stdin_data = {});

  proc::Runner& m_runner;
  CrmOptions m_options;
};

} // namespace pgha::cluster
