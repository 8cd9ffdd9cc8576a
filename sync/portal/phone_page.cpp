// Phone photo pages: fixed templates in Vietnamese or English filled with escaped text,
// in the lookup page's look but with larger type and buttons for older eyes and thumbs.
// Owns the wording and markup only; limits, checks and storage live in the routes.
// [SECTION] words  [SECTION] page frame  [SECTION] phone page  [SECTION] link and result pages
// [SECTION] script
#include "phone_page.hpp"

#include <cstdio>
#include <ctime>

#include "lookup_page.hpp"
#include "sync/receipt_code.hpp"

namespace wk::portal {

// [SECTION] words

namespace {

const char* say(PhoneLang lang, const char* vi, const char* en) { return lang == PhoneLang::en ? en : vi; }

const char* lang_tag(PhoneLang lang) { return say(lang, "vi", "en"); }

PhoneLang other(PhoneLang lang) { return lang == PhoneLang::en ? PhoneLang::vi : PhoneLang::en; }

}  // namespace

PhoneLang phone_lang(std::string_view lang) { return lang == "en" ? PhoneLang::en : PhoneLang::vi; }

// The limits named here (5 photos, 10 MB) are the defaults of PhonePageView.
std::string photo_problem_text(PhotoProblem p, PhoneLang lang) {
    switch (p) {
    case PhotoProblem::empty:
        return say(lang, "Tệp này trống, không có ảnh. Hãy chọn lại ảnh.",
                   "This file is empty. Please choose the photo again.");
    case PhotoProblem::too_big:
        return say(lang, "Ảnh lớn hơn 10 MB. Hãy chọn ảnh nhỏ hơn.",
                   "The photo is larger than 10 MB. Please choose a smaller one.");
    case PhotoProblem::not_a_photo:
        return say(lang, "Tệp này không phải ảnh JPEG hoặc PNG.", "This file is not a JPEG or PNG photo.");
    case PhotoProblem::too_many_pixels:
        return say(lang, "Ảnh có quá nhiều điểm ảnh. Hãy chọn ảnh khác.",
                   "The picture has too many pixels. Please choose another one.");
    case PhotoProblem::damaged:
        return say(lang, "Ảnh bị hỏng hoặc chưa tải hết.", "The photo is damaged or did not arrive in full.");
    case PhotoProblem::full:
        return say(lang, "Đã đủ 5 ảnh cho phản ánh này.", "This report already has 5 photos.");
    case PhotoProblem::closed:
        return say(lang, "Phản ánh này đã xử lý xong nên không nhận thêm ảnh.",
                   "This case is closed, so no more photos are taken.");
    case PhotoProblem::busy:
        return say(lang, "Cổng đang bận, xin thử lại sau.", "The portal is busy. Please try again later.");
    case PhotoProblem::too_much_at_once:
        return say(lang, "Các ảnh gửi cùng một lần quá lớn. Hãy gửi từng ảnh một.",
                   "These photos are too large to send all at once. Please send them one at a time.");
    }
    return say(lang, "Không nhận được ảnh này.", "This photo was not taken.");
}

// [SECTION] page frame

namespace {

const char* const kHead = "<!DOCTYPE html>\n<html lang=\"";
const char* const kMeta = "\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                          "<meta name=\"robots\" content=\"noindex\"><title>";
// Sizes in em: body at least 18px, every tap target at least 3em tall; text #1b1f24 on
// #f4f5f7 or white, the primary colour #0A56A4 with white text.
const char* const kStyle =
    "</title><style>"
    "body{font-family:'Noto Sans',system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1b1f24;"
    "line-height:1.5;font-size:18px;font-size:max(18px,1.15rem)}"
    "main{max-width:36em;margin:0 auto;padding:1em}"
    "h1{font-size:1.4em;line-height:1.25;margin:.5em 0}"
    ".code{font-family:monospace;font-size:1.25em;font-weight:bold;letter-spacing:.05em}"
    ".count{font-size:1.2em;font-weight:bold}"
    ".card{background:#fff;border-radius:.4em;padding:.8em;margin:1em 0}"
    ".wait{background:#fff3cd}.stop{background:#fde2e1}"
    ".lang{text-align:right;margin:0}"
    ".lang a{display:inline-flex;align-items:center;min-height:3em;padding:0 1em;border:2px solid #0A56A4;"
    "border-radius:.4em;background:#fff;color:#0A56A4;font-weight:bold;text-decoration:none}"
    ".btn{display:flex;flex-direction:column;align-items:center;justify-content:center;position:relative;"
    "box-sizing:border-box;width:100%;min-height:3em;margin:1em 0;padding:.6em 1em;border:0;"
    "border-radius:.4em;background:#0A56A4;color:#fff;font:inherit;font-size:1.15em;font-weight:bold;"
    "text-align:center;text-decoration:none;cursor:pointer}"
    // One rule per selector: a browser that does not know :focus-within drops only its own rule.
    ".btn:focus{outline:3px solid #1b1f24;outline-offset:2px}.lang a:focus{outline:3px solid #1b1f24}"
    ".pick:focus-within{outline:3px solid #1b1f24;outline-offset:2px}"
    ".pick input{box-sizing:border-box;width:100%;margin-top:.6em;padding:.3em;border-radius:.3em;"
    "background:#fff;color:#1b1f24;font-size:.8em;font-weight:normal}"
    "form.js .pick input{position:absolute;width:1px;height:1px;margin:0;padding:0;opacity:0;overflow:hidden}"
    ".pick.off{background:#8a939e}"
    ".files{list-style:none;padding:0;margin:0}"
    ".files li{background:#fff;border-radius:.4em;padding:.6em .8em;margin:.6em 0;border-left:.4em solid #8a939e}"
    ".files li.ok{border-left-color:#1e7b34}.files li.bad{border-left-color:#b3261e}"
    ".name{display:block;font-weight:bold;overflow-wrap:anywhere}.state{display:block}"
    "progress{display:block;width:100%;height:1.2em;margin:.3em 0}"
    "#done{font-weight:bold}#done:empty{display:none}[hidden]{display:none!important}"
    ".other{border-top:1px solid #c4c9cf;margin-top:2em;padding-top:.5em}"
    "footer{font-size:.9em;color:#444;margin-top:2em}"
    "</style></head><body><main>";
const char* const kScriptTag = "<script src=\"/photos/app.js\" defer></script>";

std::string head(PhoneLang lang, std::string_view title) {
    std::string out = kHead;
    out += lang_tag(lang);
    out += kMeta;
    out += html_escape(title);
    out += kStyle;
    return out;
}

// `script`: the page's one script, by address only (the policy forbids inline script).
std::string foot(PhoneLang lang, bool script = false) {
    std::string out = "<footer>";
    out += say(lang, "Trang này không hiển thị thông tin cá nhân của người phản ánh.",
               "This page does not show the personal data of the person who filed the report.");
    out += "</footer></main>";
    if (script) out += kScriptTag;
    out += "</body></html>\n";
    return out;
}

// The page's own address in `lang`: where the form posts and where a switch leads.
std::string page_url(const PhonePageView& v, PhoneLang lang) {
    std::string url = "/photos/" + v.code + "?";
    if (!v.query.empty()) url += v.query + "&";
    url += "lang=";
    url += lang_tag(lang);
    return url;
}

// "15/01/2026": the day, in Vietnam (UTC+7), on which `s` falls.
std::string vn_date(long long s) {
    std::time_t t = static_cast<std::time_t>(s + 7 * 3600);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) return "?";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
    return buf;
}

// The language switch, the heading and the receipt code.
std::string top(const PhonePageView& v) {
    PhoneLang to = other(v.lang);
    std::string out = head(v.lang, say(v.lang, "Thêm ảnh cho phản ánh", "Add photos to your report"));
    out += "<p class=\"lang\"><a href=\"" + html_escape(page_url(v, to)) + "\" lang=\"" + lang_tag(to) +
           "\" hreflang=\"" + lang_tag(to) + "\">" + say(v.lang, "English", "Tiếng Việt") + "</a></p>";
    out += "<h1>";
    out += say(v.lang, "Thêm ảnh cho phản ánh", "Add photos to your report");
    out += "</h1><p>";
    out += say(v.lang, "Mã biên nhận: ", "Receipt code: ");
    out += "<span class=\"code\">" + html_escape(receipt::grouped(v.code)) + "</span></p>";
    return out;
}

// "Đã nhận 2/5 ảnh"; the number sits in #have so the script can keep it current.
std::string count_line(const PhonePageView& v) {
    std::string have = "<span id=\"have\">" + std::to_string(v.have) + "</span>";
    std::string max = std::to_string(v.max);
    if (v.lang == PhoneLang::en) return "<p class=\"count\">" + have + " of " + max + " photos received</p>";
    return "<p class=\"count\">Đã nhận " + have + "/" + max + " ảnh</p>";
}

// [SECTION] phone page

void data(std::string& out, const char* name, std::string_view value) {
    out += " data-";
    out += name;
    out += "=\"" + html_escape(value) + "\"";
}

// The picker. Every word the script shows is a data- attribute here, in the page's language.
std::string picker(const PhonePageView& v) {
    PhoneLang l = v.lang;
    std::string out = "<form id=\"photos\" method=\"post\" enctype=\"multipart/form-data\" action=\"" +
                      html_escape(page_url(v, l)) + "\"";
    data(out, "max", std::to_string(v.max));
    data(out, "have", std::to_string(v.have));
    data(out, "max-bytes", std::to_string(static_cast<long long>(v.max_mb) * 1024 * 1024));
    data(out, "msg-waiting", say(l, "Đang chờ gửi…", "Waiting to send…"));
    data(out, "msg-sending", say(l, "Đang gửi…", "Sending…"));
    data(out, "msg-ok", say(l, "Đã nhận", "Received"));
    data(out, "msg-too-big", photo_problem_text(PhotoProblem::too_big, l));
    data(out, "msg-not-photo", photo_problem_text(PhotoProblem::not_a_photo, l));
    data(out, "msg-full", photo_problem_text(PhotoProblem::full, l));
    data(out, "msg-failed", say(l, "Không gửi được, xin thử lại", "Could not send; please try again"));
    data(out, "msg-done", say(l, "Xong. Bạn có thể thêm ảnh khác hoặc đóng trang này.",
                              "Done. You can add more photos or close this page."));
    out += "><label class=\"btn pick\"><span>";
    out += say(l, "Chọn hoặc chụp ảnh", "Choose or take photos");
    out += "</span><input type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\" multiple></label>";
    out += "<button type=\"submit\" class=\"btn\">";
    out += say(l, "Gửi ảnh", "Send photos");
    out += "</button><ul id=\"files\" class=\"files\" aria-live=\"polite\"></ul>"
           "<p id=\"done\" role=\"status\"></p></form>";
    return out;
}

std::string privacy_note(PhoneLang l) {
    std::string out = "<p class=\"card\">";
    out += say(l,
               "Cán bộ cơ quan xử lý xem được ảnh của bạn ngay. Ảnh chỉ được hiển thị công khai sau khi cán bộ "
               "kiểm tra (khuôn mặt người, biển số xe). Hệ thống xóa thông tin vị trí và thiết bị khỏi ảnh.",
               "The agency's officers see your photos at once. A photo is shown publicly only after an officer "
               "has checked it (people's faces, number plates). The system removes location and device details "
               "from every photo.");
    out += "</p>";
    return out;
}

}  // namespace

std::string phone_page(const PhonePageView& v) {
    PhoneLang l = v.lang;
    bool full = v.have >= v.max;
    std::string out = top(v);
    out += count_line(v);
    if (!v.arrived && !v.closed)
        out += std::string("<p class=\"card wait\">") +
               say(l, "Phản ánh của bạn đang được chuyển lên cổng; ảnh sẽ được gắn vào khi phản ánh đến.",
                   "Your report is still on its way to the portal; the photos will be attached when it arrives.") +
               "</p>";
    if (v.closed)
        out += "<p class=\"card stop\">" + html_escape(photo_problem_text(PhotoProblem::closed, l)) + "</p>";
    else if (full)
        out += "<p class=\"card stop\">" + html_escape(photo_problem_text(PhotoProblem::full, l)) + "</p>";
    else
        out += picker(v);
    out += privacy_note(l);
    if (v.expires_s > 0 && !v.closed)
        out += std::string("<p>") + say(l, "Liên kết này dùng được đến ngày ", "This link works until ") +
               vn_date(v.expires_s) + ".</p>";
    out += foot(l, !v.closed && !full);
    return out;
}

// [SECTION] link and result pages

namespace {

struct LinkWords {
    const char* title;
    const char* what;
};

LinkWords link_words(LinkProblem p, PhoneLang l) {
    if (p == LinkProblem::expired)
        return {say(l, "Liên kết này đã hết hạn", "This link has expired"),
                say(l,
                    "Để gửi thêm ảnh, hãy đến kiosk ở phường và tra cứu mã biên nhận của bạn trên kiosk: "
                    "kiosk sẽ cho bạn một liên kết gửi ảnh mới.",
                    "To add photos, go to the kiosk at the ward office and look up your receipt code there: "
                    "the kiosk will give you a new photo link.")};
    return {say(l, "Liên kết không hợp lệ", "This link is not valid"),
            say(l, "Hãy quét lại mã QR trên màn hình kiosk, hoặc tra cứu mã biên nhận của bạn tại kiosk ở phường "
                   "để nhận mã QR gửi ảnh mới.",
                "Please scan the QR code on the kiosk screen again, or look up your receipt code at the ward "
                "kiosk to get a new photo code.")};
}

}  // namespace

std::string link_problem_text(LinkProblem p, PhoneLang lang) {
    LinkWords w = link_words(p, lang);
    return std::string(w.title) + ". " + w.what;
}

// The other language follows under a rule: the page has no address of its own to switch to.
std::string phone_link_page(LinkProblem p, PhoneLang lang) {
    LinkWords w = link_words(p, lang);
    LinkWords o = link_words(p, other(lang));
    std::string out = head(lang, w.title);
    out += std::string("<h1>") + w.title + "</h1><p>" + w.what + "</p>";
    out += std::string("<div class=\"other\" lang=\"") + lang_tag(other(lang)) + "\"><p><b>" + o.title +
           "</b></p><p>" + o.what + "</p></div>";
    out += foot(lang);
    return out;
}

std::string phone_result_page(const PhonePageView& v, const std::vector<PhotoOutcome>& outcomes) {
    PhoneLang l = v.lang;
    std::string out = top(v);
    out += "<ul class=\"files\">";
    for (const PhotoOutcome& o : outcomes) {
        out += o.ok ? "<li class=\"ok\">" : "<li class=\"bad\">";
        out += "<span class=\"name\">" + html_escape(o.filename) + "</span><span class=\"state\">";
        out += o.ok ? std::string(say(l, "Đã nhận", "Received")) : html_escape(photo_problem_text(o.problem, l));
        out += "</span></li>";
    }
    out += "</ul>";
    out += count_line(v);
    bool more = !v.closed && v.have < v.max;
    out += "<a class=\"btn\" href=\"" + html_escape(page_url(v, l)) + "\">";
    out += more ? say(l, "Thêm ảnh khác", "Add more photos") : say(l, "Quay lại", "Back");
    out += "</a>";
    out += foot(l);
    return out;
}

// [SECTION] script

// Reads everything it says from the form's data- attributes; writes text only through
// textContent. One upload at a time: a phone on a weak network does better with one
// stream than five, and the count the portal answers stays in order.
const char* const kPhoneScript = R"JS(// Photos for a report: one POST per file, one at a time.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('photos');
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const d = form.dataset;
  const input = form.querySelector('input[type=file]');
  const list = document.getElementById('files');
  const haveEl = document.getElementById('have');
  const doneEl = document.getElementById('done');
  const submit = form.querySelector('[type=submit]');
  const pick = form.querySelector('.pick');
  const max = parseInt(d.max, 10) || 0;
  const maxBytes = parseInt(d.maxBytes, 10) || 0;
  let have = parseInt(d.have, 10) || 0;
  let pending = 0;
  let busy = false;
  const queue = [];

  form.classList.add('js');
  if (submit) submit.hidden = true;
  form.addEventListener('submit', (e) => e.preventDefault());

  const isPhoto = (f) => f.type === 'image/jpeg' || f.type === 'image/png' || /\.(jpe?g|png)$/i.test(f.name);

  function row(file) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = file.name;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    const state = document.createElement('span');
    state.className = 'state';
    li.appendChild(name);
    li.appendChild(bar);
    li.appendChild(state);
    list.appendChild(li);
    return { li, bar, state };
  }

  function show(r, text, ok) {
    r.state.textContent = text || '';
    if (ok === true) { r.li.className = 'ok'; r.bar.value = 100; }
    if (ok === false) {
      r.li.className = 'bad';
      if (r.bar.parentNode) r.bar.parentNode.removeChild(r.bar);
    }
  }

  function setHave(n) {
    have = n;
    if (haveEl) haveEl.textContent = String(n);
    if (have >= max) {
      input.disabled = true;
      if (pick) pick.classList.add('off');
    }
  }

  function send(job, next) {
    const r = job.r;
    let finished = false;
    const end = () => { if (!finished) { finished = true; next(); } };
    show(r, d.msgSending);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = 300000;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) r.bar.value = Math.round((e.loaded * 100) / e.total);
    };
    xhr.onload = () => {
      let reply = null;
      try { reply = JSON.parse(xhr.responseText); } catch (e) { reply = null; }
      if (reply && typeof reply.ok === 'boolean') {
        if (typeof reply.have === 'number') setHave(reply.have);
        show(r, reply.message || (reply.ok ? d.msgOk : d.msgFailed), reply.ok);
      } else {
        show(r, xhr.status === 413 ? d.msgTooBig : d.msgFailed, false);
      }
      end();
    };
    xhr.onerror = xhr.ontimeout = xhr.onabort = () => { show(r, d.msgFailed, false); end(); };
    const body = new FormData();
    body.append('photo', job.file, job.file.name);
    xhr.send(body);
  }

  function pump() {
    if (busy) return;
    const job = queue.shift();
    if (!job) {
      if (list.children.length) doneEl.textContent = have >= max ? d.msgFull : d.msgDone;
      return;
    }
    busy = true;
    doneEl.textContent = '';
    send(job, () => { busy = false; pending -= 1; pump(); });
  }

  input.addEventListener('change', () => {
    const files = Array.prototype.slice.call(input.files || []);
    for (const f of files) {
      const r = row(f);
      if (have + pending >= max) show(r, d.msgFull, false);
      else if (maxBytes && f.size > maxBytes) show(r, d.msgTooBig, false);
      else if (!isPhoto(f)) show(r, d.msgNotPhoto, false);
      else { pending += 1; show(r, d.msgWaiting); queue.push({ file: f, r }); }
    }
    input.value = '';
    pump();
  });
});
)JS";

}  // namespace wk::portal
