// The portal's compressed answers: gzip for Open311 answers of 1 KiB or more when the
// client accepts it (read raw off loopback, inflated here with zlib and compared with
// the plain answer), plain below that or when gzip is refused, never brotli; and the
// Accept-Encoding parser on its own.
#include <gtest/gtest.h>
#include <zlib.h>

#include "compress.hpp"
#include "portal_fixture.hpp"

namespace {
using namespace wk;
using wk::test::PortalFixture;

std::string gunzip(const std::string& z) {
    z_stream s{};
    EXPECT_EQ(inflateInit2(&s, 15 + 16), Z_OK);
    std::string out(64 * 1024, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(z.data()));
    s.avail_in = static_cast<uInt>(z.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&s, Z_FINISH);
    EXPECT_EQ(rc, Z_STREAM_END);
    out.resize(s.total_out);
    inflateEnd(&s);
    return out;
}

TEST(AcceptEncoding, GzipOnlyWhenTheClientTakesIt) {
    EXPECT_TRUE(portal::accepts_gzip("gzip"));
    EXPECT_TRUE(portal::accepts_gzip("deflate, gzip, br, zstd"));  // what libcurl sends
    EXPECT_TRUE(portal::accepts_gzip(" GZIP ;q=0.5"));
    EXPECT_TRUE(portal::accepts_gzip("x-gzip"));
    EXPECT_TRUE(portal::accepts_gzip("br;q=1, *;q=0.1"));
    EXPECT_FALSE(portal::accepts_gzip(""));
    EXPECT_FALSE(portal::accepts_gzip("br"));
    EXPECT_FALSE(portal::accepts_gzip("identity"));
    EXPECT_FALSE(portal::accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(portal::accepts_gzip("gzip;q=0.0, *"));  // refused by name: the star does not bring it back
    EXPECT_FALSE(portal::accepts_gzip("*;q=0"));
    EXPECT_FALSE(portal::accepts_gzip("gzipped"));
}

TEST(Gzip, RoundTripsVietnameseText) {
    std::string body;
    for (int i = 0; i < 200; ++i) body += "Rác thải đổ trộm ở đầu ngõ " + std::to_string(i) + ". ";
    auto z = portal::gzip(body);
    ASSERT_TRUE(z);
    EXPECT_LT(z->size(), body.size() / 3);
    EXPECT_EQ(gunzip(*z), body);
}

class PortalCompress : public PortalFixture {
  protected:
    void SetUp() override {
        PortalFixture::SetUp();
        m_http->set_decompress(false);  // the bytes as they crossed the socket
        for (int i = 0; i < 20; ++i) post(report("moi-truong", "Rác thải đổ trộm ở đầu ngõ " + std::to_string(i) + "."));
    }
    httplib::Result get_with(const std::string& path, const std::string& accept_encoding) {
        httplib::Headers h;
        if (!accept_encoding.empty()) h.emplace("Accept-Encoding", accept_encoding);
        return m_http->Get(("/open311/v2/" + path).c_str(), h);
    }
};

TEST_F(PortalCompress, ALargeAnswerIsGzippedWhenAcceptedAndReadsTheSame) {
    for (const std::string path : {"requests.json", "requests.xml"}) {
        auto plain = get_with(path, "identity");
        ASSERT_TRUE(plain && plain->status == 200) << path;
        ASSERT_GE(plain->body.size(), portal::kMinCompressBytes) << path;
        EXPECT_FALSE(plain->has_header("Content-Encoding")) << path;
        EXPECT_EQ(plain->get_header_value("Vary"), "Accept-Encoding") << path;

        auto z = get_with(path, "deflate, gzip, br, zstd");
        ASSERT_TRUE(z && z->status == 200) << path;
        EXPECT_EQ(z->get_header_value("Content-Encoding"), "gzip") << path;
        EXPECT_EQ(z->get_header_value("Content-Type"), plain->get_header_value("Content-Type")) << path;
        EXPECT_LT(z->body.size(), plain->body.size() / 2) << path;
        EXPECT_EQ(gunzip(z->body), plain->body) << path;
    }
}

TEST_F(PortalCompress, ASmallAnswerIsSentPlainEvenToAClientThatTakesGzip) {
    httplib::Headers h{{"Accept-Encoding", "gzip, br"}};
    auto res = m_http->Post("/open311/v2/requests.json", h, open311::encode_form(report()),
                            "application/x-www-form-urlencoded");
    ASSERT_TRUE(res && res->status == 201);
    EXPECT_LT(res->body.size(), portal::kMinCompressBytes);
    EXPECT_FALSE(res->has_header("Content-Encoding")) << res->get_header_value("Content-Encoding");
    EXPECT_EQ(res->body.front(), '[');
}

TEST_F(PortalCompress, BrotliAloneOrGzipRefusedGetsThePlainAnswer) {
    for (const std::string enc : {"br", "gzip;q=0, br"}) {
        auto res = get_with("requests.json", enc);
        ASSERT_TRUE(res && res->status == 200) << enc;
        EXPECT_FALSE(res->has_header("Content-Encoding")) << enc << ": " << res->get_header_value("Content-Encoding");
        EXPECT_EQ(res->body.front(), '[') << enc;
    }
}

}  // namespace
