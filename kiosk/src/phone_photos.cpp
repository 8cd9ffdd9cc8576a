// PhonePhotos: whether to offer the phone's photo page, and its signed link.
#include "kiosk/phone_photos.hpp"

#include <algorithm>

#include "platform/log.hpp"
#include "sync/photo_link.hpp"

namespace wk {

bool PhonePhotos::offered() {
    if (m_settings.key.empty() || m_settings.mode == "off" || m_public_url.empty()) return false;
    if (m_settings.mode == "on") return true;
    try {
        return m_store.value("agent.portal_kind").value_or("") == "wardkiosk";
    } catch (const std::exception& e) {
        log::warn(std::string("photo link: ") + e.what());
        return false;
    }
}

std::optional<PhotoLinkView> PhonePhotos::link(const std::string& code, UnixMs now) {
    if (!offered()) return std::nullopt;
    int64_t expires_s = (now + m_settings.valid_ms) / 1000;
    PhotoLinkView v;
    v.url = photo_link::url(m_public_url, code, m_kiosk_id, expires_s, m_settings.key);
    v.qr = print::make_qr(v.url);
    return v;
}

std::vector<PhotoThumb> PhonePhotos::open(const std::string& code, bool has_case, UnixMs now) {
    m_wait_until = 0;
    try {
        if (has_case) {
            m_store.ask_photos(code, now);  // the write wakes the agent
            m_wait_until = now + kWaitMs, m_next = now + kEveryMs;
        }
        return m_store.photos(code);
    } catch (const std::exception& e) {
        log::warn(std::string("photos: ") + e.what());
        return {};
    }
}

bool PhonePhotos::poll(const std::string& code, std::vector<PhotoThumb>& shown, UnixMs now) {
    if (now >= m_wait_until || now < m_next) return false;
    m_next = now + kEveryMs;
    try {
        std::vector<PhotoThumb> got = m_store.photos(code);
        if (got.size() == shown.size()) return false;
        shown = std::move(got);
        return true;
    } catch (const std::exception& e) {
        log::warn(std::string("photos: ") + e.what());
        m_wait_until = 0;
        return false;
    }
}

UnixMs PhonePhotos::next_poll(UnixMs now) const { return now < m_wait_until ? std::max(m_next, now) : 0; }

}  // namespace wk
