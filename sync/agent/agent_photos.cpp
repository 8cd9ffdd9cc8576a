// The public photos of this kiosk's cases (issue 16), for the lookup screen: each case's
// media_url (from any GeoReport v2 server: the spec's one photo a case), fetched once and
// kept as a small thumbnail in the store. A citizen looking a case up at the kiosk asks
// for a fresh look, answered in the same pass as the pulls: the reference portal lists
// every approved photo by receipt code (GET /wardkiosk/v1/receipts/CODE.json,
// media_urls), any other server its one media_url (GET /requests/{id}). The ordinary
// pulls note media_url too. Hostile or huge images are refused by size before they are
// decoded, as the portal does.
#include <stb/stb_image.h>
#include <stb/stb_image_resize.h>
#include <stb/stb_image_write.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "agent.hpp"
#include "platform/log.hpp"
#include "sync/field_limits.hpp"
#include "wire.hpp"

namespace wk::agent {

constexpr int kThumbSide = 320;
constexpr size_t kPhotosAPass = 3;
constexpr UnixMs kPhotoRetryMs = 3600 * 1000;

static void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

std::optional<Thumbnail> make_thumbnail(const std::string& bytes) {
    auto data = reinterpret_cast<const stbi_uc*>(bytes.data());
    int len = static_cast<int>(std::min<size_t>(bytes.size(), INT32_MAX)), w = 0, h = 0, channels = 0;
    if (bytes.empty() || !stbi_info_from_memory(data, len, &w, &h, &channels) || w <= 0 || h <= 0 ||
        w > kMaxMediaSidePixels || h > kMaxMediaSidePixels || static_cast<long long>(w) * h > kMaxMediaPixels)
        return std::nullopt;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(data, len, &w, &h, &channels, 3),
                                                     stbi_image_free);
    if (!pixels) return std::nullopt;
    int side = std::max(w, h), tw = w, th = h;
    if (side > kThumbSide) tw = std::max(1, w * kThumbSide / side), th = std::max(1, h * kThumbSide / side);
    std::vector<uint8_t> small(static_cast<size_t>(tw) * th * 3);
    if (!stbir_resize_uint8(pixels.get(), w, h, 0, small.data(), tw, th, 0, 3)) return std::nullopt;
    Thumbnail t{{}, tw, th};
    if (!stbi_write_jpg_to_func(append, &t.jpeg, tw, th, 3, small.data(), 80) || t.jpeg.empty()) return std::nullopt;
    return t;
}

static bool web_url(const std::string& u) { return u.rfind("http://", 0) == 0 || u.rfind("https://", 0) == 0; }

// The reference portal lists every approved photo of a case by its receipt code
// (media_urls); true when it answered so.
bool Agent::ask_photos_by_code(const std::string& code, const std::string& id) {
    HttpResponse res = m_http.get(wardkiosk_url("/receipts/" + open311::url_encode(code) + ".json"),
                                  {"Accept: application/json"});
    auto body = nlohmann::json::parse(res.body, nullptr, false);
    if (res.status != 200 || !body.is_object() || !body.contains("media_urls") || !body["media_urls"].is_array())
        return false;
    int n = 0;
    for (const auto& u : body["media_urls"])
        if (u.is_string() && web_url(u.get<std::string>()) && n++ < kMaxPhonePhotos)
            m_store.want_photo(id, u.get<std::string>());
    return true;
}

void Agent::refresh_photos(UnixMs now) {
    if (now < m_blocked_until) return;
    const open311::Format f = m_config.format;
    bool ours = m_store.value("agent.portal_kind").value_or("") == "wardkiosk";
    for (const auto& [code, id] : m_store.photo_questions()) {
        // Any GeoReport v2 server: the case's one media_url.
        if (!ours || !ask_photos_by_code(code, id)) {
            HttpResponse res = m_http.get(url("/requests/" + open311::url_encode(id) + open311::extension(f)),
                                          {wire::accept(f)});
            std::string why;
            auto reqs = res.status == 200 ? wire::requests(f, res.body, why) : std::nullopt;
            if (reqs)
                for (const auto& q : *reqs)
                    if (q.service_request_id == id && web_url(q.media_url)) m_store.want_photo(id, q.media_url);
        }
        m_store.photo_question_answered(code);  // answered or not: the citizen does not wait long
    }
    for (const auto& [code, link] : m_store.photos_wanted(now, kPhotosAPass)) {
        if (!web_url(link)) {
            m_store.photo_failed(code, link, now + 24 * kPhotoRetryMs);
            continue;
        }
        HttpResponse res = m_http.get(link, {"Accept: image/jpeg, image/png"});
        auto thumb = res.status == 200 ? make_thumbnail(res.body) : std::nullopt;
        if (thumb) {
            m_store.photo_fetched(code, link, thumb->jpeg, thumb->width, thumb->height);
        } else {
            m_store.photo_failed(code, link, now + kPhotoRetryMs);
            log::warn("the photo of " + code + " could not be fetched (HTTP " + std::to_string(res.status) + ")");
        }
    }
}

}  // namespace wk::agent
