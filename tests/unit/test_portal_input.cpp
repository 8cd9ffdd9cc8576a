// Bad input to the portal, in both formats, over real loopback HTTP: malformed forms,
// a 2 MB field, invalid UTF-8, unknown services; each answered with an Open311 error
// in the route's format and nothing stored. Also a categories file with broken
// attributes, which must stop the portal from seeding rather than half-work.
#include <gtest/gtest.h>

#include <fstream>

#include "portal_fixture.hpp"
#include "sync/open311_xml.hpp"

namespace {
using namespace wk;
using wk::test::PortalFixture;
namespace x = wk::open311::xml;

class PortalInput : public PortalFixture {
  protected:
    // The first error's description, read in `ext`'s format; fails when there is none.
    static std::string error_of(const httplib::Result& res, const std::string& ext) {
        EXPECT_TRUE(res);
        if (!res) return {};
        auto e = ext == ".xml" ? x::parse_errors(res->body) : open311::parse_errors(res->body);
        EXPECT_FALSE(e.empty()) << res->body;
        return e.empty() ? std::string() : e.front().description;
    }
    void expect_nothing_stored() {
        portal::Counts c = m_store->counts();
        EXPECT_EQ(c.requests, 0);
        EXPECT_EQ(c.contacts, 0);
        EXPECT_EQ(c.attributes, 0);
        EXPECT_EQ(c.updates, 0);
    }
    std::string key_field() { return "api_key=" + std::string(test::kPortalKey); }
};

TEST_F(PortalInput, MalformedFormsAreRefusedInTheRoutesFormat) {
    const std::vector<std::string> bodies = {
        key_field() + "&service_code=moi-truong&description=%E1%BA",  // cut-off escape
        key_field() + "&service_code=moi-truong&description=%GG",     // not hex
        key_field() + "&service_code=moi-truong&attribute[a=1&description=x&address_string=y",  // bad name
        key_field() + "&service_code=moi-truong&address_string=y",    // no description
        key_field() + "&description=x&address_string=y",              // no service
        key_field() + "&service_code=moi-truong&description=x&lat=21&long=east",
    };
    for (const std::string ext : {".json", ".xml"})
        for (const std::string& body : bodies) {
            auto res = post_form("requests" + ext, body);
            ASSERT_TRUE(res) << body;
            EXPECT_EQ(res->status, 400) << ext << " " << body;
            EXPECT_FALSE(error_of(res, ext).empty()) << ext << " " << body;
        }
    auto not_a_form = m_http->Post("/open311/v2/requests.xml", "<service_request/>", "text/xml");
    EXPECT_EQ(error_of(not_a_form, ".xml"), "send the form as application/x-www-form-urlencoded (UTF-8), or as multipart/form-data");
    expect_nothing_stored();
}

TEST_F(PortalInput, ATwoMegabyteFieldIsRefusedNotTruncated) {
    std::string huge = open311::encode_form(report()) + "&description=" + std::string(2 << 20, 'a');
    for (const std::string ext : {".json", ".xml"}) {
        auto res = post_form("requests" + ext, huge);
        ASSERT_TRUE(res) << ext;
        EXPECT_EQ(res->status, 400) << ext;
        EXPECT_NE(error_of(res, ext).find("larger than 1 MiB"), std::string::npos) << ext;
    }
    expect_nothing_stored();
}

TEST_F(PortalInput, InvalidUtf8InTheDescriptionIsNamedAndNothingIsStored) {
    for (const std::string& bad : {std::string("Rác \xC3\x28 thải"), std::string("\xFF\xFE"),
                                  std::string("Đường \xE1\xBA"), std::string("\xC0\xAF overlong")})
        for (const std::string ext : {".json", ".xml"}) {
            auto r = report();
            r.first_name = "Phạm Văn Cường";
            r.description = bad;
            auto res = post(r, ext);
            ASSERT_TRUE(res);
            EXPECT_EQ(res->status, 400) << ext;
            EXPECT_EQ(error_of(res, ext), "description is not valid UTF-8") << ext;
            if (ext == ".xml") {
                EXPECT_EQ(x::parse_errors(res->body).size(), 1u) << "the XML error must be well-formed";
            }
        }
    expect_nothing_stored();
}

TEST_F(PortalInput, AnUnknownServiceIsNotFoundInBothFormats) {
    for (const std::string ext : {".json", ".xml"}) {
        auto res = post(report("bao-hanh-tivi"), ext);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 404) << ext;
        EXPECT_EQ(error_of(res, ext), "service not found") << ext;
        auto def = get("services/bao-hanh-tivi" + ext);
        ASSERT_TRUE(def);
        EXPECT_EQ(def->status, 404);
        EXPECT_EQ(error_of(def, ext), "service not found");
    }
    expect_nothing_stored();
}

TEST_F(PortalInput, ACategoriesFileWithBrokenAttributesIsRefusedWhole) {
    const std::vector<std::string> broken = {
        R"([{"code":"a","attributes":[{"datatype":"string"}]}])",                      // no code
        R"([{"code":"a","attributes":[{"code":"x","datatype":"colour"}]}])",          // unknown datatype
        R"([{"code":"a","attributes":[{"code":"x","datatype":"singlevaluelist"}]}])",  // list without values
        R"([{"code":"a","attributes":[{"code":"x","order":"first"}]}])",              // order not a number
        R"([{"code":"a","attributes":{"code":"x"}}])",                                 // not an array
        R"([{"code":"a","type":"sometimes"}])",                                        // unknown type
    };
    for (const std::string& text : broken) {
        std::ofstream(m_dir.file("broken.json")) << text;
        EXPECT_THROW(portal::load_categories(m_dir.file("broken.json")), std::runtime_error) << text;
    }
    auto good = portal::load_categories(m_dir.file("categories.json"));
    ASSERT_EQ(good.size(), 3u);
    EXPECT_FALSE(good[0].metadata);
    EXPECT_TRUE(good[1].metadata);
    EXPECT_EQ(good[2].type, "batch");
}

}  // namespace
