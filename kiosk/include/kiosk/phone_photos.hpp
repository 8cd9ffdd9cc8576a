// "Add photos from your phone" (issue 16): the second QR on the receipt, and on the
// lookup of a case still open. The kiosk has no camera and takes no USB sticks; the
// citizen's phone opens a page on the portal, signed here (sync/photo_link.hpp) so that
// nobody can add pictures to a code they merely guessed. Offered only when the kiosk has
// a key to sign with and the portal is known to serve the page ([photos] from_phone).
// It also brings the case's public photos to the lookup (thumbnails the agent fetched).
// Its own slice of the settings, composed by App. Plain C++: no ImGui, time passed in.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "print/qr.hpp"
#include "sync/store.hpp"

namespace wk {

struct PhotoLinkView {
    std::string url;
    print::QrModules qr;
};

struct PhonePhotoSettings {
    std::string mode = "off";  // [photos] from_phone: auto, on, off
    std::string key;           // photo_link::link_key of the kiosk's API key; empty: not offered
    UnixMs valid_ms = 7LL * 24 * 3600 * 1000;
};

class PhonePhotos {
  public:
    PhonePhotos(Store& store, PhonePhotoSettings settings, int kiosk_id, std::string public_url)
        : m_store(store), m_settings(std::move(settings)), m_kiosk_id(kiosk_id), m_public_url(std::move(public_url)) {}

    // Whether the portal takes photos from phones: "on", or "auto" and the agent found the
    // reference portal (its health endpoint answered). Reads the store; errors say no.
    bool offered();
    // The signed link for `code` (canonical), valid from `now`; nullopt when not offered.
    std::optional<PhotoLinkView> link(const std::string& code, UnixMs now);

    // A citizen looks case `code` up: the thumbnails already here, and, when the case has
    // a number on the portal, a question to the agent to look for new ones now.
    std::vector<PhotoThumb> open(const std::string& code, bool has_case, UnixMs now);
    // While the lookup is up and the agent may still answer: re-reads the thumbnails.
    // True when `shown` changed.
    bool poll(const std::string& code, std::vector<PhotoThumb>& shown, UnixMs now);
    // When poll has something to do: soon while waiting for the agent, 0 otherwise.
    UnixMs next_poll(UnixMs now) const;

  private:
    static constexpr UnixMs kWaitMs = 15000, kEveryMs = 1000;
    UnixMs m_wait_until = 0, m_next = 0;
    Store& m_store;
    PhonePhotoSettings m_settings;
    int m_kiosk_id;
    std::string m_public_url;
};

}  // namespace wk
