#include "cls-tools/lib/commands.hpp"

#include <array>

namespace pgha::cls {

namespace {

constexpr std::array k_status_flags{
    FlagSpec{"--json", "machine-readable output (docs/cls-json.md)", &Args::json},
};

constexpr std::array k_setup_flags{
    FlagSpec{"--dry-run", "print the complete CIB XML and load nothing", &Args::dry_run},
    FlagSpec{"--no-lock-init", "do not install the lock schema on the lock server",
             &Args::no_lock_init},
};

constexpr std::array k_reset_master_flags{
    FlagSpec{"--force",
             "record NODE as the leader in the lock row although the row refuses its promotion "
             "(commits the last leader acknowledged alone may be lost; logged in the lock "
             "history)",
             &Args::force},
};

constexpr std::array k_config_flags{
    FlagSpec{"--example", "config.ini.example", &Args::config_example},
    FlagSpec{"--keys", "Markdown key reference", &Args::config_keys},
    FlagSpec{"--show", "effective values and their origin", &Args::config_show},
};

constexpr std::array k_commands{
    CommandSpec{"setup", "[master] [--dry-run]",
                "load the Pacemaker configuration built from config.ini", cmd_setup,
                "node to force as primary", k_setup_flags},
    CommandSpec{"start", "", "start PostgreSQL and the VIPs, wait for a primary and replication",
                cmd_start},
    CommandSpec{"stop", "", "stop the VIPs and PostgreSQL on every node", cmd_stop},
    CommandSpec{"status",
                "[--json]",
                "show nodes, roles, replication, REPL_INFO and the lock",
                cmd_status,
                {},
                k_status_flags},
    CommandSpec{"master", "", "print the primary's node name (empty line when none)", cmd_master},
    CommandSpec{"online_switch", "[node]",
                "move the primary to a caught-up standby (the named one, or the best)",
                cmd_online_switch, "node name"},
    CommandSpec{"cleanup", "[node]", "forget failures and fail-counts of the pgha resources",
                cmd_cleanup, "node name"},
    CommandSpec{"reset_master", "[node] [--force]",
                "with no primary anywhere: stop, choose the node (or clear REPL_INFO), start",
                cmd_reset_master, "node name", k_reset_master_flags},
    CommandSpec{"repair_slave", "", "rewind this node's data from the primary (pg_rewind)",
                cmd_repair_slave},
    CommandSpec{"rebuild_slave", "",
                "copy the primary into this node's empty data directory "
                "(pg_basebackup)",
                cmd_rebuild_slave},
    CommandSpec{"standby_node", "[node]", "move every pgha resource off a node (default: this)",
                cmd_standby_node, "node name"},
    CommandSpec{"unstandby_node", "[node]", "let a node run resources again (default: this)",
                cmd_unstandby_node, "node name"},
    CommandSpec{"manage", "", "let Pacemaker manage the pgha resources again", cmd_manage},
    CommandSpec{"unmanage", "", "stop Pacemaker from starting or stopping the pgha resources",
                cmd_unmanage},
    CommandSpec{"history",
                "[--json]",
                "leadership history: lock owners and timelines",
                cmd_history,
                {},
                k_status_flags},
    CommandSpec{"config",
                "--example|--keys|--show",
                "print the config.ini example, the key reference, or the effective values",
                nullptr,
                {},
                k_config_flags,
                cmd_config,
                true},
};

} // namespace

std::span<const CommandSpec> command_table() {
  return k_commands;
}

const CommandSpec* find_command(std::string_view name) {
  if (name.starts_with("cls_"))
    name.remove_prefix(4);
  for (const auto& c : k_commands)
    if (c.name == name)
      return &c;
  return nullptr;
}

std::vector<std::string> managed_resources(const config::ClusterConfig& config) {
  std::vector<std::string> ids{config.clone_name, config.writer_vip_name};
  if (!config.reader_vip.empty())
    ids.push_back(config.reader_vip_name);
  return ids;
}

} // namespace pgha::cls
