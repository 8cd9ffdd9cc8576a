// Kept tallies for the board and the statistics (issue 17): the counts that
// tally_since and public_tally_since answer, kept by triggers in the same transaction
// as every write to reports and public_reports, so that opening the statistics or
// switching to the whole province reads a few hundred cells instead of counting a
// year of reports (1.6 s at a million). SQLite runs the triggers whatever code writes,
// so no write path can forget them; test_store_tallies checks them against a recount
// after random writes.
// - report_tally: this kiosk's reports by month (Vietnam time), category and status,
//   withdrawn ones without a case left out; since v10 one waiting to be sent counts as
//   "open", and tally_since moves the few waiting ones to "pending" live.
// - public_tally: the province's reports by month, ward, category and status, with how
//   many were final by their expected date; ward '*' is the whole province.
// - reports.in_public: the report's case is among the pulled public reports; the
//   figures count the others beside the public ones (report_tally.pulled = 0).
#include <cctype>
#include <string>
#include <string_view>

#include "sync/report.hpp"

namespace wk {
namespace {

std::string replaced(std::string s, std::string_view from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

const char* const kTemplate = R"sql(
ALTER TABLE reports ADD COLUMN in_public INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET in_public = 1 WHERE service_request_id <> ''
  AND EXISTS (SELECT 1 FROM public_reports p WHERE p.service_request_id = reports.service_request_id);
CREATE TRIGGER reports_in_public AFTER UPDATE OF service_request_id ON reports BEGIN
  UPDATE reports SET in_public = (NEW.service_request_id <> '' AND EXISTS
    (SELECT 1 FROM public_reports p WHERE p.service_request_id = NEW.service_request_id)) WHERE id = NEW.id;
END;
CREATE TABLE report_tally (
  ym INTEGER NOT NULL,                   -- year * 100 + month of created_at, Vietnam time
  service_code TEXT NOT NULL,
  status TEXT NOT NULL,                  -- 'pending' before the portal has the report
  pulled INTEGER NOT NULL,               -- reports.in_public
  count INTEGER NOT NULL,
  PRIMARY KEY (ym, service_code, status, pulled)
) WITHOUT ROWID;
INSERT INTO report_tally
  SELECT YM(created_at), service_code, ST(status), in_public, count(*) FROM reports
  WHERE withdrawn_at = 0 OR service_request_id <> '' GROUP BY 1, 2, 3, 4;
CREATE TRIGGER report_tally_insert AFTER INSERT ON reports WHEN COUNTED(NEW) BEGIN REPORT_IN; END;
CREATE TRIGGER report_tally_delete AFTER DELETE ON reports WHEN COUNTED(OLD) BEGIN REPORT_OUT; END;
CREATE TRIGGER report_tally_update_old AFTER UPDATE OF REPORT_COLUMNS ON reports WHEN COUNTED(OLD) BEGIN
  REPORT_OUT;
END;
CREATE TRIGGER report_tally_update_new AFTER UPDATE OF REPORT_COLUMNS ON reports WHEN COUNTED(NEW) BEGIN
  REPORT_IN;
END;

CREATE TABLE public_tally (
  ym INTEGER NOT NULL,                   -- of requested_at
  ward TEXT NOT NULL,                    -- '*': every ward
  service_code TEXT NOT NULL,
  status TEXT NOT NULL,
  count INTEGER NOT NULL,
  on_time INTEGER NOT NULL,
  PRIMARY KEY (ym, ward, service_code, status)
) WITHOUT ROWID;
INSERT INTO public_tally
  SELECT YM(requested_at), ward, service_code, status, count(*), sum(ONTIME(public_reports))
  FROM public_reports GROUP BY 1, 2, 3, 4;
INSERT INTO public_tally
  SELECT YM(requested_at), '*', service_code, status, count(*), sum(ONTIME(public_reports))
  FROM public_reports GROUP BY 1, 3, 4;
CREATE TRIGGER public_tally_insert AFTER INSERT ON public_reports BEGIN
  PUBLIC_IN;
  UPDATE reports SET in_public = 1 WHERE service_request_id = NEW.service_request_id AND service_request_id <> '';
END;
CREATE TRIGGER public_tally_delete AFTER DELETE ON public_reports BEGIN
  PUBLIC_OUT;
  UPDATE reports SET in_public = 0 WHERE service_request_id = OLD.service_request_id AND service_request_id <> '';
END;
CREATE TRIGGER public_tally_update AFTER UPDATE OF service_code, status, requested_at, updated_at, expected_at,
  ward ON public_reports BEGIN
  PUBLIC_OUT;
  PUBLIC_IN;
END;

)sql";

// v9: the same cells, moved only when a row's cell really changes. An upload's
// acknowledgement used to set in_public to the 0 it already was, which moved the
// report out of its cell and back twice more (the agent's drain lost 8 points of its
// rate to that).
const char* const kTemplateV9 = R"sql(
DROP TRIGGER reports_in_public;
DROP TRIGGER report_tally_update_old;
DROP TRIGGER report_tally_update_new;
CREATE TRIGGER reports_in_public AFTER UPDATE OF service_request_id ON reports
  WHEN NEW.service_request_id IS NOT OLD.service_request_id BEGIN
  UPDATE reports SET in_public = IN_PUBLIC(NEW) WHERE id = NEW.id AND in_public IS NOT IN_PUBLIC(NEW);
END;
CREATE TRIGGER report_tally_update_old AFTER UPDATE OF REPORT_COLUMNS ON reports
  WHEN COUNTED(OLD) AND NOT (COUNTED(NEW) AND SAME_CELL) BEGIN
  REPORT_OUT;
END;
CREATE TRIGGER report_tally_update_new AFTER UPDATE OF REPORT_COLUMNS ON reports
  WHEN COUNTED(NEW) AND NOT (COUNTED(OLD) AND SAME_CELL) BEGIN
  REPORT_IN;
END;
)sql";

// v10: a report waiting to be sent (status '') sits in the same cell as an open one, and
// tally_since tells the few waiting ones apart live (a partial index). An upload's
// acknowledgement ('' -> 'open') then leaves the tally untouched: moving the cell dirtied
// one more page per commit, and the WAL's checkpoints cost the agent's drain 5 to 8
// points of its rate.
const char* const kTemplateV10 = R"sql(
DROP TRIGGER report_tally_insert;
DROP TRIGGER report_tally_delete;
DROP TRIGGER report_tally_update_old;
DROP TRIGGER report_tally_update_new;
DELETE FROM report_tally;
INSERT INTO report_tally
  SELECT YM(created_at), service_code, OPEN_ST(status), in_public, count(*) FROM reports
  WHERE withdrawn_at = 0 OR service_request_id <> '' GROUP BY 1, 2, 3, 4;
CREATE INDEX reports_pending ON reports (created_at) WHERE status = '';
CREATE TRIGGER report_tally_insert AFTER INSERT ON reports WHEN COUNTED(NEW) BEGIN OPEN_IN; END;
CREATE TRIGGER report_tally_delete AFTER DELETE ON reports WHEN COUNTED(OLD) BEGIN OPEN_OUT; END;
CREATE TRIGGER report_tally_update_old AFTER UPDATE OF REPORT_COLUMNS ON reports
  WHEN COUNTED(OLD) AND NOT (COUNTED(NEW) AND OPEN_SAME) BEGIN
  OPEN_OUT;
END;
CREATE TRIGGER report_tally_update_new AFTER UPDATE OF REPORT_COLUMNS ON reports
  WHEN COUNTED(NEW) AND NOT (COUNTED(OLD) AND OPEN_SAME) BEGIN
  OPEN_IN;
END;
)sql";

}  // namespace

// YM(t): the month in Vietnam (UTC+7) as year * 100 + month; ST(s): a status, 'pending'
// when empty; ONTIME(r): final by its expected date, or with none given.
static std::string expand(std::string s) {
    // v10's cells: a report waiting to be sent counts as open (see kTemplateV10).
    s = replaced(s, "OPEN_IN", "INSERT INTO report_tally VALUES (YM(NEW.created_at), NEW.service_code, OPEN_ST(NEW.status), "
                               "NEW.in_public, 1) ON CONFLICT DO UPDATE SET count = count + 1");
    s = replaced(s, "OPEN_OUT", "UPDATE report_tally SET count = count - 1 WHERE ym = YM(OLD.created_at) AND service_code = "
                                "OLD.service_code AND status = OPEN_ST(OLD.status) AND pulled = OLD.in_public");
    s = replaced(s, "OPEN_SAME", "OLD.created_at = NEW.created_at AND OLD.service_code = NEW.service_code AND "
                                 "OPEN_ST(OLD.status) = OPEN_ST(NEW.status) AND OLD.in_public = NEW.in_public");
    for (const char* col : {"NEW.status", "OLD.status", "status"})
        s = replaced(s, std::string("OPEN_ST(") + col + ")",
                     std::string("(CASE WHEN ") + col + " = '' THEN 'open' ELSE " + col + " END)");
    // Each trigger takes its row out of the old cell (-1) and puts it into the new one (+1).
    s = replaced(s, "IN_PUBLIC(NEW)", "(NEW.service_request_id <> '' AND EXISTS (SELECT 1 FROM public_reports p "
                                      "WHERE p.service_request_id = NEW.service_request_id))");
    s = replaced(s, "SAME_CELL", "OLD.created_at = NEW.created_at AND OLD.service_code = NEW.service_code AND "
                                 "ST(OLD.status) = ST(NEW.status) AND OLD.in_public = NEW.in_public");
    s = replaced(s, "REPORT_COLUMNS", "service_code, status, created_at, withdrawn_at, service_request_id, in_public");
    s = replaced(s, "COUNTED(NEW)", "(NEW.withdrawn_at = 0 OR NEW.service_request_id <> '')");
    s = replaced(s, "COUNTED(OLD)", "(OLD.withdrawn_at = 0 OR OLD.service_request_id <> '')");
    s = replaced(s, "REPORT_IN",
                 "INSERT INTO report_tally VALUES (YM(NEW.created_at), NEW.service_code, ST(NEW.status), "
                 "NEW.in_public, 1) ON CONFLICT DO UPDATE SET count = count + 1");
    s = replaced(s, "REPORT_OUT",
                 "UPDATE report_tally SET count = count - 1 WHERE ym = YM(OLD.created_at) AND service_code = "
                 "OLD.service_code AND status = ST(OLD.status) AND pulled = OLD.in_public");
    std::string in;
    for (const char* ward : {"NEW.ward", "'*'"})
        in += std::string(in.empty() ? "" : ";\n  ") + "INSERT INTO public_tally VALUES (YM(NEW.requested_at), " +
              ward + ", NEW.service_code, NEW.status, 1, ONTIME(NEW)) ON CONFLICT DO UPDATE SET count = count + 1, "
              "on_time = on_time + excluded.on_time";
    s = replaced(s, "PUBLIC_IN", in);
    s = replaced(s, "PUBLIC_OUT",
                 "UPDATE public_tally SET count = count - 1, on_time = on_time - ONTIME(OLD) WHERE ym = "
                 "YM(OLD.requested_at) AND ward IN (OLD.ward, '*') AND service_code = OLD.service_code AND "
                 "status = OLD.status");
    s = replaced(s, "ONTIME(public_reports)",
                 "(status IN " + final_statuses_sql() + " AND (expected_at = 0 OR updated_at <= expected_at))");
    for (const char* row : {"NEW", "OLD"})
        s = replaced(s, std::string("ONTIME(") + row + ")",
                     std::string("(") + row + ".status IN " + final_statuses_sql() + " AND (" + row +
                         ".expected_at = 0 OR " + row + ".updated_at <= " + row + ".expected_at))");
    // YM(x) and ST(x): the argument runs to the next parenthesis (none is nested here).
    std::string out;
    for (size_t i = 0; i < s.size();) {
        bool ym = s.compare(i, 3, "YM(") == 0, st = s.compare(i, 3, "ST(") == 0;
        bool word_start = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_');
        if (!(ym || st) || !word_start) {
            out += s[i++];
            continue;
        }
        size_t close = s.find(')', i + 3);
        std::string arg = s.substr(i + 3, close - i - 3);
        out += ym ? "CAST(strftime('%Y%m', (" + arg + ") / 1000, 'unixepoch', '+7 hours') AS INTEGER)"
                  : "(CASE WHEN (" + arg + ") = '' THEN 'pending' ELSE (" + arg + ") END)";
        i = close + 1;
    }
    return out;
}

std::string_view tallies_schema_v8() {
    static const std::string sql = expand(kTemplate);
    return sql;
}

std::string_view tallies_schema_v9() {
    static const std::string sql = expand(kTemplateV9);
    return sql;
}

std::string_view tallies_schema_v10() {
    static const std::string sql = expand(kTemplateV10);
    return sql;
}

}  // namespace wk
