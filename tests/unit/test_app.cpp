// The kiosk's decisions (kiosk/app.hpp) without ImGui: a citizen's way through the
// wizard, what is kept and what is erased, a store that refuses to write, the limits on
// typing, the session timers, and looking a receipt up. Real SQLite in a temp folder.
// [SECTION] starting a report, the wizard, sending, typing, timers, lookup and scans
#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "kiosk/app.hpp"
#include "kiosk_harness.hpp"
#include "sync/open311.hpp"
#include "sync/receipt_code.hpp"

namespace {

using wk::Field;
using wk::Screen;
using wk::Step;
using wk::UnixMs;
using wk::test::AppRig;
using wk::test::kiosk_noon;

const wk::Contact kAn{"Nguyễn Văn An", "0912 345 678"};
const std::string kLitter = "Rác thải đổ trộm ở đầu ngõ 12 Điện Biên Phủ đã ba ngày, bốc mùi.";

// Every text the App holds for the citizen: draft fields and the lookup box.
std::string everything_typed(const wk::KioskState& s) {
    return s.draft.description + "|" + s.draft.address + "|" + s.draft.contact.name + "|" + s.draft.contact.phone + "|" +
           s.lookup.input;
}

// [SECTION] starting a report
TEST(AppStart, FilingAReportPreselectsTheKiosksWardAndOffersTheTenFields) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    const auto& s = k.app.state();
    EXPECT_EQ(s.screen, Screen::wizard);
    EXPECT_EQ(s.step, Step::category);
    EXPECT_EQ(s.draft.ward, "Phường Điện Biên");
    ASSERT_EQ(s.categories.size(), 10u);
    EXPECT_EQ(s.categories.front().code, "an-ninh-trat-tu");
    ASSERT_NE(k.app.category("moi-truong"), nullptr);
    EXPECT_EQ(k.app.category("moi-truong")->name_vi, "Môi trường");
    EXPECT_EQ(k.app.category("moi-truong")->name_en, "Environment");
    EXPECT_TRUE(s.message.empty());
}

TEST(AppStart, ChoosingAFieldMovesOnToTheDescriptionWithTheCaretInIt) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    EXPECT_EQ(k.app.state().step, Step::description);
    EXPECT_EQ(k.app.state().focus, Field::description);
    EXPECT_EQ(k.app.state().draft.service_code, "moi-truong");
}

// [SECTION] the wizard
TEST(AppWizard, AnEmptyDescriptionIsRefusedWithAPlainSentenceAndTheDraftIsKept) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::description);
    EXPECT_EQ(k.app.state().message, wk::describe(wk::DraftError::description_empty));
    EXPECT_EQ(k.app.state().draft.service_code, "moi-truong");

    // Only spaces is still empty, and the spaces stay where the citizen typed them.
    k.app.type_text("   ");
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::description);
    EXPECT_EQ(k.app.state().message, wk::describe(wk::DraftError::description_empty));
    EXPECT_EQ(k.app.state().draft.description, "   ");

    k.app.type_text("Cống bị tắc");
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::place);
    EXPECT_TRUE(k.app.state().message.empty());
}

TEST(AppWizard, GoingBackNeverLosesWhatWasTyped) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text(kLitter);
    k.app.next();
    k.app.choose_ward("Phường Ba Đình");
    k.app.type_text("Ngõ 12 Điện Biên Phủ");
    k.app.next();
    k.app.set_contact_given(true);
    k.app.type_text(kAn.name);
    k.app.focus(Field::phone);
    k.app.type_text(kAn.phone);
    k.app.next();
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;

    for (Step expected : {Step::contact, Step::place, Step::description, Step::category}) {
        k.app.back();
        EXPECT_EQ(k.app.state().step, expected);
        EXPECT_EQ(k.app.state().screen, Screen::wizard);
        EXPECT_EQ(k.app.state().draft.service_code, "moi-truong");
        EXPECT_EQ(k.app.state().draft.description, kLitter);
        EXPECT_EQ(k.app.state().draft.ward, "Phường Ba Đình");
        EXPECT_EQ(k.app.state().draft.address, "Ngõ 12 Điện Biên Phủ");
        EXPECT_EQ(k.app.state().draft.contact.name, kAn.name);
        EXPECT_EQ(k.app.state().draft.contact.phone, kAn.phone);
        EXPECT_TRUE(k.app.state().contact_given);
    }
    // Back at the fields, the chosen one is still chosen: a tap on it goes forward again.
    k.app.choose_category("moi-truong");
    k.app.next();
    k.app.next();
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::review);
    EXPECT_EQ(k.app.state().draft.description, kLitter);
}

TEST(AppWizard, ComingBackToAStepPutsTheCaretInItsField) {
    AppRig k;
    k.fill_to_review(kiosk_noon(), kLitter, kAn);
    ASSERT_EQ(k.app.state().step, Step::review);
    k.app.back();
    EXPECT_EQ(k.app.state().focus, Field::name);  // contact given: its first field
    k.app.back();
    EXPECT_EQ(k.app.state().focus, Field::address);
    k.app.type_text("Số 5");
    EXPECT_EQ(k.app.state().draft.address, "Số 5");
    k.app.edit(Step::description);
    EXPECT_EQ(k.app.state().focus, Field::description);
    k.app.edit(Step::place);
    EXPECT_EQ(k.app.state().focus, Field::address);
    k.app.edit(Step::contact);
    EXPECT_EQ(k.app.state().focus, Field::name);
    k.app.set_contact_given(false);
    k.app.edit(Step::contact);
    EXPECT_EQ(k.app.state().focus, Field::none);  // nothing to type into when anonymous
}

TEST(AppWizard, BackFromTheFirstStepLeavesForHomeAndErasesTheDraft) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text(kLitter);
    k.app.back();
    k.app.back();
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_TRUE(k.app.state().draft.description.empty());
}

TEST(AppWizard, AWrongPhoneNumberIsRefusedUntilFixedOrTheCitizenStaysAnonymous) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text(kLitter);
    k.app.next();
    k.app.next();
    k.app.set_contact_given(true);
    k.app.focus(Field::phone);
    k.app.type_text("12");
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::contact);
    EXPECT_EQ(k.app.state().message, wk::describe(wk::DraftError::phone_too_few_digits));

    k.app.set_contact_given(false);
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::review);
}

TEST(AppWizard, ChangingFromTheReviewGoesToThatStepAndKeepsTheRest) {
    AppRig k;
    k.fill_to_review(kiosk_noon(), kLitter);
    ASSERT_EQ(k.app.state().step, Step::review);
    k.app.edit(Step::description);
    EXPECT_EQ(k.app.state().step, Step::description);
    EXPECT_EQ(k.app.state().focus, Field::description);
    k.app.type_text(" Xin cảm ơn.");
    EXPECT_EQ(k.app.state().draft.description, kLitter + " Xin cảm ơn.");
}

// [SECTION] sending
TEST(AppSubmit, SendingStoresTheReportAndShowsAReceiptToFollowItBy) {
    AppRig k;
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    ASSERT_TRUE(k.app.submit(now + 1000));

    const wk::Receipt& r = k.app.state().receipt;
    EXPECT_EQ(k.app.state().screen, Screen::receipt);
    wk::receipt::Parsed p = wk::receipt::parse(r.code);
    EXPECT_EQ(p.error, wk::receipt::ParseError::none) << r.code;
    EXPECT_EQ(p.code, r.code);
    EXPECT_EQ(wk::receipt::kiosk_of(r.code), 7);
    EXPECT_EQ(r.url, "https://phananh.hanoi.example/lookup/" + r.code);
    EXPECT_EQ(wk::receipt::parse(r.url).code, r.code);  // the QR's URL scans back to the code
    EXPECT_GT(r.qr.size, 0);
    EXPECT_EQ(r.created_at, now + 1000);
    EXPECT_EQ(r.category_code, "moi-truong");

    auto stored = k.store.find(r.code);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->description, kLitter);
    EXPECT_EQ(stored->service_code, "moi-truong");
    EXPECT_EQ(stored->ward, "Phường Điện Biên");
    EXPECT_EQ(stored->created_at, now + 1000);
    EXPECT_FALSE(stored->has_contact);
    ASSERT_FALSE(stored->events.empty());
    EXPECT_EQ(stored->events.front().kind, "saved");
}

TEST(AppSubmit, AfterSendingTheDraftAndTheContactAreGoneFromTheKiosk) {
    AppRig k;
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter, kAn);
    ASSERT_EQ(k.app.state().step, Step::review) << k.app.state().message;
    ASSERT_TRUE(k.app.submit(now));

    const auto& s = k.app.state();
    EXPECT_TRUE(s.draft.description.empty());
    EXPECT_TRUE(s.draft.address.empty());
    EXPECT_TRUE(s.draft.contact.empty());
    EXPECT_FALSE(s.contact_given);
    EXPECT_EQ(s.focus, Field::none);
    EXPECT_EQ(everything_typed(s).find("Nguyễn"), std::string::npos);

    // The store keeps the contact sealed for the agency; nothing readable comes back.
    auto stored = k.store.find(s.receipt.code);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->has_contact);
    std::string shown = stored->description + stored->ward + stored->address + stored->status_notes + stored->agency +
                        stored->service_request_id;
    for (const auto& e : stored->events) shown += e.kind + e.status + e.notes;
    EXPECT_EQ(shown.find("Nguyễn Văn An"), std::string::npos);
    EXPECT_EQ(shown.find("345 678"), std::string::npos);
    EXPECT_EQ(shown.find("0912"), std::string::npos);
}

TEST(AppSubmit, ContactTypedAndThenWithdrawnIsNeverStored) {
    AppRig k;
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter, kAn);
    k.app.edit(Step::contact);
    k.app.set_contact_given(false);  // "Stay anonymous" after all
    k.app.next();
    ASSERT_EQ(k.app.state().step, Step::review);
    ASSERT_TRUE(k.app.submit(now));
    auto stored = k.store.find(k.app.state().receipt.code);
    ASSERT_TRUE(stored);
    EXPECT_FALSE(stored->has_contact);
}

TEST(AppSubmit, WhenTheStoreIsLockedTheReportStaysOnScreenAndNothingIsStored) {
    AppRig k(wk::test::kiosk_settings(), /*busy_timeout_ms=*/50);
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter, kAn);
    ASSERT_EQ(k.app.state().step, Step::review);

    {
        wk::db::Db other(k.db_path);  // say, the agent in the middle of a long write
        other.exec("BEGIN EXCLUSIVE");
        EXPECT_FALSE(k.app.submit(now));
        other.exec("ROLLBACK");
    }
    const auto& s = k.app.state();
    EXPECT_EQ(s.screen, Screen::wizard);
    EXPECT_EQ(s.step, Step::review);
    EXPECT_EQ(s.message, "The kiosk is busy. Please press Send again in a moment.");
    EXPECT_EQ(s.draft.description, kLitter);
    EXPECT_EQ(s.draft.contact.name, kAn.name);
    EXPECT_EQ(s.draft.contact.phone, kAn.phone);
    EXPECT_TRUE(s.contact_given);
    EXPECT_TRUE(s.receipt.code.empty());
    EXPECT_TRUE(k.store.recent(10).empty());
    EXPECT_EQ(k.store.counts().queued, 0);

    // Pressing Send again once the lock is gone works, with the same text.
    ASSERT_TRUE(k.app.submit(now + 5000));
    auto stored = k.store.find(k.app.state().receipt.code);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->description, kLitter);
    EXPECT_TRUE(stored->has_contact);
    EXPECT_EQ(k.store.recent(10).size(), 1u);
}

TEST(AppSubmit, WhenTheDiskIsFullTheReportStaysOnScreenAndNothingIsStored) {
    // SQLite's page limit makes the next write fail exactly as a full disk does
    // (SQLITE_FULL), on the kiosk's own connection.
    AppRig k;
    UnixMs now = kiosk_noon();
    // A long description needs new pages; a short one could fit in the free space.
    std::string long_text;
    while (wk::utf8_length(long_text) + 40 < wk::kMaxDescriptionChars) long_text += "Nước ngập sâu trước cổng chợ. ";
    k.fill_to_review(now, long_text, kAn);
    auto pages = k.store.db().prepare("PRAGMA page_count");
    pages.step();
    int64_t used = pages.int_at(0);
    pages.reset();
    k.store.db().exec("PRAGMA max_page_count = " + std::to_string(used));

    EXPECT_FALSE(k.app.submit(now));
    const auto& s = k.app.state();
    EXPECT_EQ(s.screen, Screen::wizard);
    EXPECT_EQ(s.step, Step::review);
    EXPECT_EQ(s.message, "The kiosk's storage is full. Please ask the ward officer for help. "
                         "Your report has not been lost from this screen.");
    EXPECT_EQ(s.draft.description, long_text);
    EXPECT_EQ(s.draft.contact.phone, kAn.phone);
    EXPECT_TRUE(k.store.recent(10).empty());

    // Space freed (the officer clears old files): the same draft goes through.
    k.store.db().exec("PRAGMA max_page_count = 1073741823");
    ASSERT_TRUE(k.app.submit(now + 1000));
    EXPECT_EQ(k.store.recent(10).size(), 1u);
}

TEST(AppSubmit, SendingAnIncompleteDraftIsRefusedWithTheFirstProblem) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.edit(Step::review);  // not reachable by taps, but the App must still refuse
    EXPECT_FALSE(k.app.submit(kiosk_noon()));
    EXPECT_EQ(k.app.state().message, wk::describe(wk::DraftError::no_category));
    EXPECT_TRUE(k.store.recent(10).empty());
}

// [SECTION] typing
TEST(AppTyping, TheDescriptionStopsAt4000CharactersAndSaysSo) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text(std::string(3990, 'a'));
    EXPECT_TRUE(k.app.state().message.empty());
    k.app.type_text("ngập nước sâu");
    const std::string& d = k.app.state().draft.description;
    EXPECT_EQ(wk::utf8_length(d), 4000u);
    EXPECT_TRUE(wk::valid_utf8(d));
    EXPECT_EQ(d.substr(3990), "ngập nước ");  // ten letters and spaces fit
    EXPECT_EQ(k.app.state().message, "The description is too long: at most 4,000 characters.");

    k.app.type_text("x");  // full: nothing more goes in
    EXPECT_EQ(wk::utf8_length(k.app.state().draft.description), 4000u);

    k.app.backspace();  // deleting clears the warning and makes room again
    EXPECT_TRUE(k.app.state().message.empty());
    EXPECT_EQ(wk::utf8_length(k.app.state().draft.description), 3999u);

    // A full description is still a valid one.
    k.app.type_text("c");
    k.app.next();
    EXPECT_EQ(k.app.state().step, Step::place) << k.app.state().message;
}

TEST(AppTyping, OtherFieldsStopAtTheirLimits) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.focus(Field::name);
    k.app.type_text(std::string(120, 'b'));
    EXPECT_EQ(k.app.state().draft.contact.name.size(), wk::kMaxNameChars);
    EXPECT_EQ(k.app.state().message, "This field is full.");
    k.app.focus(Field::address);
    k.app.type_text(std::string(250, 'c'));
    EXPECT_EQ(k.app.state().draft.address.size(), wk::kMaxAddressChars);
}

TEST(AppTyping, BackspaceRemovesAWholeVietnameseLetter) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text("Đường ngập nước");
    const std::string& d = k.app.state().draft.description;
    k.app.backspace();
    EXPECT_EQ(d, "Đường ngập nướ");
    k.app.backspace();  // ớ: three bytes
    EXPECT_EQ(d, "Đường ngập nư");
    k.app.backspace();  // ư: two bytes
    EXPECT_EQ(d, "Đường ngập n");
    EXPECT_TRUE(wk::valid_utf8(d));
    for (int i = 0; i < 11; ++i) k.app.backspace();
    EXPECT_EQ(d, "Đ");
    k.app.backspace();
    EXPECT_EQ(d, "");
    k.app.backspace();  // nothing left: nothing happens
    EXPECT_EQ(d, "");
}

TEST(AppTyping, TextThatIsNotUtf8IsNotTakenIn) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text("ab");
    k.app.type_text(std::string("\xC3", 1));
    EXPECT_EQ(k.app.state().draft.description, "ab");
}

TEST(AppTyping, EnterStartsANewLineInTheDescriptionOnly) {
    AppRig k;
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text("Dòng một");
    k.app.enter(kiosk_noon());
    k.app.type_text("Dòng hai");
    EXPECT_EQ(k.app.state().draft.description, "Dòng một\nDòng hai");
    k.app.next();
    k.app.enter(kiosk_noon());  // the address is one line
    EXPECT_TRUE(k.app.state().draft.address.empty());
}

// [SECTION] timers
TEST(AppTimers, AnUnattendedFormAsksFirstThenErasesItself) {
    AppRig k;
    const auto& set = k.app.settings();
    UnixMs t0 = kiosk_noon();
    k.app.start_report(t0);
    k.app.choose_category("moi-truong");
    k.app.type_text(kLitter);
    EXPECT_EQ(k.app.next_timer(t0), t0 + set.idle_ms);

    EXPECT_FALSE(k.app.tick(t0 + set.idle_ms - 1));
    EXPECT_FALSE(k.app.state().idle_prompt);
    EXPECT_TRUE(k.app.tick(t0 + set.idle_ms));
    EXPECT_TRUE(k.app.state().idle_prompt);
    EXPECT_EQ(k.app.state().draft.description, kLitter);

    // "Yes, continue": the prompt goes, the text stays, the clock starts over.
    UnixMs t1 = t0 + set.idle_ms + 5000;
    k.app.keep_going(t1);
    EXPECT_FALSE(k.app.state().idle_prompt);
    EXPECT_FALSE(k.app.tick(t0 + set.idle_ms + set.idle_grace_ms));
    EXPECT_EQ(k.app.state().screen, Screen::wizard);
    EXPECT_EQ(k.app.state().draft.description, kLitter);

    // Walking away for good: prompt, then after the grace period the draft is erased.
    EXPECT_TRUE(k.app.tick(t1 + set.idle_ms));
    EXPECT_TRUE(k.app.state().idle_prompt);
    EXPECT_TRUE(k.app.tick(t1 + set.idle_ms + set.idle_grace_ms - 1));  // the countdown moves
    EXPECT_EQ(k.app.state().screen, Screen::wizard);
    EXPECT_TRUE(k.app.tick(t1 + set.idle_ms + set.idle_grace_ms));
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_FALSE(k.app.state().idle_prompt);
    EXPECT_TRUE(k.app.state().draft.description.empty());
    EXPECT_TRUE(k.app.state().draft.service_code.empty());
    EXPECT_EQ(k.app.next_timer(t1 + set.idle_ms + set.idle_grace_ms), 0);
}

TEST(AppTimers, TheHomeScreenNeverTimesOut) {
    AppRig k;
    EXPECT_FALSE(k.app.tick(kiosk_noon() + 24 * 3600 * 1000));
    EXPECT_FALSE(k.app.state().idle_prompt);
    EXPECT_EQ(k.app.next_timer(kiosk_noon()), 0);
}

TEST(AppTimers, TheReceiptClearsItselfAfterItsTime) {
    AppRig k;
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));
    UnixMs clear = k.app.settings().receipt_clear_ms;
    EXPECT_EQ(k.app.next_timer(now), now + clear);
    EXPECT_FALSE(k.app.tick(now + clear - 1));
    EXPECT_EQ(k.app.state().screen, Screen::receipt);
    EXPECT_FALSE(k.app.state().receipt.code.empty());
    EXPECT_TRUE(k.app.tick(now + clear));
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_TRUE(k.app.state().receipt.code.empty());
}

// [SECTION] lookup and scans
struct Filed {
    std::string code;
};

Filed file_one(AppRig& k, UnixMs now) {
    k.fill_to_review(now, kLitter);
    EXPECT_TRUE(k.app.submit(now));
    Filed f{k.app.state().receipt.code};
    k.app.go_home();
    return f;
}

// The same code with its last (check) symbol replaced by another valid one.
std::string with_wrong_check(const std::string& code) {
    std::string bad = code;
    bad.back() = code.back() == '0' ? '1' : '0';
    return bad;
}

TEST(AppLookup, AGoodCodeShowsTheReportAndWhenItWasSaved) {
    AppRig k;
    UnixMs now = kiosk_noon();
    Filed f = file_one(k, now);
    k.app.open_lookup();
    EXPECT_EQ(k.app.state().focus, Field::lookup_code);
    k.app.type_text(f.code);
    k.app.enter(now + 60000);
    const wk::LookupView& v = k.app.state().lookup;
    EXPECT_EQ(k.app.state().screen, Screen::lookup);
    EXPECT_TRUE(v.message.empty()) << v.message;
    ASSERT_TRUE(v.report);
    EXPECT_EQ(v.report->code, f.code);
    EXPECT_EQ(v.report->description, kLitter);
    ASSERT_FALSE(v.report->events.empty());
    EXPECT_EQ(v.report->events.front().kind, "saved");
    EXPECT_EQ(v.input, wk::receipt::grouped(f.code));  // shown the way it is printed
}

TEST(AppLookup, ACodeTypedInLowerCaseWithHyphensIsFound) {
    AppRig k;
    Filed f = file_one(k, kiosk_noon());
    std::string typed = wk::receipt::grouped(f.code);
    for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    k.app.look_up(typed, kiosk_noon());
    ASSERT_TRUE(k.app.state().lookup.report) << k.app.state().lookup.message;
    EXPECT_EQ(k.app.state().lookup.report->code, f.code);
}

TEST(AppLookup, AMistypedSymbolIsCaughtByTheCheckSymbol) {
    AppRig k;
    Filed f = file_one(k, kiosk_noon());
    k.app.look_up(with_wrong_check(f.code), kiosk_noon());
    EXPECT_EQ(k.app.state().lookup.message,
              "This code is not right: one character may be mistyped. Please check it.");
    EXPECT_FALSE(k.app.state().lookup.report);
    EXPECT_EQ(k.app.state().lookup.input, with_wrong_check(f.code));  // kept for correcting
}

TEST(AppLookup, ACodeOfTheWrongLengthIsExplained) {
    AppRig k;
    Filed f = file_one(k, kiosk_noon());
    k.app.look_up(f.code.substr(0, 8), kiosk_noon());
    EXPECT_EQ(k.app.state().lookup.message, "A receipt code has 9 characters. Please check the code.");
    k.app.look_up(f.code + "A", kiosk_noon());
    EXPECT_EQ(k.app.state().lookup.message, "A receipt code has 9 characters. Please check the code.");
    k.app.look_up("", kiosk_noon());
    EXPECT_EQ(k.app.state().lookup.message, "Please type the code printed on your receipt.");
    k.app.look_up("ABC-DEF-GH!", kiosk_noon());
    EXPECT_EQ(k.app.state().lookup.message, "The code has a character that is not used in receipt codes.");
}

// A valid code this kiosk did not file is asked of the portal through the store; with
// no agent to answer, the citizen is guided after the wait instead of told "not found".
TEST(AppLookup, ACodeFromAnotherKioskIsAskedOfThePortalAndGuidesWhenNoAnswerComes) {
    AppRig k;
    file_one(k, kiosk_noon());
    std::string code = wk::receipt::make(2, 999);
    k.app.look_up(code, kiosk_noon());
    EXPECT_EQ(k.app.state().lookup.message, "");
    EXPECT_FALSE(k.app.state().lookup.report);
    EXPECT_EQ(k.app.state().lookup.remote.phase, wk::RemoteView::Phase::asking);
    EXPECT_EQ(k.app.state().lookup.remote.kiosk, 2);
    ASSERT_TRUE(k.store.remote_lookup(code).has_value()) << "the question is in the store for the agent";
    EXPECT_EQ(k.store.remote_questions(), std::vector<std::string>{code});
    EXPECT_GT(k.app.next_timer(kiosk_noon()), 0);
    EXPECT_FALSE(k.app.tick(kiosk_noon() + 1000)) << "still asking";
    EXPECT_TRUE(k.app.tick(kiosk_noon() + 8000));
    EXPECT_EQ(k.app.state().lookup.remote.phase, wk::RemoteView::Phase::cannot_say);
}

// The agent's answer arrives: the report is shown like the kiosk's own, with its
// timeline, but it is rated (and reprinted) at the kiosk that filed it.
TEST(AppLookup, ACodeFromAnotherKioskShowsThePortalsReportOnceTheAgentAnswers) {
    AppRig k;
    std::string code = wk::receipt::make(2, 999);
    k.app.look_up(code, kiosk_noon());
    k.store.answer_remote(code, wk::RemoteLookup::State::found,
                          R"({"service_request_id":"HN-2026-000042","service_code":"moi-truong","status":"closed",)"
                          R"("description":"Rác ở chợ","requested_datetime":"2026-11-27T03:00:00Z","updates":[)"
                          R"({"status":"FIXED","description":"Đã dọn","updated_datetime":"2026-11-28T03:00:00Z"}]})",
                          kiosk_noon() + 500);
    EXPECT_TRUE(k.app.tick(kiosk_noon() + 500));
    const auto& v = k.app.state().lookup;
    EXPECT_EQ(v.remote.phase, wk::RemoteView::Phase::found);
    ASSERT_TRUE(v.report);
    EXPECT_EQ(v.report->service_request_id, "HN-2026-000042");
    EXPECT_EQ(v.report->status_notes, "Đã dọn");
    EXPECT_TRUE(wk::has_answer(*v.report));
    EXPECT_FALSE(k.app.can_rate()) << "rated at the kiosk that filed it";
    EXPECT_EQ(k.app.next_timer(kiosk_noon() + 500) > kiosk_noon() + 1000, true) << "no more polling";
}

// The portal says the code is shared by two reports: neither is shown.
TEST(AppLookup, AContestedCodeShowsNoReport) {
    AppRig k;
    std::string code = wk::receipt::make(3, 12);
    k.app.look_up(code, kiosk_noon());
    k.store.answer_remote(code, wk::RemoteLookup::State::contested, "", kiosk_noon() + 300);
    k.app.tick(kiosk_noon() + 300);
    EXPECT_EQ(k.app.state().lookup.remote.phase, wk::RemoteView::Phase::contested);
    EXPECT_FALSE(k.app.state().lookup.report);
}

TEST(AppLookup, TheReceiptsUrlWorksAsWellAsTheCode) {
    AppRig k;
    Filed f = file_one(k, kiosk_noon());
    k.app.look_up("https://phananh.hanoi.example/lookup/" + f.code, kiosk_noon());
    ASSERT_TRUE(k.app.state().lookup.report) << k.app.state().lookup.message;
    EXPECT_EQ(k.app.state().lookup.report->code, f.code);
}

TEST(AppLookup, TheKioskSaysItIsOfflineWhenTheAgentHasNotPulledLately) {
    AppRig k;
    UnixMs now = kiosk_noon();
    Filed f = file_one(k, now);
    UnixMs after = k.app.settings().offline_after_ms;

    k.app.look_up(f.code, now);  // the agent never reached the portal
    EXPECT_TRUE(k.app.state().lookup.offline);
    EXPECT_TRUE(k.app.state().lookup.last_sync.empty());

    k.store.set_value("agent.last_ok.pull", wk::open311::iso8601(now - after - 60000));
    k.app.look_up(f.code, now);
    EXPECT_TRUE(k.app.state().lookup.offline);
    EXPECT_EQ(k.app.state().lookup.last_sync, wk::open311::iso8601(now - after - 60000));

    k.store.set_value("agent.last_ok.pull", wk::open311::iso8601(now - 30000));
    k.app.look_up(f.code, now);
    EXPECT_FALSE(k.app.state().lookup.offline);

    k.store.set_value("agent.last_ok.pull", "not a time");
    k.app.look_up(f.code, now);
    EXPECT_TRUE(k.app.state().lookup.offline);
}

TEST(AppLookup, AScanOpensTheLookupFromHome) {
    AppRig k;
    Filed f = file_one(k, kiosk_noon());
    k.app.on_scan("https://phananh.hanoi.example/lookup/" + f.code, kiosk_noon());
    EXPECT_EQ(k.app.state().screen, Screen::lookup);
    ASSERT_TRUE(k.app.state().lookup.report);
    EXPECT_EQ(k.app.state().lookup.report->code, f.code);
}

TEST(AppLookup, AScanMidFormKeepsTheFormAndExplains) {
    AppRig k;
    Filed f = file_one(k, kiosk_noon());
    k.app.start_report(kiosk_noon());
    k.app.choose_category("moi-truong");
    k.app.type_text(kLitter);
    k.app.on_scan(f.code, kiosk_noon());
    EXPECT_EQ(k.app.state().screen, Screen::wizard);
    EXPECT_EQ(k.app.state().draft.description, kLitter);
    EXPECT_EQ(k.app.state().message, "To look up a receipt, finish or cancel this report first.");
}

TEST(AppLookup, AScanThatIsNotAReceiptIsRefusedWithAMessage) {
    AppRig k;
    k.app.on_scan("8935049500504", kiosk_noon());  // a product barcode
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_EQ(k.app.state().message, "The scanned code is not a wardkiosk receipt.");
}

TEST(AppLookup, ALookupLeftWithACodeInItIsErasedAfterTheIdleTime) {
    AppRig k;
    UnixMs now = kiosk_noon();
    Filed f = file_one(k, now);
    k.app.touched(now);
    k.app.on_scan(f.code, now);
    const auto& set = k.app.settings();
    EXPECT_TRUE(k.app.tick(now + set.idle_ms));
    EXPECT_TRUE(k.app.state().idle_prompt);
    EXPECT_TRUE(k.app.tick(now + set.idle_ms + set.idle_grace_ms));
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_TRUE(k.app.state().lookup.input.empty());
    EXPECT_FALSE(k.app.state().lookup.report);
}

}  // namespace
