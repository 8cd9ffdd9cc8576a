// JSON lines to drafts; each line is validated (validate(), with the kiosk's province,
// so the composed address is checked as the agent will send it) and submitted on its own.
#include "enqueue.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace wk::agent {
namespace {

// Fills `d` from one JSON object; returns an error sentence or "".
std::string read_draft(const std::string& line, const std::string& default_ward, Draft& d) {
    if (!valid_utf8(line)) return "the line is not valid UTF-8";
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return "the line is not a JSON object";
    auto str = [&](const char* key, std::string& out) -> bool {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return true;
        if (!it->is_string()) return false;
        out = it->get<std::string>();
        return true;
    };
    std::string channel = "self";
    const char* keys[] = {"category", "description", "ward", "address", "name", "phone", "channel", "staff_id"};
    std::string* outs[] = {&d.service_code, &d.description, &d.ward, &d.address, &d.contact.name, &d.contact.phone,
                           &channel, &d.staff_id};
    for (size_t i = 0; i < std::size(keys); ++i)
        if (!str(keys[i], *outs[i])) return std::string("\"") + keys[i] + "\" must be a string";
    if (channel != "self" && channel != "assisted") return "\"channel\" must be \"self\" or \"assisted\"";
    d.channel = channel == "assisted" ? Channel::staff_assisted : Channel::self_service;
    if (d.ward.empty()) d.ward = default_ward;
    return "";
}

}  // namespace

EnqueueResult enqueue_lines(std::istream& in, std::ostream& out, std::ostream& err, Store& store,
                            const ContactBox& box, const std::vector<Category>& categories, int kiosk_id,
                            const std::string& default_ward, const std::string& province, UnixMs now) {
    EnqueueResult r;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        Draft d;
        std::string problem = read_draft(line, default_ward, d);
        if (problem.empty()) {
            d = normalized(d);
            auto errors = validate(d, categories, province);
            if (!errors.empty()) problem = errors.front().field + ": " + describe(errors.front().error);
        }
        if (!problem.empty()) {
            err << "line " << n << ": " << problem << "\n";
            ++r.rejected;
            continue;
        }
        try {
            out << store.submit(d, kiosk_id, box, now).code << "\n";
            ++r.stored;
        } catch (const db::Error& e) {
            err << "line " << n << ": not stored: " << e.what() << "\n";
            ++r.rejected;
        }
    }
    return r;
}

}  // namespace wk::agent
