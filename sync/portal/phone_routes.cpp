// Phone photo routes: the link check, the page, the uploads. Logs carry receipt codes and
// counts only, never file names (a phone names a file after its owner as often as not).
// [SECTION] the link  [SECTION] answers  [SECTION] routes
#include "phone_routes.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "phone_page.hpp"
#include "photo.hpp"
#include "platform/log.hpp"
#include "sync/field_limits.hpp"
#include "sync/photo_link.hpp"

namespace wk::portal {
using httplib::Request;
using httplib::Response;

static const char* const kHtml = "text/html; charset=utf-8";
static const char* const kJson = "application/json; charset=utf-8";

// [SECTION] the link
struct Link {
    std::string code;   // canonical
    std::string query;  // k=&x=&s= as signed, lang left out
    int64_t expires_s = 0;
};

static std::optional<int64_t> number(const std::string& s) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || s.size() > 12 || ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}

// The link's code and signature, checked against every key of the signing kiosk (a
// kiosk has two while its key is replaced). A problem when it does not hold.
static std::variant<Link, LinkProblem> checked_link(const Request& q, const PortalOptions& o) {
    std::string code = lookup_code(q.matches[1].str());
    auto k = number(q.get_param_value("k")), x = number(q.get_param_value("x"));
    std::string sig = q.get_param_value("s");
    if (code.empty() || !k || *k < 1 || *k > 32767 || !x || sig.empty() || sig.size() > 64)
        return LinkProblem::malformed;
    int64_t now_s = o.clock() / 1000;
    bool expired = false;
    // While no kiosk has a key of its own, a plain key speaks for any kiosk (as it files
    // any receipt code then: kiosk_access.hpp).
    std::vector<KioskKey> keys = o.kiosk_keys;
    if (keys.empty())
        for (const std::string& plain : o.api_keys) keys.push_back({static_cast<int>(*k), plain});
    for (const KioskKey& key : keys) {
        if (key.kiosk_id != *k) continue;
        auto c = photo_link::verify(photo_link::link_key(key.key), code, key.kiosk_id, *x, sig, now_s);
        if (c == photo_link::Check::ok)
            return Link{code, "k=" + std::to_string(*k) + "&x=" + std::to_string(*x) + "&s=" + sig, *x};
        expired = expired || c == photo_link::Check::expired;
    }
    return expired ? LinkProblem::expired : LinkProblem::forged;
}

// [SECTION] answers
static void page_headers(Response& s) {
    s.set_header("Cache-Control", "no-store");
    s.set_header("Referrer-Policy", "no-referrer");  // the signed link stays on the phone
    s.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
                 "img-src 'self' blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

static bool wants_json(const Request& q) { return q.get_header_value("Accept").find("application/json") != std::string::npos; }

static PhotoProblem problem_of(PhotoRefusal::Kind k) {
    switch (k) {
    case PhotoRefusal::Kind::empty: return PhotoProblem::empty;
    case PhotoRefusal::Kind::too_big: return PhotoProblem::too_big;
    case PhotoRefusal::Kind::not_a_photo: return PhotoProblem::not_a_photo;
    case PhotoRefusal::Kind::too_many_pixels: return PhotoProblem::too_many_pixels;
    case PhotoRefusal::Kind::damaged: return PhotoProblem::damaged;
    case PhotoRefusal::Kind::not_stored: return PhotoProblem::busy;
    }
    return PhotoProblem::damaged;
}

static PhonePageView view_of(PortalStore& store, const Link& link, PhoneLang lang) {
    PhoneMedia m = store.phone_media(link.code);
    PhonePageView v;
    v.code = link.code, v.query = link.query, v.lang = lang;
    v.have = m.count, v.max = kMaxPhonePhotos, v.max_mb = static_cast<int>(kMaxPhonePhotoBytes >> 20);
    v.arrived = m.arrived, v.closed = m.closed, v.expires_s = link.expires_s;
    return v;
}

static void answer(const Request& q, Response& s, int status, const PhonePageView& v,
                   const std::vector<PhotoOutcome>& outcomes, const std::string& message) {
    s.status = status;
    page_headers(s);
    if (!wants_json(q)) return s.set_content(phone_result_page(v, outcomes), kHtml);
    nlohmann::json results = nlohmann::json::array();
    bool all_ok = !outcomes.empty();
    for (const PhotoOutcome& o : outcomes) {
        all_ok = all_ok && o.ok;
        results.push_back({{"name", o.filename},
                           {"ok", o.ok},
                           {"message", o.ok ? (v.lang == PhoneLang::en ? "Received" : "Đã nhận")
                                            : photo_problem_text(o.problem, v.lang)}});
    }
    std::string said = message;
    if (said.empty()) said = outcomes.size() == 1 ? results[0]["message"].get<std::string>() : "";
    s.set_content(nlohmann::json{{"ok", all_ok}, {"have", v.have}, {"max", v.max}, {"message", said},
                                 {"results", results}}.dump(),
                  kJson);
}

bool answer_phone_too_large(const Request& q, Response& s) {
    if (q.path.rfind("/photos/", 0) != 0) return false;
    PhoneLang lang = phone_lang(q.get_param_value("lang"));
    // One photo over the limit comes from the script (a photo each); several, from the form.
    PhotoProblem problem = wants_json(q) ? PhotoProblem::too_big : PhotoProblem::too_much_at_once;
    std::string why = photo_problem_text(problem, lang);
    s.status = 413;
    page_headers(s);
    if (wants_json(q)) return s.set_content(nlohmann::json{{"ok", false}, {"message", why}}.dump(), kJson), true;
    // Not checked here: the page's link back is, when the phone follows it.
    PhonePageView v;
    v.code = lookup_code(q.path.substr(8)), v.lang = lang, v.max = kMaxPhonePhotos;
    v.query = "k=" + q.get_param_value("k") + "&x=" + q.get_param_value("x") + "&s=" + q.get_param_value("s");
    s.set_content(phone_result_page(v, {{"", false, problem}}), kHtml);
    return true;
}

// Each part named "photo", bounded as it arrives: a part over the limit is drained and
// refused, not held.
struct Upload {
    std::string filename, bytes;
    bool too_big = false;
};

static std::optional<std::vector<Upload>> read_uploads(const httplib::ContentReader& reader) {
    std::vector<Upload> files;
    Upload* current = nullptr;
    bool whole = reader(
        [&](const httplib::MultipartFormData& part) {
            current = nullptr;
            if (part.name != "photo" || files.size() >= static_cast<size_t>(kMaxPhonePhotos) + 1) return true;
            files.push_back({part.filename.substr(0, 200), {}, false});
            current = &files.back();
            return true;
        },
        [&](const char* data, size_t n) {
            if (!current || current->too_big) return true;
            if (current->bytes.size() + n > kMaxPhonePhotoBytes) {
                current->too_big = true;
                current->bytes.clear();
                current->bytes.shrink_to_fit();
            } else {
                current->bytes.append(data, n);
            }
            return true;
        });
    if (!whole) return std::nullopt;
    return files;
}

// [SECTION] routes
void install_phone_routes(httplib::Server& http, PortalStore& store, const PortalOptions& options) {
    const PortalOptions* o = &options;
    store.prune_waiting_media(options.clock(), kWaitingMediaMaxAgeMs);
    http.Get("/photos/app.js", [](const Request&, Response& s) {
        s.set_header("Cache-Control", "public, max-age=3600");
        s.set_content(kPhoneScript, "text/javascript; charset=utf-8");
    });
    http.Get(R"(/photos/([0-9A-Za-z-]{1,20}))", [&store, o](const Request& q, Response& s) {
        PhoneLang lang = phone_lang(q.get_param_value("lang"));
        page_headers(s);
        try {
            auto link = checked_link(q, *o);
            if (auto* p = std::get_if<LinkProblem>(&link)) {
                s.status = 403;
                return s.set_content(phone_link_page(*p, lang), kHtml);
            }
            s.set_content(phone_page(view_of(store, std::get<Link>(link), lang)), kHtml);
        } catch (const std::exception& e) {
            log::error(std::string("photo page failed: ") + e.what());
            s.status = 503;
            s.set_content(phone_link_page(LinkProblem::malformed, lang), kHtml);
        }
    });
    http.Post(R"(/photos/([0-9A-Za-z-]{1,20}))", [&store, o](const Request& q, Response& s,
                                                              const httplib::ContentReader& reader) {
        PhoneLang lang = phone_lang(q.get_param_value("lang"));
        auto link = checked_link(q, *o);
        if (auto* p = std::get_if<LinkProblem>(&link)) {
            s.status = 403;
            page_headers(s);
            if (!wants_json(q)) return s.set_content(phone_link_page(*p, lang), kHtml);
            return s.set_content(nlohmann::json{{"ok", false}, {"message", link_problem_text(*p, lang)}}.dump(), kJson);
        }
        const Link& l = std::get<Link>(link);
        PhonePageView v;
        v.code = l.code, v.query = l.query, v.lang = lang;
        try {
            UnixMs now = o->clock();
            store.prune_waiting_media(now, kWaitingMediaMaxAgeMs);
            auto files = q.is_multipart_form_data() ? read_uploads(reader) : std::nullopt;
            if (!files || files->empty()) {
                v = view_of(store, l, lang);
                return answer(q, s, 400, v, {}, lang == PhoneLang::en ? "Please choose a photo first." : "Xin chọn ảnh trước.");
            }
            std::vector<PhotoOutcome> outcomes;
            for (Upload& f : *files) {
                PhotoOutcome out{f.filename, false, PhotoProblem::too_big};
                if (!f.too_big) {
                    auto photo = prepare_photo(f.bytes, 1600, kMaxPhonePhotoBytes);
                    f.bytes.clear();
                    if (auto* bad = std::get_if<PhotoRefusal>(&photo)) {
                        out.problem = problem_of(bad->kind);
                    } else {
                        PhoneAdd added = store.add_phone_photo(l.code, std::get<Photo>(photo), kMaxPhonePhotos, now);
                        out.ok = added == PhoneAdd::joined || added == PhoneAdd::waiting;
                        out.problem = added == PhoneAdd::closed ? PhotoProblem::closed : PhotoProblem::full;
                    }
                }
                outcomes.push_back(out);
            }
            v = view_of(store, l, lang);
            int ok = 0;
            for (const PhotoOutcome& out : outcomes) ok += out.ok;
            log::info("phone photos for " + l.code + ": " + std::to_string(ok) + " of " +
                      std::to_string(outcomes.size()) + " kept, " + std::to_string(v.have) + " in all");
            answer(q, s, ok > 0 || outcomes.empty() ? 200 : 400, v, outcomes, "");
        } catch (const std::exception& e) {
            log::error(std::string("phone photo failed: ") + e.what());
            answer(q, s, 503, v, {}, photo_problem_text(PhotoProblem::busy, lang));
        }
    });
}

}  // namespace wk::portal
