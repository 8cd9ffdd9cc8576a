// The phone page a receipt's "add photos" QR opens (GET /photos/<CODE>?k=&x=&s=&lang=):
// Vietnamese first, English on a tap, one narrow column with large buttons. The citizen
// picks or takes up to five photos; each goes up in its own POST with a progress bar and
// comes back accepted or refused with a reason in the page's language. It works without
// script too (one form post of all the files, answered by phone_result_page).
// Pure text rendering, every text HTML-escaped; the routes live in phone_routes.cpp.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace wk::portal {

enum class PhoneLang { vi, en };

// "en" -> en; anything else -> vi.
PhoneLang phone_lang(std::string_view lang);

// Why a phone's photo was refused, in the page's words (photo.hpp's refusal kinds plus
// the limits of the phone path).
enum class PhotoProblem {
    empty,         // a file of 0 bytes
    too_big,       // over kMaxPhonePhotoBytes
    not_a_photo,   // neither JPEG nor PNG (whatever its name says)
    too_many_pixels,
    damaged,       // cut off, or not what its header claims
    full,          // the code already holds kMaxPhonePhotos photos
    closed,        // the case is closed: no more photos
    busy,          // the portal could not store it now; try again
    too_much_at_once,  // a form post of several photos over the portal's body limit
};
std::string photo_problem_text(PhotoProblem p, PhoneLang lang);

// The link's query string as the kiosk signed it ("k=1&x=1767000000&s=..."), which
// every POST and language switch carries back unchanged.
struct PhonePageView {
    std::string code;   // canonical receipt code (shown grouped)
    std::string query;  // signed query string, without '?' and without lang
    PhoneLang lang = PhoneLang::vi;
    int have = 0;       // photos already received under this code
    int max = 5;        // kMaxPhonePhotos
    int max_mb = 10;    // per photo
    bool arrived = false;  // the report has reached the portal (else: photos wait for it)
    bool closed = false;   // the case is closed: the page says so and offers no picker
    long long expires_s = 0;  // when the link stops working (Unix seconds), shown as a date
};
std::string phone_page(const PhonePageView& v);

// A link that does not work: expired (with when), forged or malformed. Both languages.
enum class LinkProblem { expired, forged, malformed };
std::string phone_link_page(LinkProblem p, PhoneLang lang);
// The same in one sentence, for the script's answer (JSON).
std::string link_problem_text(LinkProblem p, PhoneLang lang);

// After a form post without script: each file's name and what became of it.
struct PhotoOutcome {
    std::string filename;  // as the phone sent it (escaped when shown)
    bool ok = false;
    PhotoProblem problem = PhotoProblem::damaged;  // when !ok
};
std::string phone_result_page(const PhonePageView& v, const std::vector<PhotoOutcome>& outcomes);

// The page's script, served as /photos/app.js (the content-security policy allows
// scripts from the portal itself only, never inline).
extern const char* const kPhoneScript;

}  // namespace wk::portal
