// Ward officers at the kiosk (issue 6), replayed on the real kiosk with no window:
// entering staff mode by a long press on the ward's name or a staff badge, wrong PINs
// and a lock that survives a restart, leaving by itself, filing for a citizen (consent
// asked, contact sealed and never shown again), withdrawal with a required reason,
// reprint, retry, "sync now", the audit log; and the citizen's rating of an answer.
// [SECTION] rig, entering, PINs and the lock, leaving, assisted filing, withdrawal,
// reprint and operations, rating
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include <string>

#include "kiosk_harness.hpp"
#include "platform/process.hpp"
#include "print_test_kit.hpp"
#include "sync/staff.hpp"

namespace {

using wk::Screen;
using wk::UnixMs;
using wk::test::kiosk_noon;
using wk::test::KioskRig;

// [SECTION] rig
using wk::test::tr;
std::string fmt(const char* msgid, std::initializer_list<std::string> args) { return wk::i18n::format(tr(msgid).c_str(), args); }

const std::string kPin = "2468", kOtherPin = "13579";
const std::string kLitter = "Rác thải đổ trộm ở đầu ngõ 12 đã ba ngày";
const std::string kName = "Nguyễn Văn An";
const std::string kPhone = "0912345678";

// Two officers; argon2id is slow on purpose, so the hashes are made once.
const std::vector<wk::StaffAccount>& officers() {
    static const std::vector<wk::StaffAccount> a = {{"cb-01", "Trần Văn Cán", wk::hash_pin(kPin)},
                                                    {"cb-02", "Lê Thị Bộ", wk::hash_pin(kOtherPin)}};
    return a;
}

wk::KioskSettings staff_settings(const char* lang) {
    wk::KioskSettings s = wk::test::kiosk_settings();
    s.lang = lang;
    s.staff = officers();
    s.disk_free = [] { return int64_t{3} * 1024 * 1024 * 1024; };
    return s;
}

std::string pin_taps(const std::string& pin) {
    std::string s;
    for (char c : pin) s += "tap pin." + std::string(1, c) + "\n";
    return s + "tap pin.ok\n";
}

bool audited(wk::Store& store, const std::string& action, const std::string& code = "") {
    for (const wk::AuditRow& r : store.audit_log(50))
        if (r.action == action && (code.empty() || r.report_code == code)) return true;
    return false;
}

class StaffFlow : public ::testing::TestWithParam<const char*> {
  protected:
    void SetUp() override {
        ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
        wk::i18n::set_language(GetParam());
    }
    void TearDown() override { wk::i18n::set_language("vi"); }
    void story(const std::string& script, UnixMs start = kiosk_noon()) {
        std::string error;
        ASSERT_EQ(k.run(script, start, error), 0) << error;
    }
    std::string enter() { return "hold home.ward 3\n" + pin_taps(kPin); }
    // English starts the keyboard in plain letters; the officer switches it to Telex.
    std::string telex() { return std::string(GetParam()) == "en" ? "tap osk.mode\n" : ""; }
    std::string file_one(UnixMs now, const wk::Contact& c = {}) {
        k.fill_to_review(now, kLitter, c);
        EXPECT_TRUE(k.app.submit(now));
        std::string code = k.app.state().receipt.code;
        k.app.go_home();
        return code;
    }
    KioskRig k{1920, 1080, staff_settings(GetParam())};
};

// [SECTION] entering
TEST_P(StaffFlow, AThreeSecondPressOnTheWardNameOpensThePinPadAndTheRightPinStaffMode) {
    story("hold home.ward 1\n"
          "absent " + tr("Ward officers only. Enter your PIN.") + "\n"
          "hold home.ward 3\n"
          "expect " + tr("Ward officers only. Enter your PIN.") + "\n"
          "tap pin.2\ntap pin.4\n"
          "expect • •\n"
          "absent 24\n"
          "tap pin.back\ntap pin.4\ntap pin.6\ntap pin.8\n"
          "tap pin.ok\n"
          "expect " + fmt("Staff mode: {}", {"Trần Văn Cán"}) + "\n"
          "expect " + tr("The portal has not answered recently.") + "\n"
          "expect " + fmt("Free disk space: {} MB", {"3072"}) + "\n"
          "expect " + fmt("Printer: {}", {tr("none at this kiosk")}) + "\n");
    EXPECT_TRUE(k.app.staff_active());
    EXPECT_EQ(k.app.state().staff.id, "cb-01");
    EXPECT_TRUE(audited(k.store, "staff_in"));
    EXPECT_EQ(k.store.value("kiosk.printer").value_or(""), "none");
}

TEST_P(StaffFlow, AStaffBadgeOpensThePinPadAndAnUnknownOneIsRefused) {
    story("scan WKSTAFF:cb-99\n"
          "expect " + tr("This staff badge is not known at this kiosk.") + "\n"
          "scan WKSTAFF:cb-02\n"
          "expect " + tr("Ward officers only. Enter your PIN.") + "\n" +
          pin_taps(kOtherPin) +
          "expect " + fmt("Staff mode: {}", {"Lê Thị Bộ"}) + "\n");
    auto log = k.store.audit_log(5);
    ASSERT_FALSE(log.empty());
    EXPECT_EQ(log.front().action, "staff_in");
    EXPECT_EQ(log.front().staff_id, "cb-02");
    EXPECT_EQ(log.front().detail, "badge");
}

TEST_P(StaffFlow, WithoutAccountsTheLongPressDoesNothing) {
    auto s = staff_settings(GetParam());
    s.staff.clear();
    KioskRig none(1920, 1080, s);
    std::string error;
    ASSERT_EQ(none.run("hold home.ward 5\nexpect " + tr("File a report") + "\n", kiosk_noon(), error), 0) << error;
    EXPECT_EQ(none.app.state().screen, Screen::home);
}

// [SECTION] PINs and the lock
TEST_P(StaffFlow, FiveWrongPinsLockStaffModeForFiveMinutesEvenAfterARestart) {
    std::string wrong = pin_taps("1111");
    story("hold home.ward 3\n" + wrong +
          "expect " + fmt("Wrong PIN. {} tries left.", {"4"}) + "\n" + wrong + wrong + wrong +
          "expect " + fmt("Wrong PIN. {} tries left.", {"1"}) + "\n" + wrong +
          "expect " + fmt("Too many wrong PINs. Staff mode is locked for {} more minutes.", {"5"}) + "\n");
    EXPECT_FALSE(k.app.staff_active());
    EXPECT_TRUE(audited(k.store, "pin_locked"));
    UnixMs now = k.app.state().last_touch;

    // A new App on the same store, as after a restart: still locked, even for the right PIN.
    wk::App again(k.store, k.box, staff_settings(GetParam()), now + 60000);
    again.open_pin_pad(now + 60000);
    EXPECT_GT(again.state().staff.locked_until, now + 60000);
    for (char c : kPin) again.pin_key(c);
    again.pin_enter(now + 61000);
    EXPECT_FALSE(again.staff_active());
    // Five minutes on, the right PIN opens it.
    again.open_pin_pad(now + 5 * 60000 + 1000);
    EXPECT_EQ(again.state().staff.locked_until, 0);
    for (char c : kPin) again.pin_key(c);
    again.pin_enter(now + 5 * 60000 + 2000);
    EXPECT_TRUE(again.staff_active());
}

// [SECTION] leaving
TEST_P(StaffFlow, StaffModeLeavesByItselfAfterTwoMinutesWithoutATouch) {
    story(enter() +
          "wait 119\n"
          "expect " + fmt("Staff mode: {}", {"Trần Văn Cán"}) + "\n"
          "wait 2\n"
          "expect " + tr("File a report") + "\n"
          "absent " + fmt("Staff mode: {}", {"Trần Văn Cán"}) + "\n");
    EXPECT_FALSE(k.app.staff_active());
    auto log = k.store.audit_log(1);
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "staff_out");
    EXPECT_EQ(log[0].detail, "timeout");
}

TEST_P(StaffFlow, TheLeaveButtonEndsStaffModeAndRestartEndsTheProcess) {
    story(enter() + "tap staff.leave\nexpect " + tr("File a report") + "\n");
    EXPECT_FALSE(k.app.staff_active());
    EXPECT_FALSE(k.app.state().quit);
    story(enter() + "tap staff.power\nexpect " + tr("Restart or shut down?") + "\n"
                    "tap staff.power.cancel\nabsent " + tr("Restart or shut down?") + "\n");
    EXPECT_FALSE(k.app.state().quit) << "cancel restarts nothing";
    EXPECT_TRUE(k.app.staff_active());
    story("tap staff.power\ntap staff.restart\n");
    EXPECT_TRUE(k.app.state().quit);
    EXPECT_EQ(k.store.audit_log(1).at(0).detail, "restart");
}

// The machine's power, through the real process runner: a command that leaves a mark
// stands in for `systemctl poweroff`.
TEST_P(StaffFlow, ShutDownRunsTheConfiguredCommandAuditsItAndLeavesStaffMode) {
    wk::test::TempDir marks;
    std::string mark = marks.file("powered-off");
    auto db = std::make_shared<std::string>();
    wk::KioskSettings s = staff_settings(GetParam());
    // The stand-in reads the store as the machine would be going down: who asked must be there already.
    s.power_off = [mark, db] {
        return wk::process::run({"sh", "-c", "sqlite3 '" + *db + "' \"SELECT count(*) FROM staff_audit WHERE "
                                 "action = 'shutdown'\" > '" + mark + "'"}, 5);
    };
    KioskRig rig{1920, 1080, s};
    *db = rig.db_path;
    std::string error;
    ASSERT_EQ(rig.run(enter() + "tap staff.power\nexpect " + tr("Shut down the kiosk") + "\ntap staff.shutdown\n"
                      "expect " + tr("The kiosk is shutting down.") + "\n", kiosk_noon(), error), 0) << error;
    EXPECT_EQ(wk::test::read_text(mark), "1\n") << "the audit row was written before the machine was asked";
    EXPECT_FALSE(rig.app.staff_active());
    EXPECT_TRUE(audited(rig.store, "shutdown"));
    EXPECT_EQ(rig.store.audit_log(1).at(0).detail, "shutdown");
}

TEST_P(StaffFlow, AShutDownThatFailsSaysSoAndStaysInStaffMode) {
    wk::KioskSettings s = staff_settings(GetParam());
    s.power_off = [] { return wk::process::run({"false"}, 5); };
    KioskRig rig{1920, 1080, s};
    std::string error;
    ASSERT_EQ(rig.run(enter() + "tap staff.power\ntap staff.shutdown\n"
                      "expect " + tr("The kiosk could not shut down. Use the power button, and tell the IT team.") + "\n",
                      kiosk_noon(), error), 0) << error;
    EXPECT_TRUE(rig.app.staff_active());
    EXPECT_TRUE(audited(rig.store, "shutdown")) << "who asked, written before asking";
    EXPECT_TRUE(audited(rig.store, "shutdown_failed"));
}

TEST_P(StaffFlow, WithoutAPowerOffCommandShutDownIsNotOffered) {
    story(enter() + "tap staff.power\nexpect " + tr("Restart the kiosk") + "\nabsent " + tr("Shut down the kiosk") + "\n");
    std::string error;
    EXPECT_NE(k.run("tap staff.shutdown\n", kiosk_noon(), error), 0);
    EXPECT_NE(error.find("no touch target"), std::string::npos) << error;
}

// [SECTION] assisted filing
TEST_P(StaffFlow, FilingForACitizenAsksConsentSealsTheContactAndNeverShowsItAgain) {
    std::string dump = k.dir.file("after.txt");
    std::string code = wk::test::seed_first_code(k.store, 7);
    story(enter() +
          "tap staff.assisted\n"
          "tap cat.moi-truong\n" + telex() +
          "type Ddenf ddwowngf hongr\n"  // the physical keyboard goes through Telex in staff mode
          "expect Đèn đường hỏng\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "expect " + tr("A question for you, the citizen:") + "\n"
          "absent " + tr("Name") + "\n"
          "tap wizard.next\n"
          "expect " + tr("Please let the citizen answer the question on the screen.") + "\n"
          "tap consent.yes\n"
          "keys Nguyeenx Vawn An\n"
          "tap field.phone\n"
          "type " + kPhone + "\n"
          "tap wizard.next\n"
          "tap wizard.submit\n"
          "expect " + tr("Your report has been saved") + "\n"
          "absent " + kName + "\n"
          "absent " + kPhone + "\n"
          "tap receipt.done\n"
          "expect " + fmt("Staff mode: {}", {"Trần Văn Cán"}) + "\n"
          "dump " + dump + "\n");
    auto item = k.store.next_due(kiosk_noon() + 600000);
    ASSERT_TRUE(item);
    EXPECT_EQ(item->code, code);
    EXPECT_EQ(item->draft.channel, wk::Channel::staff_assisted);
    EXPECT_EQ(item->draft.staff_id, "cb-01");
    EXPECT_FALSE(item->sealed_contact.empty());
    EXPECT_EQ(k.box.open(item->sealed_contact).value_or(wk::Contact{}).name, kName);  // sealed, and only the key opens it
    EXPECT_TRUE(audited(k.store, "assisted_submit", code));
    // Nowhere afterwards: not on the staff screen, the log, the lookup.
    std::string shown = wk::test::read_text(dump);
    k.app.open_staff_log();
    for (const auto& t : k.draw(kiosk_noon() + 700000)) shown += t + "\n";
    k.app.go_home();
    k.app.look_up(code, kiosk_noon() + 700000);
    for (const auto& t : k.draw(kiosk_noon() + 700000)) shown += t + "\n";
    EXPECT_NE(shown.find(wk::receipt::grouped(code)), std::string::npos);
    EXPECT_EQ(shown.find(kName), std::string::npos) << shown;
    EXPECT_EQ(shown.find(kPhone), std::string::npos) << shown;
}

TEST_P(StaffFlow, WithoutConsentTheAssistedReportIsAnonymous) {
    story(enter() +
          "tap staff.assisted\n"
          "tap cat.y-te\n"
          "type Tram y te dong cua\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "tap consent.no\n"
          "expect " + tr("Anonymous") + "\n"
          "tap wizard.submit\n"
          "expect " + tr("Your report has been saved") + "\n");
    auto r = k.store.find(k.store.recent(1).at(0).code);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->has_contact);
    EXPECT_EQ(r->channel, wk::Channel::staff_assisted);
}

// [SECTION] withdrawal
TEST_P(StaffFlow, AWithdrawalNeedsAReasonAndTheLookupThenShowsIt) {
    std::string code = file_one(kiosk_noon());
    story(enter() +
          "tap staff.withdraw\n"
          "type " + code + "\n"
          "tap staff.withdraw.confirm\n"
          "expect " + tr("A reason is required to withdraw a report.") + "\n"
          "tap field.reason\n" + telex() +
          "keys   \n"
          "tap staff.withdraw.confirm\n"
          "expect " + tr("A reason is required to withdraw a report.") + "\n"
          "keys Nguwowif dana ddax tuwj xuwr lys\n"
          "expect Người dân đã tự xử lý\n"
          "tap staff.withdraw.confirm\n"
          "expect " + tr("The report was withdrawn.") + "\n"
          "tap nav.home\n"
          "tap staff.leave\n"
          "tap home.lookup\n"
          "type " + code + "\n"
          "tap lookup.go\n"
          "expect " + tr("Withdrawn") + "\n"
          "expect " + fmt("Withdrawn at the citizen's request: {}", {"Người dân đã tự xử lý"}) + "\n",
          kiosk_noon() + 60000);
    EXPECT_TRUE(audited(k.store, "withdraw", code));
    EXPECT_FALSE(k.store.next_due(kiosk_noon() + 86400000)) << "a withdrawn report is never sent";
}

TEST_P(StaffFlow, AWithdrawalOfAnUnknownCodeIsRefused) {
    story(enter() +
          "tap staff.withdraw\n"
          "type " + wk::receipt::make(7, 99) + "\n"
          "tap field.reason\n"
          "type ly do\n"
          "tap staff.withdraw.confirm\n"
          "expect " + tr("No report with this code was filed at this kiosk.") + "\n");
}

// [SECTION] reprint and operations
TEST_P(StaffFlow, WithoutAPrinterAReprintSaysSo) {
    std::string code = file_one(kiosk_noon());
    story(enter() + "tap staff.reprint\ntype " + code + "\ntap staff.reprint.print\n"
          "expect " + tr("This kiosk has no printer.") + "\n",
          kiosk_noon() + 60000);
}

TEST_P(StaffFlow, RetrySyncNowAndTheAuditLog) {
    std::string code = file_one(kiosk_noon());
    auto item = k.store.next_due(kiosk_noon());
    ASSERT_TRUE(item);
    k.store.needs_attention(item->id, "400: service_code không hợp lệ", kiosk_noon() + 1000);
    k.store.set_value("agent.last_error.upload", "HTTP 400");
    story(enter() +
          "expect " + fmt("Reports needing attention: {}", {"1"}) + "\n"
          "expect 400: service_code không hợp lệ\n"
          "expect " + fmt("Last error ({}): {}", {tr("sending reports"), "HTTP 400"}) + "\n"
          "tap staff.retry." + code + "\n"
          "expect " + tr("The report will be sent again.") + "\n"
          "expect " + tr("No report needs attention.") + "\n"
          "tap staff.sync\n"
          "expect " + tr("The sync agent was asked to try now.") + "\n"
          "tap staff.log\n"
          "expect " + tr("asked the agent to sync now") + "\n"
          "expect " + tr("sent a report again") + "\n"
          "expect " + tr("entered staff mode") + "\n",
          kiosk_noon() + 60000);
    EXPECT_TRUE(k.store.value("sync.now"));
    EXPECT_TRUE(k.store.next_due(kiosk_noon() + 120000));
    EXPECT_TRUE(audited(k.store, "retry", code));
    EXPECT_TRUE(audited(k.store, "sync_now"));
}

// [SECTION] rating
// A report the portal acknowledged and answered.
std::string answered(KioskRig& k, UnixMs now) {
    k.fill_to_review(now, kLitter);
    EXPECT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    k.app.go_home();
    auto item = k.store.next_due(now);
    k.store.record_attempt(item->id, now + 1000);
    k.store.acknowledge(item->id, "HN-2026-000777", now + 2000);
    k.store.apply_status({"HN-2026-000777", "fixed", "Đã thu gom rác, cảm ơn người dân.", "Công ty Môi trường", "", ""},
                         now + 3000);
    return code;
}

TEST_P(StaffFlow, ACitizenRatesTheAnswerOnceWithAComment) {
    std::string code = answered(k, kiosk_noon());
    std::string look = "tap home.lookup\ntype " + code + "\ntap lookup.go\n";
    bool vi = std::string(GetParam()) == "vi";  // English starts the keyboard in plain letters
    std::string comment = vi ? "Rất chậm" : "Very slow", comment_keys = vi ? "Raats chaamj" : comment;
    story(look +
          "expect " + tr("Rate this answer:") + "\n"
          "tap rate.no\n"
          "keys " + comment_keys + "\n"
          "expect " + comment + "\n"
          "tap rate.send\n"
          "expect " + tr("Thank you. Your rating will be passed on to the agency.") + "\n"
          "expect " + tr("The citizen rated the answer") + "\n"
          "tap nav.home\n" + look +
          "expect " + tr("The citizen rated the answer") + "\n"
          "absent " + tr("Rate this answer:") + "\n",
          kiosk_noon() + 60000);
    auto u = k.store.next_update_due(kiosk_noon() + 120000);
    ASSERT_TRUE(u);
    EXPECT_EQ(u->kind, "rating");
    EXPECT_EQ(u->rating, "not_satisfied");
    EXPECT_EQ(u->description, comment);
    EXPECT_EQ(u->service_request_id, "HN-2026-000777");
    EXPECT_FALSE(k.app.can_rate());
}

TEST_P(StaffFlow, AReportWithoutAnAnswerIsNotOfferedForRating) {
    std::string code = file_one(kiosk_noon());
    story("tap home.lookup\ntype " + code + "\ntap lookup.go\n"
          "expect " + tr("Saved at this kiosk") + "\n"
          "absent " + tr("Rate this answer:") + "\n",
          kiosk_noon() + 60000);
}

INSTANTIATE_TEST_SUITE_P(Languages, StaffFlow, ::testing::Values("vi", "en"),
                         [](const ::testing::TestParamInfo<const char*>& i) { return std::string(i.param); });

// A reprint by code, on a real printer file, through the print worker.
TEST(StaffReprint, AnyReceiptIsPrintedAgainByItsCodeAndAudited) {
    ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
    wk::test::TempDir dir;
    wk::PrintSpooler spooler;
    wk::test::AppRig k;
    auto s = staff_settings("vi");
    s.printer = "file:" + dir.file("receipts.escpos");
    wk::App app(k.store, k.box, s, kiosk_noon(), &spooler);
    k.fill_to_review(kiosk_noon(), kLitter);
    ASSERT_TRUE(k.app.submit(kiosk_noon()));
    std::string code = k.app.state().receipt.code;
    app.open_pin_pad(kiosk_noon());
    for (char c : kPin) app.pin_key(c);
    app.pin_enter(kiosk_noon());
    ASSERT_TRUE(app.staff_active());
    app.open_staff_task(wk::StaffTask::reprint);
    app.type_text(code);
    app.enter(kiosk_noon() + 1000);
    ASSERT_TRUE(app.wait_for_printer(10000, kiosk_noon()));
    EXPECT_EQ(app.print_view().status, wk::PrintView::Status::printed) << app.print_view().message;
    EXPECT_FALSE(wk::test::read_text(dir.file("receipts.escpos")).empty());
    EXPECT_TRUE(audited(k.store, "reprint", code));
    EXPECT_EQ(k.store.value("kiosk.printer").value_or(""), "ok");
}

}  // namespace
