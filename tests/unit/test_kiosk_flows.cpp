// Citizens' stories replayed on the real kiosk with no window (kiosk/kiosk.hpp,
// run_script, the screens): filing a report with and without contact, going back,
// scanning a receipt, a garbage scan, the idle prompt, the language switch. Each story
// runs in Vietnamese and in English; expectations use the current language's text.
// [SECTION] helpers, filing, scanning, idle, languages, the script driver
#include <gtest/gtest.h>

#include <string>

#include "kiosk/kiosk_clock.hpp"
#include "kiosk_harness.hpp"
#include "temp_dir.hpp"

namespace {

using wk::Screen;
using wk::Step;
using wk::UnixMs;
using wk::test::kiosk_noon;
using wk::test::KioskRig;

// [SECTION] helpers
using wk::test::tr;

const std::string kLitter = "Rác thải đổ trộm ở đầu ngõ 12 đã ba ngày";
const std::string kName = "Nguyễn Văn An";
const std::string kPhone = "0912345678";

class KioskFlow : public ::testing::TestWithParam<const char*> {
  protected:
    void SetUp() override {
        std::string e = wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD);
        ASSERT_EQ(e, "");
        wk::i18n::set_language(GetParam());
    }
    void TearDown() override { wk::i18n::set_language("vi"); }

    // Runs the story and fails the test with the driver's own words if a step fails.
    void story(const std::string& script, UnixMs start = kiosk_noon()) {
        std::string error;
        int rc = k.run(script, start, error);
        ASSERT_EQ(rc, 0) << error;
    }

    // A session that a timer ends goes back to the kiosk's own language: here, the
    // language under test.
    KioskRig k{1920, 1080, [] {
                   auto s = wk::test::kiosk_settings();
                   s.lang = GetParam();
                   return s;
               }()};
};

// The taps from home to the review step, contact left, as a citizen would do them.
std::string to_review_with_contact() {
    return "tap home.report\n"
           "tap cat.moi-truong\n"
           "type " + kLitter + "\n"
           "tap wizard.next\n"
           "tap wizard.next\n"
           "tap contact.give\n"
           "type " + kName + "\n"
           "tap field.phone\n"
           "type " + kPhone + "\n"
           "tap wizard.next\n";
}

// [SECTION] filing
TEST_P(KioskFlow, ACitizenFilesAReportAndGetsAReceiptThatShowsNoContact) {
    std::string code = wk::test::seed_first_code(k.store, 7);  // this kiosk's first report
    story(to_review_with_contact() +
          "expect " + tr("Check and send") + "\n"
          "expect " + kLitter + "\n"
          // The citizen sees their own name and phone once, to catch a typo (issue 15).
          "expect " + wk::i18n::format(tr("{} (seen only by the agency)").c_str(), {kName + ", " + kPhone}) + "\n"
          "tap wizard.submit\n"
          "expect " + tr("Your report has been saved") + "\n"
          "expect " + wk::receipt::grouped(code) + "\n"
          "absent " + kName + "\n"
          "absent " + kPhone + "\n"
          "absent " + kLitter + "\n"
          "tap receipt.done\n"
          "expect " + tr("File a report") + "\n"
          "absent " + kName + "\n"
          "absent " + kPhone + "\n");

    auto stored = k.store.find(code);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->description, kLitter);
    EXPECT_EQ(stored->ward, "Phường Điện Biên");
    EXPECT_TRUE(stored->has_contact);
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_TRUE(k.app.state().draft.contact.empty());
}

TEST_P(KioskFlow, TheReceiptShowsTheCodeAndItsQrAndClearsItself) {
    std::string code = wk::test::seed_first_code(k.store, 7);
    story(to_review_with_contact() +
          "tap wizard.submit\n"
          "expect " + wk::receipt::grouped(code) + "\n"
          "expect " + tr("Scan to follow on your phone") + "\n"
          "wait 119\n"
          "expect " + wk::receipt::grouped(code) + "\n"
          "wait 2\n"
          "absent " + wk::receipt::grouped(code) + "\n"
          "expect " + tr("File a report") + "\n");
    EXPECT_EQ(k.app.state().screen, Screen::home);
}

TEST_P(KioskFlow, GoingBackFromTheReviewToTheDescriptionKeepsTheText) {
    story(to_review_with_contact() +
          "tap wizard.back\n"
          "tap wizard.back\n"
          "tap wizard.back\n"
          "expect " + tr("Describe the problem") + "\n"
          "expect " + kLitter + "\n"
          "type  Xin cảm ơn.\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "expect " + kName + "\n"
          "expect " + kPhone + "\n"
          "tap wizard.next\n"
          "expect " + kLitter + " Xin cảm ơn.\n");
    EXPECT_EQ(k.app.state().step, Step::review);
}

TEST_P(KioskFlow, ChangeOnTheReviewGoesStraightToThatStep) {
    story(to_review_with_contact() +
          "tap review.edit.description\n"
          "expect " + tr("Describe the problem") + "\n"
          "expect " + kLitter + "\n");
    EXPECT_EQ(k.app.state().step, Step::description);
}

TEST_P(KioskFlow, ChangingThePlaceFromTheReviewTypesStraightIntoTheAddress) {
    story(to_review_with_contact() +
          "tap review.edit.place\n"
          "keys so 5\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "expect so 5, Phường Điện Biên\n");
    EXPECT_EQ(k.app.state().draft.address, "so 5");
}

TEST_P(KioskFlow, AnEmptyDescriptionIsExplainedOnTheScreen) {
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "tap wizard.next\n"
          "expect " + tr(wk::describe(wk::DraftError::description_empty)) + "\n"
          "expect " + tr("Describe the problem") + "\n");
}

TEST_P(KioskFlow, TheOnScreenKeyboardTypesAndDeletes) {
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "keys ong nuoc vo\n"
          "keys k\\b\n"  // k is no Telex key and makes no syllable: typed, then deleted
          "expect ong nuoc vo\n"
          "absent ong nuoc vok\n");
    EXPECT_EQ(k.app.state().draft.description, "ong nuoc vo");
}

TEST_P(KioskFlow, AnAnonymousReportIsStoredWithoutContact) {
    story("tap home.report\n"
          "tap cat.y-te\n"
          "type Trạm y tế đóng cửa giờ hành chính\n"
          "tap wizard.next\n"
          "tap place.ward.1\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "expect " + tr("Anonymous") + "\n"
          "expect Phường Ba Đình\n"
          "tap wizard.submit\n"
          "expect " + tr("Your report has been saved") + "\n");
    auto stored = k.store.find(k.store.recent(1).at(0).code);
    ASSERT_TRUE(stored);
    EXPECT_FALSE(stored->has_contact);
    EXPECT_EQ(stored->ward, "Phường Ba Đình");
    EXPECT_EQ(stored->service_code, "y-te");
}

// [SECTION] scanning
TEST_P(KioskFlow, ScanningAReceiptOnHomeOpensItsReport) {
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    k.app.go_home();

    story("expect " + tr("File a report") + "\n"
          "scan https://phananh.hanoi.example/lookup/" + code + "\n"
          "expect " + tr("Look up a report") + "\n"
          "expect " + wk::receipt::grouped(code) + "\n"
          "expect " + tr("Waiting to be sent") + "\n"
          "expect " + tr("Saved at this kiosk") + "\n"
          "expect " + tr("This kiosk has not reached the portal yet.") + "\n"
          "expect " + tr("The kiosk is offline: this is the last known state.") + "\n",
          now + 60000);
    EXPECT_EQ(k.app.state().screen, Screen::lookup);
}

TEST_P(KioskFlow, ScanningTheBareCodeWorksToo) {
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    k.app.go_home();
    k.store.set_value("agent.last_ok.pull", wk::open311::iso8601(now + 50000));
    story("scan " + wk::receipt::grouped(code) + "\n"
          "expect " + tr("Waiting to be sent") + "\n"
          "absent " + tr("The kiosk is offline: this is the last known state.") + "\n",
          now + 60000);
}

TEST_P(KioskFlow, AGarbageScanIsRefusedWithAMessage) {
    story("scan 8935049500504\n"
          "expect " + tr("The scanned code is not a wardkiosk receipt.") + "\n"
          "expect " + tr("File a report") + "\n");
    EXPECT_EQ(k.app.state().screen, Screen::home);
}

TEST_P(KioskFlow, APersonTypingACodeOnAKeyboardIsNeverTakenForAScan) {
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    k.app.go_home();
    // On home, typing (150 ms a key) and Enter does nothing: nobody is taken elsewhere.
    story("type " + code + "\n"
          "enter\n"
          "expect " + tr("File a report") + "\n"
          "absent " + tr("The scanned code is not a wardkiosk receipt.") + "\n",
          now + 60000);
    EXPECT_EQ(k.app.state().screen, Screen::home);
    // On the lookup screen, the same typing goes into the field and Enter looks it up.
    story("tap home.lookup\n"
          "type " + code + "\n"
          "enter\n"
          "expect " + tr("Saved at this kiosk") + "\n",
          now + 120000);
    EXPECT_EQ(k.app.state().screen, Screen::lookup);
}

TEST_P(KioskFlow, ScanningDuringAReportKeepsTheDraftAndSaysWhy) {
    UnixMs now = kiosk_noon();
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "type Cống bị tắc\n"
          "scan 007-ZCS-TMX\n"
          "expect Cống bị tắc\n"
          "expect " + tr("To look up a receipt, finish or cancel this report first.") + "\n",
          now);
    EXPECT_EQ(k.app.state().screen, Screen::wizard);
    EXPECT_EQ(k.app.state().draft.description, "Cống bị tắc");
}

TEST_P(KioskFlow, TypingACodeWithAWrongSymbolOnTheLookupKeypadIsCaught) {
    std::string code = wk::receipt::make(7, 1);  // never given out: a lookup of a typed code
    std::string bad = code.substr(0, 8) + (code.back() == '0' ? '1' : '0');
    std::string keys = "tap home.lookup\n";
    for (char c : bad) keys += "tap osk." + std::string(1, c) + "\n";
    story(keys + "tap lookup.go\n"
                 "expect " + tr("This code is not right: one character may be mistyped. Please check it.") + "\n");
}

// [SECTION] the category's questions
// Urban infrastructure asks one required question (assets/categories.json, the same
// file the portal seeds from): it gets a step of its own, numbered in; other
// categories skip it. The answer is required, kept across back, and stored.
TEST_P(KioskFlow, ACategorysQuestionIsAskedAnsweredAndStored) {
    auto step = [](int n, int of, const char* name) {
        return wk::i18n::format(tr("Step {} of {}: {}").c_str(), {std::to_string(n), std::to_string(of), tr(name)});
    };
    story("tap home.report\n"
          "tap cat.ha-tang-do-thi\n"
          "expect " + step(2, 6, "A few questions") + "\n"
          "expect Mức độ ảnh hưởng?\n"
          "tap wizard.next\n"
          "expect " + tr("Please answer each question marked as needed.") + "\n"
          "tap answer.muc-do.nguy-hiem\n"
          "tap wizard.next\n"
          "expect " + step(3, 6, "Describe the problem") + "\n"
          "type " + kLitter + "\n"
          "tap wizard.back\n"
          "tap wizard.next\n"
          "expect " + kLitter + "\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "expect " + tr("Answers") + "\n"
          "expect Nguy hiểm, cần xử lý ngay\n"
          "tap wizard.submit\n");
    ASSERT_EQ(k.app.state().screen, Screen::receipt) << k.app.state().message;
    auto item = k.store.next_due(kiosk_noon() + 60000);
    ASSERT_TRUE(item.has_value());
    EXPECT_EQ(item->draft.attributes.at("muc-do"), "nguy-hiem");
}

TEST_P(KioskFlow, ACategoryWithoutQuestionsSkipsTheStepAndDropsOldAnswers) {
    story("tap home.report\n"
          "tap cat.ha-tang-do-thi\n"
          "tap answer.muc-do.can-tro\n"
          "tap wizard.back\n"
          "tap cat.moi-truong\n"
          "expect " + wk::i18n::format(tr("Step {} of {}: {}").c_str(), {"2", "5", tr("Describe the problem")}) + "\n"
          "tap wizard.back\n"
          "expect " + wk::i18n::format(tr("Step {} of {}: {}").c_str(), {"1", "5", tr("What is it about?")}) + "\n");
    EXPECT_TRUE(k.app.state().draft.attributes.empty()) << "an answer of another category is not sent";
}

// [SECTION] board and statistics
TEST_P(KioskFlow, TheBoardCountsTheReportsFiledHere) {
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));
    k.app.go_home();
    story("tap home.board\n"
          "expect " + tr("Reports board") + "\n"
          "expect " + std::string(GetParam() == std::string("en") ? "Environment" : "Môi trường") + "\n"
          "absent " + tr("No reports yet this year.") + "\n"
          "tap nav.home\n"
          "tap home.stats\n"
          "expect " + wk::i18n::format(tr("This year at this kiosk: {} reports, {} resolved.").c_str(), {"1", "0"}) + "\n",
          now + 1000);
}

// Once the agent has pulled the province's reports, the board shows them for this
// ward or the whole province; this kiosk's unsent reports are counted as waiting.
TEST_P(KioskFlow, TheBoardShowsTheWardsAndTheProvincesReportsOnceTheyArePulled) {
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));  // waiting to be sent
    k.app.go_home();
    std::vector<wk::PublicReport> pub;
    for (int i = 0; i < 7; ++i)  // 3 in this ward (2 fixed on time), 4 elsewhere
        pub.push_back({"HN-2026-00000" + std::to_string(i), i < 5 ? "moi-truong" : "y-te", i % 2 ? "fixed" : "in_progress",
                       now - 40LL * 86400000, now - 30LL * 86400000, now - 20LL * 86400000,
                       i < 3 ? "Phường Điện Biên" : "Phường Ngọc Hà", "Công ty Môi trường đô thị"});
    k.store.upsert_public(pub);
    k.store.set_value("agent.last_ok.public", "2026-11-28T04:00:00Z");
    bool en = GetParam() == std::string("en");
    story("tap home.board\n"
          "expect " + wk::i18n::format(tr("This year's reports in {}, as the portal published them at {}.").c_str(),
                                       {"Phường Điện Biên", "28/11/2026 11:00"}) + "\n"
          "tap nav.home\n"
          "tap home.stats\n"
          "expect " + wk::i18n::format(tr("This year in {}: {} reports, {} resolved, {} of them on time.").c_str(),
                                       {"Phường Điện Biên", "4", "1", "1"}) + "\n"
          "tap board.province\n"
          "expect " + wk::i18n::format(tr("This year in {}: {} reports, {} resolved, {} of them on time.").c_str(),
                                       {"Thành phố Hà Nội", "8", "3", "3"}) + "\n"
          "expect " + std::string(en ? "Health" : "Y tế") + "\n",
          now + 1000);
    EXPECT_EQ(k.app.state().figures.fields.front().waiting, 1);
}

// A store that cannot be read must not look like a year without reports.
TEST_P(KioskFlow, WhenTheFiguresCannotBeReadTheBoardSaysSoInsteadOfZero) {
    {
        wk::db::Db other(k.db_path);  // break the file on purpose: the reports are gone
        other.exec("PRAGMA foreign_keys = OFF; DROP TABLE report_events; DROP TABLE reports; DROP TABLE report_tally;");
    }
    story("tap home.board\n"
          "expect " + tr("The figures cannot be read right now.") + "\n"
          "absent " + tr("No reports yet this year.") + "\n"
          "tap nav.home\n"
          "tap home.stats\n"
          "expect " + tr("The figures cannot be read right now.") + "\n"
          "absent " + wk::i18n::format(tr("This year at this kiosk: {} reports, {} resolved.").c_str(), {"0", "0"}) + "\n");
}

// Home in the middle of a report asks first; with nothing entered it goes home at once.
TEST_P(KioskFlow, HomeMidReportAsksBeforeErasingTheDraft) {
    story("tap home.report\n"
          "tap nav.home\n"  // nothing chosen yet: straight home
          "absent " + tr("Discard the report you are writing?") + "\n"
          "expect " + tr("Look up a report") + "\n"
          "tap home.report\n"
          "tap cat.moi-truong\n"
          "type " + kLitter + "\n"
          "tap nav.home\n"
          "expect " + tr("Discard the report you are writing?") + "\n"
          "tap leave.keep\n"
          "absent " + tr("Discard the report you are writing?") + "\n"
          "expect " + kLitter + "\n"
          "tap nav.home\n"
          "tap leave.discard\n"
          "absent " + kLitter + "\n"
          "expect " + tr("Look up a report") + "\n"
          "tap home.report\n"
          "tap cat.moi-truong\n"
          "absent " + kLitter + "\n");
}

// [SECTION] idle
TEST_P(KioskFlow, AnUnattendedFormAsksThenErasesItself) {
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "type " + kLitter + "\n"
          "wait 61\n"
          "expect " + tr("Are you still there?") + "\n"
          "tap idle.continue\n"
          "absent " + tr("Are you still there?") + "\n"
          "expect " + kLitter + "\n"
          "wait 61\n"
          "expect " + tr("Are you still there?") + "\n"
          "wait 15\n"
          "absent " + kLitter + "\n"
          "expect " + tr("File a report") + "\n");
    EXPECT_EQ(k.app.state().screen, Screen::home);
    EXPECT_TRUE(k.app.state().draft.description.empty());
}

// The "Yes, continue" button lies over the keyboard; a tap on it must answer the
// prompt and nothing else (no letter typed into the description underneath).
TEST_P(KioskFlow, AnsweringTheIdlePromptDoesNotTapWhatIsBehindIt) {
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "type abc\n"
          "wait 61\n"
          "expect " + tr("Are you still there?") + "\n");
    const wk::ui::Target* yes = k.target("idle.continue");
    ASSERT_NE(yes, nullptr);
    UnixMs now = k.app.state().last_touch + 62000;
    // Every point of the button, on a coarse grid, must do only "continue".
    for (float y = yes->min.y + 4; y < yes->max.y - 2; y += 10)
        for (float x = yes->min.x + 4; x < yes->max.x - 2; x += 20) {
            if (!k.app.state().idle_prompt) {
                ASSERT_TRUE(k.app.tick(now += 61000));
                k.kiosk.frame(now += 16, wk::Touch{ImVec2(-1, -1), false});
            }
            k.kiosk.frame(now += 16, wk::Touch{ImVec2(x, y), true});
            k.kiosk.frame(now += 80, wk::Touch{ImVec2(x, y), false});
            k.kiosk.frame(now += 16, wk::Touch{ImVec2(-1, -1), false});
            ASSERT_FALSE(k.app.state().idle_prompt) << "at " << x << "," << y;
            ASSERT_EQ(k.app.state().draft.description, "abc") << "a tap at " << x << "," << y << " went through";
        }
}

// [SECTION] languages
TEST_P(KioskFlow, HomeSpeaksOnlyTheChosenLanguage) {
    std::string lang = GetParam();
    if (lang == "en")
        story("expect File a report\n"
              "absent Gửi phản ánh\n"
              "expect Look up a report\n"
              "absent Tra cứu\n");
    else
        story("expect Gửi phản ánh\n"
              "absent File a report\n"
              "absent Look up a report\n");
}

TEST_P(KioskFlow, NoScreenShowsTheOtherLanguagesSentences) {
    auto vi = wk::test::read_po(WK_SOURCE_DIR "/assets/po/vi.po");
    ASSERT_GT(vi.size(), 50u);
    UnixMs now = kiosk_noon();
    k.fill_to_review(now, kLitter);
    ASSERT_TRUE(k.app.submit(now));
    std::string code = k.app.state().receipt.code;
    k.app.go_home();
    k.store.set_value("agent.last_ok.pull", wk::open311::iso8601(now));

    auto check = [&](const char* where) {
        for (const std::string& shown : k.draw(now += 16))
            for (const auto& [id, vi_text] : vi) {
                // English mode must not show a Vietnamese sentence, and Vietnamese
                // mode must not show an untranslated English one. Short words and
                // patterns with blanks are left out: they match too much.
                const std::string& wrong = std::string(GetParam()) == "en" ? vi_text : id;
                if (id == vi_text || wrong.size() < 8 || wrong.find("{}") != std::string::npos) continue;
                EXPECT_EQ(shown.find(wrong), std::string::npos) << where << ": \"" << shown << "\"";
            }
    };
    check("home");
    k.app.start_report(now);
    check("categories");
    k.app.choose_category("moi-truong");
    check("description");
    k.app.type_text(kLitter);
    k.app.next();
    check("place");
    k.app.next();
    k.app.set_contact_given(true);
    check("contact");
    k.app.set_contact_given(false);
    k.app.next();
    check("review");
    k.app.go_home();
    k.app.look_up(code, now);
    check("lookup");
    k.app.open_board(now);
    check("board");
    k.app.open_stats(now);
    check("stats");
}

TEST_P(KioskFlow, TheLanguageButtonsSwitchTheWholeScreen) {
    story("tap home.lang_en\n"
          "expect File a report\n"
          "absent Gửi phản ánh\n"
          "tap home.lang_vi\n"
          "expect Gửi phản ánh\n"
          "absent File a report\n");
    EXPECT_EQ(wk::i18n::language(), "vi");
}

INSTANTIATE_TEST_SUITE_P(Languages, KioskFlow, ::testing::Values("vi", "en"),
                         [](const ::testing::TestParamInfo<const char*>& i) { return std::string(i.param); });

// [SECTION] the script driver
class ScriptDriver : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), ""); }
    KioskRig k;
};

TEST_F(ScriptDriver, AnUnknownTargetFailsAndNamesTheLine) {
    std::string error;
    int rc = k.run("# a comment\n"
                   "tap home.report\n"
                   "\n"
                   "tap cat.no-such-field\n"
                   "tap cat.moi-truong\n",
                   kiosk_noon(), error);
    EXPECT_EQ(rc, 1);
    EXPECT_NE(error.find(":4: tap cat.no-such-field"), std::string::npos) << error;
    EXPECT_NE(error.find("cat.moi-truong"), std::string::npos) << error;  // lists what is there
    EXPECT_EQ(k.app.state().step, Step::category);  // nothing after the failing line ran
}

TEST_F(ScriptDriver, AFailedExpectationNamesTheLineAndTheText) {
    std::string error;
    EXPECT_EQ(k.run("expect Không có chữ này\n", kiosk_noon(), error), 1);
    EXPECT_NE(error.find(":1: expect"), std::string::npos) << error;
    EXPECT_NE(error.find("Không có chữ này"), std::string::npos) << error;
}

// `await` lets real time pass for another process: what the store says meanwhile shows.
TEST_F(ScriptDriver, AwaitWaitsInRealTimeForATextThatComes) {
    std::string error;
    EXPECT_EQ(k.run("await 0.3 Không có chữ này\n", kiosk_noon(), error), 1);
    EXPECT_NE(error.find("did not show within"), std::string::npos) << error;
    EXPECT_EQ(k.run("await 0.3\n", kiosk_noon(), error), 1);
    EXPECT_NE(error.find("await needs seconds and a text"), std::string::npos) << error;
    EXPECT_EQ(k.run("await 2 Phường Điện Biên\n", kiosk_noon(), error), 0) << error;
}

TEST_F(ScriptDriver, AnUnknownStepIsRefused) {
    std::string error;
    EXPECT_EQ(k.run("tap home.report\nswipe left\n", kiosk_noon(), error), 1);
    EXPECT_NE(error.find(":2: swipe left"), std::string::npos) << error;
}

TEST_F(ScriptDriver, DumpWritesWhatIsShown) {
    std::string error, path = k.dir.file("home.txt");
    ASSERT_EQ(k.run("dump " + path + "\n", kiosk_noon(), error), 0) << error;
    std::string text = wk::test::read_text(path);
    EXPECT_NE(text.find("Phường Điện Biên"), std::string::npos);
    EXPECT_NE(text.find("1900 1234"), std::string::npos);
}

TEST_F(ScriptDriver, AMissingScriptIsAnError) {
    std::string error;
    EXPECT_EQ(wk::run_script(k.dir.file("nothing.txt"), k.kiosk, kiosk_noon(), error), 1);
    EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
}

// A province has dozens of wards and communes (KioskSettings::wards); the place step
// shows them a page at a time.
TEST_F(ScriptDriver, EveryWardOfTheProvinceCanBeChosen) {
    wk::KioskSettings s = wk::test::kiosk_settings();
    for (int i = 0; i < 20; ++i) s.wards.push_back("Xã Thử " + std::to_string(i + 1));
    KioskRig many(1920, 1080, s);
    std::string error;
    ASSERT_EQ(many.run("tap home.report\n"
                       "tap cat.moi-truong\n"
                       "type Cây đổ\n"
                       "tap wizard.next\n"
                       "absent Xã Thử 20\n"
                       "tap place.ward.more\n"
                       "tap place.ward.more\n"
                       "tap place.ward.more\n"
                       "tap Xã Thử 20\n"
                       "tap place.ward.less\n"
                       "expect Xã Thử 11\n",
                       kiosk_noon(), error),
              0)
        << error;
    EXPECT_EQ(many.app.state().draft.ward, "Xã Thử 20");
}

// The style guide's story: Telex on the on-screen keyboard gives Vietnamese letters
// (docs/vietnamese-input.md), the word shown as it forms.
TEST_F(ScriptDriver, TelexOnTheOnScreenKeyboardTypesVietnamese) {
    std::string error;
    ASSERT_EQ(k.run("tap home.report\n"
                    "tap cat.moi-truong\n"
                    "keys dduwowngf ngaapj nuwowcs\n"
                    "expect đường ngập nước\n",
                    kiosk_noon(), error),
              0)
        << error;
    EXPECT_EQ(k.app.state().draft.description, "đường ngập nước");
}

TEST_F(ScriptDriver, CapitalsBackspaceAndTheModeKeyOnTheOnScreenKeyboard) {
    std::string error;
    ASSERT_EQ(k.run("tap home.report\n"
                    "tap cat.moi-truong\n"
                    "keys Coongj thoast nuwowcs\bc\n"  // backspace inside the word being typed
                    "expect Cộng thoát nước\n"
                    "tap osk.mode\n"                         // VNI
                    "keys  Ha2 No6i5\n"
                    "expect Cộng thoát nước Hà Nội\n"
                    "tap osk.mode\n"                         // as typed
                    "keys  ok1\n",
                    kiosk_noon(), error),
              0)
        << error;
    EXPECT_EQ(k.app.state().draft.description, "Cộng thoát nước Hà Nội ok1");
}

TEST(OnScreenKeyboard, StartsWithTelexInVietnameseAndPlainLettersInEnglish) {
    ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
    for (const char* lang : {"vi", "en"}) {
        wk::i18n::set_language(lang);
        KioskRig k;
        std::string error;
        ASSERT_EQ(k.run("tap home.report\ntap cat.moi-truong\nkeys hoaf\n", kiosk_noon(), error), 0) << error;
        EXPECT_EQ(k.app.state().draft.description, std::string(lang) == "vi" ? "hoà" : "hoaf") << lang;
    }
    wk::i18n::set_language("vi");
}

TEST(PhysicalKeyboard, TypesVietnameseThroughTheInputMethodWhenEnabled) {
    ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
    wk::KioskSettings s = wk::test::kiosk_settings();
    s.keyboard_ime = true;
    KioskRig k(1920, 1080, s);
    std::string error;
    ASSERT_EQ(k.run("tap home.report\n"
                    "tap cat.moi-truong\n"
                    "type Ddenf ddwowngf hongr\n"
                    "backspace\n"
                    "type g\n",
                    kiosk_noon(), error),
              0)
        << error;
    EXPECT_EQ(k.app.state().draft.description, "Đèn đường hỏng");
}

TEST_F(ScriptDriver, ThePhoneFieldTakesDigitsAsTheyAre) {
    std::string error;
    ASSERT_EQ(k.run("tap home.report\n"
                    "tap cat.moi-truong\n"
                    "keys oo nhieemx\n"
                    "tap wizard.next\n"
                    "tap wizard.next\n"
                    "tap contact.give\n"
                    "keys Nguyeenx Vawn Asn\n"
                    "tap field.phone\n"
                    "keys 0912345678\n",
                    kiosk_noon(), error),
              0)
        << error;
    EXPECT_EQ(k.app.state().draft.contact.name, "Nguyễn Văn Án");
    EXPECT_EQ(k.app.state().draft.contact.phone, "0912345678");
}

}  // namespace

namespace {

using wk::test::tr;

class SimilarFlow : public ::testing::TestWithParam<const char*> {
  protected:
    void SetUp() override {
        ASSERT_EQ(wk::i18n::load_catalogs(WK_ASSET_DIR_BUILD), "");
        wk::i18n::set_language(GetParam());
        UnixMs now = kiosk_noon();
        // Pulled from the portal: two open reports on litter in this ward (the newer
        // echoes its receipt code), one already fixed, one in another ward, one of another field.
        k.store.upsert_public({
            {"HN-2026-000101", "moi-truong", "open", now - 3 * 86400000LL, now - 3 * 86400000LL, 0, "Phường Điện Biên",
             "", "", "Rác thải đổ trộm cạnh chợ Điện Biên, bốc mùi nặng.", "Chợ Điện Biên, Phường Điện Biên"},
            {"HN-2026-000102", "moi-truong", "in_progress", now - 86400000LL, now - 3600000LL, 0, "Phường Điện Biên",
             "Công ty Môi trường đô thị", kTheirCode, "Rác thải đổ trộm ở đầu ngõ 12, ba ngày chưa dọn.",
             "Ngõ 12 Phan Đình Phùng, Phường Điện Biên"},
            {"HN-2026-000090", "moi-truong", "fixed", now - 9 * 86400000LL, now - 2 * 86400000LL, 0, "Phường Điện Biên",
             "", "", "Rác đã dọn xong ở ngõ 5.", ""},
            {"HN-2026-000103", "moi-truong", "open", now - 86400000LL, now - 86400000LL, 0, "Phường Ngọc Hà", "", "",
             "Rác ở Ngọc Hà.", ""},
            {"HN-2026-000104", "giao-thong", "open", now - 86400000LL, now - 86400000LL, 0, "Phường Điện Biên", "", "",
             "Ổ gà giữa đường.", ""},
        });
        k.store.set_value("agent.last_ok.public", wk::open311::iso8601(now - 60000));
    }
    void TearDown() override { wk::i18n::set_language("vi"); }
    void story(const std::string& script) {
        std::string error;
        ASSERT_EQ(k.run(script, kiosk_noon(), error), 0) << error;
    }
    const std::string kTheirCode = wk::receipt::make(2, 4711);
    KioskRig k{1920, 1080, [] {
                   auto s = wk::test::kiosk_settings();
                   s.lang = GetParam();
                   return s;
               }()};
};

INSTANTIATE_TEST_SUITE_P(Languages, SimilarFlow, ::testing::Values("vi", "en"));

// A citizen about to report litter sees the open litter reports of the ward first,
// newest first, and follows the one that is theirs: nothing is filed, the lookup
// screen shows that case with its code, and the draft is gone.
TEST_P(SimilarFlow, ACitizenFindsTheirProblemAlreadyReportedAndFollowsIt) {
    int64_t before = k.store.counts().queued;
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "expect " + tr("Is it one of these?") + "\n"
          "expect Rác thải đổ trộm ở đầu ngõ 12, ba ngày chưa dọn.\n"
          "expect Rác thải đổ trộm cạnh chợ Điện Biên, bốc mùi nặng.\n"
          "absent Rác đã dọn xong ở ngõ 5.\n"
          "absent Rác ở Ngọc Hà.\n"
          "absent Ổ gà giữa đường.\n"
          "tap similar.follow.0\n"
          "expect " + wk::i18n::format(tr("Filed by another citizen on {}. Keep its code to follow it at any kiosk: {}").c_str(),
                                       {wk::i18n::local_time(kiosk_noon() - 86400000LL).substr(0, 10),
                                        wk::receipt::grouped(kTheirCode)}) + "\n"
          "expect " + tr("Being handled") + "\n");
    EXPECT_EQ(k.app.state().screen, Screen::lookup);
    EXPECT_EQ(k.app.state().draft.service_code, "") << "the draft was dropped";
    EXPECT_FALSE(k.app.can_rate()) << "someone else's case is rated by them";
    EXPECT_EQ(k.store.counts().queued, before) << "nothing filed";
}

// Someone whose problem is not in the list goes on, and is not asked again for the
// same field and ward; choosing another ward with open reports asks again.
TEST_P(SimilarFlow, NoneOfTheseGoesOnAndTheListIsNotShownTwice) {
    story("tap home.report\n"
          "tap cat.moi-truong\n"
          "expect " + tr("Is it one of these?") + "\n"
          "tap similar.none\n"
          "absent " + tr("Is it one of these?") + "\n"
          "type Rác ở cổng trường tiểu học\n"
          "tap wizard.next\n"
          "tap wizard.next\n"
          "absent " + tr("Is it one of these?") + "\n");
    EXPECT_EQ(k.app.state().step, Step::contact);
    EXPECT_EQ(k.app.state().draft.description, "Rác ở cổng trường tiểu học");
    k.app.back();
    k.app.choose_ward("Phường Ngọc Hà");
    k.app.next();
    EXPECT_TRUE(k.app.state().similar.open) << "another ward, another list";
    ASSERT_EQ(k.app.state().similar.reports.size(), 1u);
    EXPECT_EQ(k.app.state().similar.reports[0].service_request_id, "HN-2026-000103");
    k.app.back();  // "back" closes the list over the place step, the draft intact
    EXPECT_FALSE(k.app.state().similar.open);
    EXPECT_EQ(k.app.state().step, Step::place);
    EXPECT_EQ(k.app.state().draft.description, "Rác ở cổng trường tiểu học");
}

// No open report like it (another field here): the wizard goes straight on, and a store
// that cannot be read never holds the citizen up.
TEST_P(SimilarFlow, WithNoneLikeItOrAnUnreadableStoreFilingGoesStraightOn) {
    story("tap home.report\n"
          "tap cat.y-te\n"
          "absent " + tr("Is it one of these?") + "\n");
    EXPECT_EQ(k.app.state().step, Step::description);
    {
        wk::db::Db other(k.db_path);
        other.exec("DROP TABLE public_reports");
    }
    story("tap nav.home\n"
          "tap leave.discard\n"
          "tap home.report\n"
          "tap cat.moi-truong\n"
          "absent " + tr("Is it one of these?") + "\n");
    EXPECT_EQ(k.app.state().step, Step::description);
}

}  // namespace

namespace {

// A code the portal echoes is shown as the citizen would type it: one grouped or in lower
// case is made canonical, and an attribute that is no valid code is never offered to keep.
TEST(SimilarReports, OnlyAValidEchoedCodeIsOfferedToKeep) {
    wk::SimilarView view;
    const std::string code = wk::receipt::make(2, 4711);
    std::string lower = wk::receipt::grouped(code);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string wrong_check = code.substr(0, 8) + (code.back() == '0' ? "1" : "0");
    for (const std::string& echoed : {lower, std::string("HN-2026-7"), wrong_check}) {
        wk::PublicReport p;
        p.service_request_id = "HN-1";
        p.receipt = echoed;
        view.reports.push_back(p);
    }
    EXPECT_EQ(wk::SimilarReportsFlow::as_report(view, 0)->code, code);
    EXPECT_EQ(wk::SimilarReportsFlow::as_report(view, 1)->code, "");
    EXPECT_EQ(wk::SimilarReportsFlow::as_report(view, 2)->code, "") << "a wrong check symbol";
    EXPECT_FALSE(wk::SimilarReportsFlow::as_report(view, 3));
}

}  // namespace

namespace {

// The kiosk's time follows the agent's learnt offset from a minute on, read again every
// 30 s; a PC reading 2019 files a report dated by the portal's time.
TEST(KioskClockTest, TheKioskTakesThePortalsTimeOnceTheAgentHasLearntIt) {
    wk::test::TempDir dir;
    wk::Store store = wk::Store::open(dir.file("kiosk.db"));
    const UnixMs seven_years = 7LL * 365 * 86400000, pc = kiosk_noon() - seven_years;
    wk::KioskClock clock(store);
    EXPECT_EQ(clock.now(pc), pc) << "no offset learnt: the PC's own clock";
    store.set_clock_offset(seven_years);
    EXPECT_EQ(clock.now(pc + 1000), pc + 1000) << "read again only after 30 s";
    EXPECT_EQ(clock.now(pc + 30000), kiosk_noon() + 30000);
    store.set_clock_offset(20000);  // the PC's clock set right, 20 s slow: not applied
    EXPECT_EQ(clock.now(kiosk_noon() + 60000), kiosk_noon() + 60000);
}

}  // namespace
