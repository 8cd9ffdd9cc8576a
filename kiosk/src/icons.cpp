// The ten category pictograms and the home actions' four. Coordinates are in units of the icon's radius around its centre.
#include "kiosk/icons.hpp"

#include <cmath>

namespace wk::icons {
namespace {

struct Pen {
    ImDrawList* dl;
    ImVec2 c;
    float r;
    ImU32 col;
    ImVec2 at(float x, float y) const { return ImVec2(c.x + x * r, c.y + y * r); }
    float w(float k) const { return k * r; }
    void line(float x0, float y0, float x1, float y1, float t = 0.12f) const { dl->AddLine(at(x0, y0), at(x1, y1), col, w(t)); }
    void rect(float x0, float y0, float x1, float y1, float t = 0.1f) const { dl->AddRect(at(x0, y0), at(x1, y1), col, w(0.08f), 0, w(t)); }
    void fill(float x0, float y0, float x1, float y1) const { dl->AddRectFilled(at(x0, y0), at(x1, y1), col, w(0.04f)); }
    void circle(float x, float y, float rad, float t = 0.1f) const { dl->AddCircle(at(x, y), w(rad), col, 32, w(t)); }
    void dot(float x, float y, float rad) const { dl->AddCircleFilled(at(x, y), w(rad), col, 24); }
};

void shield(const Pen& p) {  // public order and security
    ImVec2 pts[] = {p.at(0, -0.85f), p.at(0.7f, -0.55f), p.at(0.6f, 0.25f), p.at(0, 0.85f), p.at(-0.6f, 0.25f), p.at(-0.7f, -0.55f)};
    p.dl->AddPolyline(pts, 6, p.col, ImDrawFlags_Closed, p.w(0.12f));
    p.line(-0.3f, 0.0f, -0.05f, 0.25f);
    p.line(-0.05f, 0.25f, 0.35f, -0.2f);
}

void buildings(const Pen& p) {  // urban infrastructure
    p.rect(-0.8f, -0.3f, -0.1f, 0.8f);
    p.rect(0.0f, -0.8f, 0.8f, 0.8f);
    for (int i = 0; i < 3; ++i) {
        float y = -0.55f + static_cast<float>(i) * 0.4f;
        p.fill(0.2f, y, 0.35f, y + 0.15f);
        p.fill(0.45f, y, 0.6f, y + 0.15f);
    }
    p.fill(-0.6f, 0.0f, -0.3f, 0.15f);
    p.line(-0.95f, 0.85f, 0.95f, 0.85f);
}

void leaf(const Pen& p) {  // environment
    p.dl->PathArcTo(p.at(-0.35f, 0.35f), p.w(1.0f), -1.45f, 0.05f, 24);
    p.dl->PathArcTo(p.at(0.35f, -0.35f), p.w(1.0f), 1.7f, 3.2f, 24);
    p.dl->PathStroke(p.col, ImDrawFlags_Closed, p.w(0.12f));
    p.line(-0.75f, 0.75f, 0.45f, -0.45f, 0.1f);
}

void bulb(const Pen& p) {  // suggestions and ideas
    p.circle(0, -0.25f, 0.5f, 0.12f);
    p.line(-0.2f, 0.3f, -0.2f, 0.55f);
    p.line(0.2f, 0.3f, 0.2f, 0.55f);
    p.line(-0.25f, 0.6f, 0.25f, 0.6f);
    p.line(-0.15f, 0.78f, 0.15f, 0.78f);
    for (int i = 0; i < 3; ++i) {
        float a = -2.4f + static_cast<float>(i) * 0.8f;
        p.line(0.72f * std::cos(a), -0.25f + 0.72f * std::sin(a), 0.9f * std::cos(a), -0.25f + 0.9f * std::sin(a), 0.08f);
    }
}

void cross(const Pen& p) {  // health
    p.fill(-0.2f, -0.7f, 0.2f, 0.7f);
    p.fill(-0.7f, -0.2f, 0.7f, 0.2f);
}

void book(const Pen& p) {  // education
    ImVec2 left[] = {p.at(0, -0.45f), p.at(-0.85f, -0.7f), p.at(-0.85f, 0.55f), p.at(0, 0.8f)};
    ImVec2 right[] = {p.at(0, -0.45f), p.at(0.85f, -0.7f), p.at(0.85f, 0.55f), p.at(0, 0.8f)};
    p.dl->AddPolyline(left, 4, p.col, ImDrawFlags_Closed, p.w(0.1f));
    p.dl->AddPolyline(right, 4, p.col, ImDrawFlags_Closed, p.w(0.1f));
    for (int i = 0; i < 3; ++i) {
        float y = -0.35f + static_cast<float>(i) * 0.3f;
        p.line(-0.7f, y, -0.15f, y + 0.12f, 0.06f);
        p.line(0.7f, y, 0.15f, y + 0.12f, 0.06f);
    }
}

void bolt(const Pen& p) {  // electricity and street lights
    ImVec2 pts[] = {p.at(0.15f, -0.9f), p.at(-0.5f, 0.1f), p.at(-0.05f, 0.1f), p.at(-0.2f, 0.9f), p.at(0.5f, -0.15f), p.at(0.05f, -0.15f)};
    p.dl->AddConvexPolyFilled(pts, 3, p.col);
    ImVec2 a[] = {pts[0], pts[1], pts[2], pts[5]};
    p.dl->AddConvexPolyFilled(a, 4, p.col);
    ImVec2 b[] = {pts[5], pts[2], pts[3], pts[4]};
    p.dl->AddConvexPolyFilled(b, 4, p.col);
}

void drop(const Pen& p) {  // water supply and drainage
    p.dl->PathLineTo(p.at(0, -0.9f));
    p.dl->PathArcTo(p.at(0, 0.25f), p.w(0.55f), -0.35f, 3.49f, 24);
    p.dl->PathStroke(p.col, ImDrawFlags_Closed, p.w(0.12f));
    p.dl->PathArcTo(p.at(0, 0.25f), p.w(0.32f), 0.4f, 1.3f, 8);
    p.dl->PathStroke(p.col, 0, p.w(0.08f));
}

void warning(const Pen& p) {  // violations of the law
    ImVec2 pts[] = {p.at(0, -0.85f), p.at(0.9f, 0.75f), p.at(-0.9f, 0.75f)};
    p.dl->AddPolyline(pts, 3, p.col, ImDrawFlags_Closed, p.w(0.12f));
    p.line(0, -0.3f, 0, 0.25f, 0.14f);
    p.dot(0, 0.5f, 0.09f);
}

void dots(const Pen& p) {  // other, and any category without its own icon
    for (int i = -1; i <= 1; ++i) p.dot(0.5f * static_cast<float>(i), 0, 0.14f);
    p.circle(0, 0, 0.9f, 0.08f);
}

// The home screen's four actions.
void paper_and_pencil(const Pen& p) {  // file a report
    p.rect(-0.7f, -0.8f, 0.3f, 0.8f);
    for (float y : {-0.4f, -0.05f, 0.3f}) p.line(-0.5f, y, 0.1f, y, 0.09f);
    p.line(0.05f, 0.55f, 0.75f, -0.45f, 0.2f);
    p.dot(0.75f, -0.45f, 0.1f);
}

void magnifier(const Pen& p) {  // look up a report
    p.circle(-0.2f, -0.2f, 0.5f, 0.14f);
    p.line(0.17f, 0.17f, 0.75f, 0.75f, 0.22f);
}

void list(const Pen& p) {  // the reports board
    for (float y : {-0.55f, 0.0f, 0.55f}) {
        p.dot(-0.6f, y, 0.12f);
        p.line(-0.3f, y, 0.75f, y, 0.14f);
    }
}

void bars(const Pen& p) {  // statistics
    p.fill(-0.75f, 0.15f, -0.35f, 0.75f);
    p.fill(-0.2f, -0.3f, 0.2f, 0.75f);
    p.fill(0.35f, -0.75f, 0.75f, 0.75f);
    p.line(-0.9f, 0.85f, 0.9f, 0.85f, 0.08f);
}

using DrawFn = void (*)(const Pen&);
struct Entry {
    std::string_view code;
    DrawFn fn;
};
constexpr Entry kIcons[] = {{"an-ninh-trat-tu", shield}, {"ha-tang-do-thi", buildings}, {"moi-truong", leaf},
                            {"gop-y-hien-ke", bulb},     {"y-te", cross},               {"giao-duc", book},
                            {"dien-chieu-sang", bolt},   {"cap-thoat-nuoc", drop},      {"vi-pham-phap-luat", warning},
                            {"khac", dots},
                            {"action.report", paper_and_pencil}, {"action.lookup", magnifier},
                            {"action.board", list},              {"action.stats", bars}};

}  // namespace

bool has_own(std::string_view code) {
    if (code.substr(0, 7) == "action.") return false;  // the home actions' are not categories'
    for (const Entry& e : kIcons)
        if (e.code == code) return true;
    return false;
}

void draw(ImDrawList* dl, std::string_view code, ImVec2 c, float r, ImU32 color) {
    Pen p{dl, c, r, color};
    for (const Entry& e : kIcons)
        if (e.code == code) return e.fn(p);
    dots(p);
}

}  // namespace wk::icons
