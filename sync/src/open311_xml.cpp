// Open311 XML codec: reading with libxml2, writing by hand. It owns the element names
// and the safety rules for untrusted XML (no network, no DTD, no entity expansion); it
// does not own the structs or their JSON form (open311.cpp) and does no IO.
// [SECTION] reading: safe parse  [SECTION] reading: fields  [SECTION] client side
// [SECTION] writing  [SECTION] server side
#include "sync/open311_xml.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace wk::open311::xml {

// [SECTION] reading: safe parse
namespace {

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

// XML_PARSE_NOENT is left out on purpose: entities are never substituted, and
// without XML_PARSE_DTDLOAD no external DTD or entity is ever read. NONET forbids
// the network even if a later libxml2 changes a default.
constexpr int kParseOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

// A parsed body and its root element, checked to be `root`.
struct Parsed {
    Doc doc;
    const xmlNode* root = nullptr;
};

std::optional<Parsed> read_doc(std::string_view body, const char* root, std::string& why) {
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    if (body.empty()) return why = "the answer is empty", std::nullopt;
    if (body.size() > INT_MAX) return why = "the answer is too large", std::nullopt;
    Doc doc(xmlReadMemory(body.data(), static_cast<int>(body.size()), nullptr, nullptr, kParseOptions));
    if (!doc) return why = "the answer is not well-formed XML (an HTML page or a cut-off body?)", std::nullopt;
    // Open311 bodies never declare a DTD; one that does is an entity attack or not Open311.
    if (doc->intSubset || doc->extSubset) return why = "the answer declares a DTD, which Open311 never does", std::nullopt;
    const xmlNode* r = xmlDocGetRootElement(doc.get());
    if (!r) return why = "the answer has no root element", std::nullopt;
    if (xmlStrcmp(r->name, reinterpret_cast<const xmlChar*>(root)) != 0) {
        why = "the answer's root element is <" + std::string(reinterpret_cast<const char*>(r->name)) + ">, not <" +
              root + ">";
        return std::nullopt;
    }
    return Parsed{std::move(doc), r};
}

// [SECTION] reading: fields
bool named(const xmlNode* n, const char* name) {
    return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

const xmlNode* child(const xmlNode* parent, const char* name) {
    for (const xmlNode* n = parent->children; n; n = n->next)
        if (named(n, name)) return n;
    return nullptr;
}

std::vector<const xmlNode*> children(const xmlNode* parent, const char* name) {
    std::vector<const xmlNode*> out;
    for (const xmlNode* n = parent->children; n; n = n->next)
        if (named(n, name)) out.push_back(n);
    return out;
}

// The element's own text: text and CDATA children only. Entity references are never
// followed (with no DTD there are none left but the five predefined, already decoded).
std::string own_text(const xmlNode* e) {
    std::string out;
    for (const xmlNode* n = e->children; n; n = n->next)
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            out += reinterpret_cast<const char*>(n->content);
    return out;
}

// The text of child `name` as sent (descriptions, names), or empty.
std::string text(const xmlNode* parent, const char* name) {
    const xmlNode* c = child(parent, name);
    return c ? own_text(c) : std::string();
}

// The text of child `name` without surrounding white space (ids, codes, dates).
std::string word(const xmlNode* parent, const char* name) {
    std::string s = text(parent, name);
    size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool flag(const xmlNode* parent, const char* name, bool fallback) {
    std::string t = lower(word(parent, name));
    return t.empty() ? fallback : t == "true" || t == "1";
}

std::optional<double> number(const xmlNode* parent, const char* name) {
    std::string t = word(parent, name);
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    return v;
}

}  // namespace

// [SECTION] client side
std::optional<PostResult> parse_post_response(std::string_view body, std::string& why) {
    auto p = read_doc(body, "service_requests", why);
    if (!p) return std::nullopt;
    const xmlNode* r = child(p->root, "request");
    if (!r) return why = "the answer holds no <request>", std::nullopt;
    PostResult out{word(r, "service_request_id"), word(r, "token"), text(r, "service_notice")};
    if (out.service_request_id.empty() == out.token.empty())
        return why = "the answer has neither a service_request_id nor a token (or both)", std::nullopt;
    return out;
}

static ServiceRequest request_from(const xmlNode* e) {
    ServiceRequest r;
    r.service_request_id = word(e, "service_request_id");
    r.status = lower(word(e, "status"));
    r.status_notes = text(e, "status_notes");
    r.service_name = text(e, "service_name");
    r.service_code = word(e, "service_code");
    r.description = text(e, "description");
    r.agency_responsible = text(e, "agency_responsible");
    r.requested_datetime = word(e, "requested_datetime");
    r.updated_datetime = word(e, "updated_datetime");
    r.expected_datetime = word(e, "expected_datetime");
    r.address = text(e, "address");
    r.address_id = text(e, "address_id");
    r.media_url = word(e, "media_url");
    r.lat = number(e, "lat");
    r.lon = number(e, "long");
    if (const xmlNode* attrs = child(e, "attributes"))  // echoed by a few servers
        for (const xmlNode* a : children(attrs, "attribute"))
            if (std::string code = word(a, "code"); !code.empty()) r.attributes[code] = text(a, "value");
    return r;
}

std::optional<std::vector<ServiceRequest>> parse_requests(std::string_view body, std::string& why) {
    auto p = read_doc(body, "service_requests", why);
    if (!p) return std::nullopt;
    std::vector<ServiceRequest> out;
    for (const xmlNode* e : children(p->root, "request")) {
        out.push_back(request_from(e));
        if (out.back().service_request_id.empty())
            return why = "a request in the answer has no service_request_id", std::nullopt;
    }
    return out;
}

std::optional<std::vector<Service>> parse_services(std::string_view body, std::string& why) {
    auto p = read_doc(body, "services", why);
    if (!p) return std::nullopt;
    std::vector<Service> out;
    for (const xmlNode* e : children(p->root, "service")) {
        Service s{word(e, "service_code"), text(e, "service_name"), text(e, "description"), text(e, "group"),
                  lower(word(e, "type")), flag(e, "metadata", false)};
        if (s.service_code.empty()) return why = "a service in the answer has no service_code", std::nullopt;
        if (s.type.empty()) s.type = "realtime";
        out.push_back(std::move(s));
    }
    return out;
}

static std::optional<Attribute> attribute_from(const xmlNode* e, std::string& why) {
    Attribute a;
    a.code = word(e, "code");
    if (a.code.empty()) return why = "an attribute in the service definition has no code", std::nullopt;
    a.variable = flag(e, "variable", true);
    a.datatype = word(e, "datatype");
    if (a.datatype.empty()) a.datatype = "string";
    a.required = flag(e, "required", false);
    a.datatype_description = text(e, "datatype_description");
    a.order = static_cast<int>(number(e, "order").value_or(0));
    a.description = text(e, "description");
    if (const xmlNode* values = child(e, "values"))
        for (const xmlNode* v : children(values, "value")) {
            std::string key = word(v, "key");
            if (key.empty()) return why = "a value of attribute " + a.code + " has no key", std::nullopt;
            a.values.emplace_back(key, text(v, "name"));
        }
    return a;
}

std::optional<ServiceDefinition> parse_service_definition(std::string_view body, std::string& why) {
    auto p = read_doc(body, "service_definition", why);
    if (!p) return std::nullopt;
    ServiceDefinition d;
    d.service_code = word(p->root, "service_code");
    if (d.service_code.empty()) return why = "the service definition has no service_code", std::nullopt;
    const xmlNode* attrs = child(p->root, "attributes");
    if (!attrs) return why = "the service definition has no <attributes>", std::nullopt;
    for (const xmlNode* e : children(attrs, "attribute")) {
        auto a = attribute_from(e, why);
        if (!a) return std::nullopt;
        d.attributes.push_back(std::move(*a));
    }
    return d;
}

std::optional<std::vector<RequestUpdate>> parse_updates(std::string_view body, std::string& why) {
    auto p = read_doc(body, "service_request_updates", why);
    if (!p) return std::nullopt;
    std::vector<RequestUpdate> out;
    for (const xmlNode* e : children(p->root, "request_update")) {
        RequestUpdate u{word(e, "update_id"), word(e, "service_request_id"), lower(word(e, "status")),
                        text(e, "description"), word(e, "updated_datetime"), word(e, "media_url")};
        if (u.update_id.empty() || u.service_request_id.empty())
            return why = "an update in the answer has no update_id or no service_request_id", std::nullopt;
        out.push_back(std::move(u));
    }
    return out;
}

std::vector<ApiError> parse_errors(std::string_view body) {
    std::string why;
    auto p = read_doc(body, "errors", why);
    std::vector<ApiError> out;
    if (!p) return out;
    for (const xmlNode* e : children(p->root, "error")) out.push_back({word(e, "code"), text(e, "description")});
    return out;
}

// [SECTION] writing
namespace {

// Text content for XML 1.0: the five specials as entities; CR as a reference so it
// survives line-end normalization; other C0 controls (not representable) as U+FFFD.
void escape_into(std::string& out, std::string_view s) {
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\r': out += "&#13;"; break;
        default:
            if (c < 0x20 && ch != '\t' && ch != '\n') out += "\xEF\xBF\xBD";
            else out += ch;
        }
    }
}

// Builds a document element by element; names are ours, values are escaped.
class Writer {
  public:
    Writer() : m_out("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n") {}
    Writer& open(const char* name) { return tag("<", name, ">"); }
    Writer& close(const char* name) { return tag("</", name, ">\n"); }
    Writer& leaf(const char* name, std::string_view value) {
        if (value.empty()) return tag("<", name, "/>");
        tag("<", name, ">");
        escape_into(m_out, value);
        return tag("</", name, ">");
    }
    // An optional field: left out when it has no value (strict clients read <x/> as "").
    Writer& maybe(const char* name, std::string_view value) { return value.empty() ? *this : leaf(name, value); }
    Writer& leaf(const char* name, bool value) { return leaf(name, value ? "true" : "false"); }
    Writer& leaf(const char* name, const char* value) { return leaf(name, std::string_view(value)); }
    Writer& leaf(const char* name, const std::string& value) { return leaf(name, std::string_view(value)); }
    std::string done() { return std::move(m_out); }

  private:
    Writer& tag(const char* a, const char* name, const char* b) {
        m_out.append(a).append(name).append(b);
        return *this;
    }
    std::string m_out;
};

std::string fixed7(const std::optional<double>& v) {
    if (!v) return {};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.7f", *v);
    return buf;
}

}  // namespace

// [SECTION] server side
std::string escape(std::string_view s) {
    std::string out;
    escape_into(out, s);
    return out;
}

std::string services_xml(const std::vector<Service>& services) {
    Writer w;
    w.open("services");
    for (const Service& s : services)
        w.open("service").leaf("service_code", s.service_code).leaf("service_name", s.service_name)
            .maybe("description", s.description).leaf("metadata", s.metadata).leaf("type", s.type)
            .maybe("group", s.group).close("service");
    return w.close("services").done();
}

std::string post_response_xml(const PostResult& r) {
    Writer w;
    w.open("service_requests").open("request");
    if (!r.service_request_id.empty()) w.leaf("service_request_id", r.service_request_id);
    if (!r.token.empty()) w.leaf("token", r.token);
    w.maybe("service_notice", r.service_notice);
    return w.close("request").close("service_requests").done();
}

std::string requests_xml(const std::vector<ServiceRequest>& requests) {
    Writer w;
    w.open("service_requests");
    for (const ServiceRequest& r : requests)
        w.open("request").leaf("service_request_id", r.service_request_id).leaf("status", r.status)
            .maybe("status_notes", r.status_notes).leaf("service_name", r.service_name)
            .leaf("service_code", r.service_code).maybe("description", r.description)
            .maybe("agency_responsible", r.agency_responsible).leaf("requested_datetime", r.requested_datetime)
            .maybe("updated_datetime", r.updated_datetime).maybe("expected_datetime", r.expected_datetime)
            .maybe("address", r.address).maybe("address_id", r.address_id)
            .maybe("lat", r.lat && r.lon ? fixed7(r.lat) : "").maybe("long", r.lat && r.lon ? fixed7(r.lon) : "")
            .maybe("media_url", r.media_url).close("request");
    return w.close("service_requests").done();
}

std::string errors_xml(const std::vector<ApiError>& errors) {
    Writer w;
    w.open("errors");
    for (const ApiError& e : errors) w.open("error").leaf("code", e.code).leaf("description", e.description).close("error");
    return w.close("errors").done();
}

std::string service_definition_xml(const ServiceDefinition& d) {
    Writer w;
    w.open("service_definition").leaf("service_code", d.service_code).open("attributes");
    for (const Attribute& a : d.attributes) {
        w.open("attribute").leaf("variable", a.variable).leaf("code", a.code).leaf("datatype", a.datatype)
            .leaf("required", a.required).leaf("datatype_description", a.datatype_description)
            .leaf("order", std::to_string(a.order)).leaf("description", a.description).open("values");
        for (const auto& [key, name] : a.values) w.open("value").leaf("key", key).leaf("name", name).close("value");
        w.close("values").close("attribute");
    }
    return w.close("attributes").close("service_definition").done();
}

std::string updates_xml(const std::vector<RequestUpdate>& updates) {
    Writer w;
    w.open("service_request_updates");
    for (const RequestUpdate& u : updates)
        w.open("request_update").leaf("update_id", u.update_id).leaf("service_request_id", u.service_request_id)
            .leaf("status", u.status).leaf("updated_datetime", u.updated_datetime)
            .maybe("description", u.description).maybe("media_url", u.media_url).close("request_update");
    return w.close("service_request_updates").done();
}

}  // namespace wk::open311::xml
