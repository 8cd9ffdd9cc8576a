// The one table of field limits: what the kiosk lets a citizen type, what validate()
// (kiosk wizard and `wardkiosk-sync enqueue`) accepts, and what the reference portal
// (sync/portal/portal_form.cpp) takes, so the kiosk never stores a report the portal
// would refuse for ever. Lengths are Unicode code points unless named Bytes. Limits
// on what the agent composes (address_string) count the text as the agent sends it.
// Constants only; the checks live in report.cpp (validate) and portal_form.cpp.
#pragma once
#include <cstddef>
#include <string_view>

namespace wk {

// [SECTION] the report, as the citizen types it and the portal receives it

// description: GeoReport v2 says at most 4,000 characters. Kiosk: typing cap and
// validate(); enqueue: validate(); portal: POST /requests and POST
// /servicerequestupdates (and the officers' answers on its staff pages).
constexpr size_t kMaxDescriptionChars = 4000;

// address_string: portal (POST /requests). The agent sends address + ", " + ward +
// ", " + province (address_string() in report.hpp); validate() refuses a draft whose
// composed text would be longer, for the kiosk's wizard and for enqueue alike.
constexpr size_t kMaxAddressStringChars = 200;

// Room the kiosk keeps in address_string for ", ward, province" (the longest real pairs
// with their separators are under 50), so that an address typed up to its cap fits
// with nearly every ward. Longer names are still caught by validate()'s composed check.
constexpr size_t kRoomForWardAndProvinceChars = 50;

// The address field alone (street, landmark): kiosk typing cap and validate().
constexpr size_t kMaxAddressChars = kMaxAddressStringChars - kRoomForWardAndProvinceChars;

// name: kiosk typing cap and validate() on the full name; portal on each of first_name
// and last_name, which the agent splits from it (split_vietnamese_name), each shorter.
constexpr size_t kMaxNameChars = 100;

// phone, as the agent sends it (trimmed, separators included): portal and validate().
constexpr size_t kMaxPhoneChars = 30;
// The characters the portal takes in a phone number.
constexpr std::string_view kPhoneCharacters = "0123456789+-. ()";
// validate(): the kiosk's own rule, stricter than the portal's: digits with + - . and
// spaces (no parentheses), and 9 to 15 digits once the separators are left out
// (E.164 numbers have at most 15).
constexpr std::string_view kKioskPhoneCharacters = "0123456789+-. ";
constexpr size_t kMinPhoneDigits = 9;
constexpr size_t kMaxPhoneDigits = 15;
// The kiosk's phone field stops taking keys here (15 digits and 5 separators).
constexpr size_t kMaxPhoneTypedChars = 20;

// A typed answer to a category's question: kiosk typing cap and validate().
constexpr size_t kMaxAnswerChars = 500;
// One attribute value (attribute[CODE]): portal. The kiosk sends typed answers (above),
// list keys, its receipt code and its channel, all within it.
constexpr size_t kMaxAttributeChars = 1000;
// Attributes in one POST /requests: portal. The agent adds two of its own
// (kiosk_receipt, channel) to the category's answers; nothing on the kiosk counts them.
constexpr size_t kMaxAttributes = 50;
// Ids and codes: portal (service_code, device_id, attribute codes, update_id,
// agency_responsible). The kiosk sends only the portal's own codes and its "kiosk-N".
constexpr size_t kMaxShortChars = 200;
// The Idempotency-Key header (the receipt code, 11 characters): portal.
constexpr size_t kMaxIdempotencyKeyBytes = 200;
// email: portal. The kiosk does not ask for one.
constexpr size_t kMaxEmailChars = 254;

// [SECTION] what other Open311 clients send (the kiosk sends none of these)

// address_id: portal. A location id in another system's own address register.
constexpr size_t kMaxAddressIdChars = 200;
// media_url: portal. An http(s) URL of a photo the client hosts.
constexpr size_t kMaxMediaUrlBytes = 2000;
// The media file part of a multipart POST /requests: portal. JPEG or PNG.
constexpr size_t kMaxMediaBytes = 8u << 20;
// Its width and height: portal. Larger images are refused before they are decoded.
constexpr int kMaxMediaSidePixels = 12000;
constexpr long long kMaxMediaPixels = 50'000'000;
// A photo a citizen sends from their phone (issue 16): at most this many a receipt code,
// each at most this large as sent (a phone's camera writes 3 to 8 MB).
constexpr int kMaxPhonePhotos = 5;
constexpr size_t kMaxPhonePhotoBytes = 10u << 20;

// [SECTION] updates the kiosk queues (sent as a servicerequestupdates description)

// A staff withdrawal's reason: kiosk typing cap; sent as the update's description.
constexpr size_t kMaxReasonChars = 500;
// A citizen's comment on a rating: kiosk typing cap; the agent may wrap it in a
// sentence of its own (rating_in_words, about 110 characters) before sending it.
constexpr size_t kMaxCommentChars = 500;
constexpr size_t kRatingWordsRoomChars = 200;

// [SECTION] what holds the table together
static_assert(kMaxAddressChars + kRoomForWardAndProvinceChars == kMaxAddressStringChars);
static_assert(kMaxPhoneTypedChars <= kMaxPhoneChars, "the kiosk's phone field fits the portal's limit");
static_assert(kMaxPhoneDigits <= kMaxPhoneChars && kMinPhoneDigits <= kMaxPhoneDigits);
static_assert(kKioskPhoneCharacters.find_first_not_of(kPhoneCharacters) == std::string_view::npos,
              "every phone character the kiosk takes, the portal takes");
static_assert(kMaxAnswerChars <= kMaxAttributeChars, "a typed answer fits one attribute value");
static_assert(kMaxReasonChars <= kMaxDescriptionChars, "a withdrawal's reason fits an update's description");
static_assert(kMaxCommentChars + kRatingWordsRoomChars <= kMaxDescriptionChars,
              "a rating's comment, with the agent's words around it, fits an update's description");

}  // namespace wk
