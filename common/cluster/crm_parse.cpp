#include "common/cluster/crm_parse.hpp"

#include "common/base/error.hpp"
#include "common/base/strings.hpp"
#include "common/cluster/xml.hpp"

#include <fmt/format.h>

#include <cstring>

namespace pgha::cluster::parse {

namespace {

bool attr_true(const pugi::xml_node& n, const char* name) {
  return std::strcmp(n.attribute(name).as_string(), "true") == 0;
}

// "pgsql:0" → "pgsql" (anonymous clone instance numbers).
std::string strip_instance(std::string id) {
  if (auto colon = id.rfind(':'); colon != std::string::npos)
    id.erase(colon);
  return id;
}

ResourceInstance instance_of(const pugi::xml_node& r) {
  ResourceInstance i;
  i.id = strip_instance(r.attribute("id").as_string());
  i.role = r.attribute("role").as_string();
  i.active = attr_true(r, "active");
  i.managed = attr_true(r, "managed");
  i.failed = attr_true(r, "failed");
  i.orphaned = attr_true(r, "orphaned");
  auto where = r.child("node");
  i.node = where.attribute("name").as_string();
  return i;
}

ResourceView top_level(const pugi::xml_node& r) {
  ResourceView v;
  std::string kind = r.name();
  v.id = r.attribute("id").as_string();
  v.managed = attr_true(r, "managed");
  v.disabled = attr_true(r, "disabled");
  if (kind == "resource") {
    v.kind = "primitive";
    v.agent = r.attribute("resource_agent").as_string();
    // A primitive running on several nodes is listed with one <node> each.
    for (auto where : r.children("node")) {
      auto i = instance_of(r);
      i.node = where.attribute("name").as_string();
      v.instances.push_back(i);
    }
    if (v.instances.empty())
      v.instances.push_back(instance_of(r));
    return v;
  }
  v.kind = kind;
  v.promotable = attr_true(r, "multi_state");
  // Clone instances are <resource> children; a cloned group nests one level deeper.
  for (auto child : r.children()) {
    std::string ck = child.name();
    if (ck == "resource") {
      if (v.agent.empty())
        v.agent = child.attribute("resource_agent").as_string();
      v.instances.push_back(instance_of(child));
    } else if (ck == "group") {
      for (auto member : child.children("resource")) {
        if (v.agent.empty())
          v.agent = member.attribute("resource_agent").as_string();
        v.instances.push_back(instance_of(member));
      }
    }
  }
  return v;
}

} // namespace

ClusterView crm_mon_xml(const std::string& text) {
  auto doc = xml::load(text, "crm_mon");
  auto root = doc.child("pacemaker-result");
  if (!root)
    throw ClusterError("crm_mon output has no \"pacemaker-result\" element");
  if (auto status = root.child("status"); status && status.attribute("code").as_int(0) != 0)
    throw ClusterError(fmt::format("crm_mon reported error {}: {}",
                                   status.attribute("code").as_int(),
                                   status.attribute("message").as_string()));
  auto summary = root.child("summary");
  if (!summary || !root.child("nodes"))
    throw ClusterError("crm_mon output has no \"summary\" or \"nodes\" element");

  ClusterView view;
  auto dc = summary.child("current_dc");
  if (attr_true(dc, "present")) {
    view.dc = dc.attribute("name").as_string();
    view.have_quorum = attr_true(dc, "with_quorum");
  }
  auto options = summary.child("cluster_options");
  view.maintenance_mode = attr_true(options, "maintenance-mode");
  view.stonith_enabled = attr_true(options, "stonith-enabled");

  for (auto n : root.child("nodes").children("node")) {
    NodeView node;
    node.name = n.attribute("name").as_string();
    node.id = n.attribute("id").as_string();
    node.online = attr_true(n, "online");
    node.standby = attr_true(n, "standby") || attr_true(n, "standby_onfail");
    node.maintenance = attr_true(n, "maintenance");
    node.pending = attr_true(n, "pending");
    node.unclean = attr_true(n, "unclean");
    node.is_dc = attr_true(n, "is_dc");
    view.nodes.push_back(node);
  }
  for (auto n : root.child("node_attributes").children("node")) {
    std::string name = n.attribute("name").as_string();
    for (auto& node : view.nodes)
      if (node.name == name)
        for (auto a : n.children("attribute"))
          node.attributes[a.attribute("name").as_string()] = a.attribute("value").as_string();
  }
  for (auto r : root.child("resources").children())
    view.resources.push_back(top_level(r));
  for (auto n : root.child("node_history").children("node")) {
    std::string name = n.attribute("name").as_string();
    for (auto h : n.children("resource_history"))
      if (int count = h.attribute("fail-count").as_int(0); count > 0)
        view.fail_counts.push_back({name, strip_instance(h.attribute("id").as_string()), count});
  }
  return view;
}

std::optional<std::string> attribute_query(const std::string& out) {
  std::string value = out;
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
    value.pop_back();
  if (value.find('\n') != std::string::npos)
    throw ClusterError("crm_attribute printed more than one value");
  // Older versions print "(null)" for an attribute without a value.
  if (value == "(null)")
    return std::nullopt;
  return value;
}

std::string node_name(const std::string& out) {
  std::string name(trim(out));
  if (name.empty() || name.find_first_of(" \t\n") != std::string::npos)
    throw ClusterError(fmt::format("crm_node printed no usable node name: \"{}\"", name));
  return name;
}

std::optional<std::string> cib_property(const std::string& cib_xml, const std::string& name) {
  auto doc = xml::load(cib_xml, "cibadmin");
  auto config = doc.child("cib").child("configuration").child("crm_config");
  for (auto set : config.children("cluster_property_set"))
    for (auto nv : set.children("nvpair"))
      if (name == nv.attribute("name").as_string())
        return std::string(nv.attribute("value").as_string());
  return std::nullopt;
}

std::optional<std::string> cib_node_attribute(const std::string& cib_xml, const std::string& node,
                                              const std::string& name, bool transient) {
  auto doc = xml::load(cib_xml, "cibadmin");
  auto cib = doc.child("cib");
  pugi::xml_node holder;
  if (transient) {
    for (auto st : cib.child("status").children("node_state"))
      if (node == st.attribute("uname").as_string())
        holder = st.child("transient_attributes");
  } else {
    for (auto n : cib.child("configuration").child("nodes").children("node"))
      if (node == n.attribute("uname").as_string())
        holder = n;
  }
  for (auto set : holder.children("instance_attributes"))
    for (auto nv : set.children("nvpair"))
      if (name == nv.attribute("name").as_string())
        return std::string(nv.attribute("value").as_string());
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> interval(std::string_view text) {
  auto t = trim(text);
  bool iso = false;
  if (t.size() > 2 && (t.substr(0, 2) == "PT" || t.substr(0, 2) == "pt")) {
    iso = true;
    t.remove_prefix(2);
  }
  std::size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9')
    ++digits;
  auto number = parse_int(t.substr(0, digits));
  if (!number || *number < 0)
    return std::nullopt;
  auto unit = to_lower(std::string(trim(t.substr(digits))));
  std::int64_t ms_per = 0;
  if (unit.empty() && !iso)
    ms_per = 1000;
  else if (unit == "ms" || unit == "msec")
    ms_per = 1;
  else if (unit == "s" || unit == "sec")
    ms_per = 1000;
  else if (unit == "m" || unit == "min")
    ms_per = 60 * 1000;
  else if (unit == "h" || unit == "hr")
    ms_per = 3600 * 1000;
  else
    return std::nullopt;
  return std::chrono::milliseconds(*number * ms_per);
}

std::optional<std::chrono::milliseconds> promoted_monitor_interval(const std::string& cib_xml,
                                                                   std::string_view primitive) {
  auto doc = xml::load(cib_xml, "cibadmin");
  for (auto p : doc.select_nodes("//primitive")) {
    auto prim = p.node();
    if (primitive != prim.attribute("id").as_string())
      continue;
    for (auto op : prim.child("operations").children("op")) {
      std::string_view role = op.attribute("role").as_string();
      if (std::string_view(op.attribute("name").as_string()) == "monitor" &&
          (role == "Promoted" || role == "Master"))
        return interval(op.attribute("interval").as_string());
    }
  }
  return std::nullopt;
}

} // namespace pgha::cluster::parse
