// PortalStore's services: the categories file read as Open311 services with their
// optional attributes, seeding, and the service definitions GET /services/{code}
// answers. It does not own the schema (portal_store.cpp) or requests.
// [SECTION] categories file  [SECTION] seeding  [SECTION] reading
#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "platform/files.hpp"
#include "portal_store.hpp"

namespace wk::portal {
using nlohmann::json;

// [SECTION] categories file
static bool is_list(const std::string& datatype) {
    return datatype == "singlevaluelist" || datatype == "multivaluelist";
}

static open311::Attribute attribute_from(const json& a, const std::string& where) {
    if (!a.is_object() || !a.value("code", json()).is_string() || a.value("code", "").empty())
        throw std::runtime_error(where + ": an attribute has no code");
    open311::Attribute out;
    out.code = a.value("code", "");
    std::string at = where + ", attribute " + out.code;
    out.datatype = a.value("datatype", "string");
    static const char* const kTypes[] = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"};
    if (std::find(std::begin(kTypes), std::end(kTypes), out.datatype) == std::end(kTypes))
        throw std::runtime_error(at + ": unknown datatype " + out.datatype);
    out.variable = a.value("variable", true);
    out.required = a.value("required", false);
    out.datatype_description = a.value("datatype_description", "");
    out.order = a.value("order", 0);
    out.description = a.value("description", "");
    for (const json& v : a.value("values", json::array())) {
        if (!v.is_object() || !v.value("key", json()).is_string() || v.value("key", "").empty())
            throw std::runtime_error(at + ": a value has no key");
        out.values.emplace_back(v.value("key", ""), v.value("name", ""));
    }
    if (is_list(out.datatype) && out.values.empty()) throw std::runtime_error(at + ": a list needs values");
    return out;
}

static Category category_from(const json& c, const std::string& path) {
    if (!c.is_object() || !c.value("code", json()).is_string())
        throw std::runtime_error(path + ": a category has no code");
    Category out;
    out.service_code = c.value("code", "");
    out.service_name = c.value("name_vi", "");
    out.description = c.value("name_en", "");
    out.group = c.value("group", "");
    out.type = c.value("type", "realtime");
    std::string where = path + ", category " + out.service_code;
    if (out.type != "realtime" && out.type != "batch" && out.type != "blackbox")
        throw std::runtime_error(where + ": type must be realtime, batch or blackbox");
    json attrs = c.value("attributes", json::array());
    if (!attrs.is_array()) throw std::runtime_error(where + ": attributes is not an array");
    for (const json& a : attrs) out.attributes.push_back(attribute_from(a, where));
    out.metadata = !out.attributes.empty();
    return out;
}

std::vector<Category> load_categories(const std::string& path) {
    std::string text;
    if (std::string err = files::read_all(path, text); !err.empty()) throw std::runtime_error(err);
    json j = json::parse(text, nullptr, false);
    if (!j.is_array()) throw std::runtime_error(path + ": not a JSON array of categories");
    std::vector<Category> out;
    try {
        for (const auto& c : j) out.push_back(category_from(c, path));
    } catch (const json::exception& e) {  // a field of the wrong JSON type
        throw std::runtime_error(path + ": " + e.what());
    }
    return out;
}

// [SECTION] seeding
static std::string values_json(const open311::Attribute& a) {
    json v = json::array();
    for (const auto& [key, name] : a.values) v.push_back({key, name});
    return v.dump();
}

int PortalStore::seed_services(const std::vector<Category>& categories) {
    std::lock_guard lock(m_mutex);
    db::Transaction tx(m_db);
    db::Stmt count = m_db.prepare("SELECT COUNT(*) FROM services");
    count.step();
    if (count.int_at(0) > 0) return 0;
    db::Stmt ins = m_db.prepare(
        "INSERT INTO services (code, name, description, grp, type, metadata, sort) VALUES (?,?,?,?,?,?,?)");
    db::Stmt attr = m_db.prepare(
        "INSERT INTO service_attributes (service_code, code, variable, datatype, required, datatype_description,"
        " sort, description, value_list) VALUES (?,?,?,?,?,?,?,?,?)");
    int n = 0;
    for (const Category& s : categories) {
        ins.bind(1, s.service_code).bind(2, s.service_name).bind(3, s.description).bind(4, s.group);
        ins.bind(5, s.type).bind(6, s.attributes.empty() ? 0 : 1).bind(7, n++).run();
        ins.reset();
        for (const open311::Attribute& a : s.attributes) {
            attr.bind(1, s.service_code).bind(2, a.code).bind(3, a.variable ? 1 : 0).bind(4, a.datatype);
            attr.bind(5, a.required ? 1 : 0).bind(6, a.datatype_description).bind(7, a.order);
            attr.bind(8, a.description).bind(9, values_json(a)).run();
            attr.reset();
        }
    }
    tx.commit();
    return n;
}

// [SECTION] reading
static open311::Service service_at(const db::Stmt& s) {
    return {s.text_at(0), s.text_at(1), s.text_at(2), s.text_at(3), s.text_at(4), s.int_at(5) != 0};
}

std::vector<open311::Service> PortalStore::services() {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT code, name, description, grp, type, metadata FROM services ORDER BY sort, code");
    std::vector<open311::Service> out;
    while (s.step()) out.push_back(service_at(s));
    return out;
}

std::optional<open311::Service> PortalStore::service(std::string_view code) {
    std::lock_guard lock(m_mutex);
    db::Stmt s = m_db.prepare("SELECT code, name, description, grp, type, metadata FROM services WHERE code = ?");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return service_at(s);
}

static open311::Attribute attribute_at(const db::Stmt& s) {
    open311::Attribute a;
    a.code = s.text_at(0);
    a.variable = s.int_at(1) != 0;
    a.datatype = s.text_at(2);
    a.required = s.int_at(3) != 0;
    a.datatype_description = s.text_at(4);
    a.order = static_cast<int>(s.int_at(5));
    a.description = s.text_at(6);
    json v = json::parse(s.text_at(7), nullptr, false);
    if (v.is_array())
        for (const json& kv : v)
            if (kv.is_array() && kv.size() == 2) a.values.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
    return a;
}

std::optional<open311::ServiceDefinition> PortalStore::definition(std::string_view code) {
    std::lock_guard lock(m_mutex);
    db::Stmt svc = m_db.prepare("SELECT 1 FROM services WHERE code = ?");
    svc.bind(1, code);
    if (!svc.step()) return std::nullopt;
    open311::ServiceDefinition d{std::string(code), {}};
    db::Stmt s = m_db.prepare(
        "SELECT code, variable, datatype, required, datatype_description, sort, description, value_list"
        " FROM service_attributes WHERE service_code = ? ORDER BY sort, code");
    s.bind(1, code);
    while (s.step()) d.attributes.push_back(attribute_at(s));
    return d;
}

}  // namespace wk::portal
