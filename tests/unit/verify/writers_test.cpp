#include "verify/writers.hpp"

#include "catalog/error.hpp"
#include "verify/sha256.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

// Golden tests for the report writers. Reports are built inline; the expected output lives in
// tests/unit/verify/golden/<report>.<format>. To regenerate after an intended change:
//   GPPARITY_UPDATE_GOLDEN=1 build/dev/tests/gpparity_unit_tests --gtest_filter='ReportWriters*'
// and read the diff before committing it.

using namespace gpparity;
using namespace gpparity::verify;
using catalog::FindingStatus;
using catalog::ObjectKind;
using checksum::TableStatus;

namespace {

const std::string k_weird = "shop.\"Weird \"\"Name\"\"\"";
const std::string k_script = "shop.\"<script>alert('x')</script>\"";
const std::string k_cafe = "shop.\"café_日本\"";
const std::string k_escape = "shop.\"esc\x1b[31mred\"";
const std::string k_secret = "s3cr3t-pw";

catalog::ClusterIdentity identity(catalog::Flavor flavor, std::string server_version,
                                  std::optional<std::string> gp_version, int segments) {
    catalog::ClusterIdentity id;
    id.flavor = flavor;
    id.server_version = std::move(server_version);
    id.gp_version = std::move(gp_version);
    id.database = "shop";
    id.user = "gpadmin";
    id.host = "cdw";
    id.port = 5432;
    if (segments == 0) {
        id.segments.push_back({-1, "localhost", "127.0.0.1", 5432});
    }
    for (int i = 0; i < segments; ++i) {
        id.segments.push_back(
            {i, "sdw" + std::to_string(i + 1), "10.0.0." + std::to_string(i + 1), 6000 + i});
    }
    return id;
}

checksum::SegmentResult segment(int content, std::uint64_t source, std::uint64_t target,
                                TableStatus status) {
    return {content, source, target, status};
}

checksum::TableResult table(std::string name, TableStatus status, std::uint64_t source,
                            std::uint64_t target) {
    checksum::TableResult t;
    t.table = std::move(name);
    t.status = status;
    t.strategy = "stream";
    t.source_rows = source;
    t.target_rows = target;
    t.placement_compared = true;
    return t;
}

/// A check of GP6 (from a snapshot file) against GP7 with something of everything.
Report failing_report() {
    Report r;
    r.gpparity_version = "0.0.0-test";
    r.command = "check";
    r.started = "2026-11-24T07:00:00Z";
    r.duration_s = 83.25;
    r.source.identity = identity(catalog::Flavor::gp6, "9.4.26", "6.26.0", 2);
    r.source.snapshot = SnapshotEvidence{"/backups/gp6 \"prod\".gpps", sha256_hex("abc"),
                                         "2026-11-20T22:15:00Z", "0.0.0-test"};
    r.target.identity = identity(catalog::Flavor::gp7, "12.12", "7.1.0", 2);
    r.target.connections_peak = 5;
    r.options = {{"source", "/backups/gp6 \"prod\".gpps"},
                 {"target", "host=cdw7 dbname=shop password=" + k_secret},
                 {"jobs", "4"},
                 {"include", "shop.*"},
                 {"format", "text"}};
    r.waivers = {WaiverOutcome{3,
                               "shop.tax(*)",
                               {"changed"},
                               std::nullopt,
                               "rewritten for GP7 <MIG-42>",
                               "2027-01-31",
                               "active",
                               1},
                 WaiverOutcome{9,
                               "shop.rekeyed",
                               {"content_mismatch", "count_mismatch"},
                               "shop",
                               "re-keyed & reloaded",
                               "2027-01-31",
                               "active",
                               1}};
    r.warnings = {"materialized view shop.mv_sales is not populated on the target: its rows were "
                  "not compared",
                  "table shop.orders was written during the run (n_tup_ins changed)"};

    CatalogSection c;
    c.compared = {{"table", 7}, {"view", 2}, {"function", 3}, {"index", 5}, {"schema", 1}};
    c.findings.push_back(
        {ObjectKind::table, k_weird, FindingStatus::missing_in_target, {}, "", ""});
    c.findings.push_back({ObjectKind::function,
                          "shop.add_tax(numeric)",
                          FindingStatus::extra_in_target,
                          {},
                          "",
                          ""});
    c.findings.push_back(
        {ObjectKind::view,
         "shop.v_orders",
         FindingStatus::changed,
         {{"definition",
           " SELECT o.id,\n    o.total,\n    o.customer_id\n   FROM shop.orders o\n  WHERE "
           "(o.total > (100)::numeric) AND o.status = 'open'::text;",
           " SELECT o.id,\n    o.total\n   FROM shop.orders o\n  WHERE (o.total > (100)::numeric) "
           "AND o.status = 'open'::text;"},
          {"owner", "gpadmin", std::nullopt}},
         "",
         ""});
    c.findings.push_back({ObjectKind::column,
                          k_script + ".\"a&b\"",
                          FindingStatus::changed,
                          {{"type", "character varying(20)", "text"}},
                          "",
                          ""});
    // A user mapping's options can hold a password: it must not reach any output.
    c.findings.push_back({ObjectKind::user_mapping,
                          "gpadmin@\"remote srv\"",
                          FindingStatus::changed,
                          {{"options", "user=app password=" + k_secret, "user=app"}},
                          "",
                          ""});
    c.findings.push_back({ObjectKind::external_table,
                          "shop.ext_gpfdist",
                          FindingStatus::incompatible,
                          {},
                          "",
                          "gpfdist external tables cannot be restored: recreate as a foreign "
                          "table with the gp_exttable_fdw"});
    c.findings.push_back({ObjectKind::table,
                          "shop.orders",
                          FindingStatus::expected_change,
                          {{"access_method", "ao_column (relstorage c)", "ao_column"}},
                          "storage_access_method",
                          ""});
    c.findings.push_back({ObjectKind::table,
                          k_cafe,
                          FindingStatus::expected_change,
                          {{"access_method", "heap (relstorage h)", "heap"}},
                          "storage_access_method",
                          ""});
    c.findings.push_back({ObjectKind::function,
                          "shop.f_exec()",
                          FindingStatus::expected_change,
                          {{"exec_location", "m", "c"}},
                          "exec_location_m_to_c",
                          ""});
    c.findings.push_back(
        {ObjectKind::function,
         "shop.tax(numeric)",
         FindingStatus::waived,
         {{"body", "SELECT $1 * 1.19", "SELECT $1 * 1.21"}},
         "",
         "",
         catalog::AppliedWaiver{"changed", "rewritten for GP7 <MIG-42>", "2027-01-31"}});
    r.catalog = c;

    DataSection d;
    d.strategy = "auto";
    d.mode = "hash";
    auto orders = table("shop.orders", TableStatus::content_mismatch, 1000, 1000);
    orders.segments = {segment(0, 500, 500, TableStatus::content_mismatch),
                       segment(1, 500, 500, TableStatus::match)};
    orders.column_names = {"id", "total", "note"};
    orders.rows.push_back(
        {"changed", {"42"}, {"42", "10.00", "café"}, {"42", "10.00", std::nullopt}, 1, 1, {2}});
    orders.excluded_columns = {"owner_oid: oid (cluster-specific)"};
    d.tables.push_back(orders);

    auto rekeyed = table("shop.rekeyed", TableStatus::waived, 300, 300);
    rekeyed.waiver =
        catalog::AppliedWaiver{"content_mismatch", "re-keyed & reloaded", "2027-01-31"};
    d.tables.push_back(rekeyed);

    auto weird = table(k_weird, TableStatus::missing_in_target, 10, 0);
    weird.target_rows = std::nullopt;
    weird.placement_compared = false;
    weird.placement_note = "table missing in target";
    d.tables.push_back(weird);

    auto lines = table("shop.lines", TableStatus::count_mismatch, 3000, 2999);
    lines.segments = {segment(0, 1500, 1500, TableStatus::match),
                      segment(1, 1500, 1499, TableStatus::count_mismatch)};
    d.tables.push_back(lines);

    auto moved = table("shop.customers", TableStatus::placement_mismatch, 200, 200);
    moved.segments = {segment(0, 100, 101, TableStatus::placement_mismatch),
                      segment(1, 100, 99, TableStatus::placement_mismatch)};
    moved.misplaced_rows = 1;
    moved.misplaced_examples.push_back({{"17"}, 0, 1});
    d.tables.push_back(moved);

    auto random = table("shop.events", TableStatus::match, 50, 50);
    random.placement_compared = false;
    random.placement_note = "randomly distributed: totals only";
    random.segments = {segment(0, 20, 30, TableStatus::match),
                       segment(1, 30, 20, TableStatus::match)};
    d.tables.push_back(random);

    auto cafe = table(k_cafe, TableStatus::match, 5, 5);
    cafe.segments = {segment(0, 2, 2, TableStatus::match), segment(1, 3, 3, TableStatus::match)};
    d.tables.push_back(cafe);

    auto broken = table(k_escape, TableStatus::error, 0, 0);
    broken.source_rows = std::nullopt;
    broken.target_rows = std::nullopt;
    broken.strategy = "";
    broken.message = "target: ERROR:  permission denied for table esc (connection host=cdw7 "
                     "password=" +
                     k_secret + ")";
    d.tables.push_back(broken);

    auto skipped = table(k_script, TableStatus::skipped, 0, 0);
    skipped.source_rows = std::nullopt;
    skipped.target_rows = std::nullopt;
    skipped.strategy = "";
    skipped.message = "column \"geom\" has type geometry, which has no canonical encoding";
    d.tables.push_back(skipped);
    r.data = d;
    sort_report(r);
    return r;
}

/// `gpparity data` between two PostgreSQL servers where everything matches.
Report passing_report() {
    Report r;
    r.gpparity_version = "0.0.0-test";
    r.command = "data";
    r.started = "2026-11-24T08:00:00Z";
    r.duration_s = 1.5;
    r.source.identity =
        identity(catalog::Flavor::postgres, "15.8 (Debian 15.8-0+deb12u1)", std::nullopt, 0);
    r.target.identity = r.source.identity;
    r.target.identity.database = "shop_copy";
    r.options = {{"source", "postgresql://alice:" + k_secret + "@db1/shop"},
                 {"target", "host=db2 dbname=shop_copy"}};
    DataSection d;
    d.strategy = "stream";
    d.mode = "hash";
    for (const char* name : {"public.a", "public.b", "shop.\"Order Lines\""}) {
        auto t = table(name, TableStatus::match, 12, 12);
        t.segments = {segment(-1, 12, 12, TableStatus::match)};
        d.tables.push_back(t);
    }
    // --skip-unchanged: two tables took the digests of the run that read them the day before.
    d.tables[0].reused_from = "2026-11-23T08:00:00Z";
    d.tables[2].reused_from = "2026-11-23T08:00:00Z";
    d.reuse = ReuseSummary{2, 48, 7 * 86400};
    r.options["skip_unchanged"] = "on";
    r.options["max_reuse_age"] = "7d";
    r.data = d;
    sort_report(r);
    return r;
}

/// A catalog run that could not finish: an error, no findings, no data section.
Report incomplete_report() {
    Report r;
    r.gpparity_version = "0.0.0-test";
    r.command = "catalog";
    r.started = "2026-11-24T09:00:00Z";
    r.duration_s = 3723.0;
    r.source.identity = identity(catalog::Flavor::gp6, "9.4.26", "6.26.0", 1);
    r.target.identity = identity(catalog::Flavor::gp7, "12.12", "7.1.0", 1);
    r.errors = {"target: lost connection while reading pg_proc (password=" + k_secret + ")"};
    r.catalog = CatalogSection{{}, {{"schema", 2}}};
    return r;
}

/// `gpparity data --show-rows 10`: drill-down rows of a keyed table (more than five of them, a
/// NULL turned into '', several columns changed, a long value, markup in values) and of a keyless
/// table (whole rows with their copies).
Report drilldown_report() {
    Report r;
    r.gpparity_version = "0.0.0-test";
    r.command = "data";
    r.started = "2026-11-24T10:00:00Z";
    r.duration_s = 4.0;
    r.source.identity =
        identity(catalog::Flavor::postgres, "15.8 (Debian 15.8-0+deb12u1)", std::nullopt, 0);
    r.target.identity = r.source.identity;
    DataSection d;
    d.strategy = "stream";
    d.mode = "hash";

    auto orders = table("shop.orders", TableStatus::count_mismatch, 1000, 1000);
    orders.segments = {segment(-1, 1000, 1000, TableStatus::content_mismatch)};
    orders.column_names = {"id", "note", "amount", "body"};
    const std::string long_body = std::string(200, 'x') + " status = 'open'";
    std::string long_target = long_body;
    long_target.replace(long_target.find("open"), 4, "shut");
    orders.rows = {
        {"changed",
         {"3"},
         {"3", "n3", "0.3", "b"},
         {"3", "n3", "0.30000000000000004", "b"},
         1,
         1,
         {2}},
        {"changed", {"11"}, {"11", std::nullopt, "1.1", "b"}, {"11", "", "1.1", "b"}, 1, 1, {1}},
        {"changed", {"12"}, {"12", "NULL", "1.2", "b"}, {"12", "a b", "-1.2", "b"}, 1, 1, {1, 2}},
        {"changed",
         {"13"},
         {"13", "n13", "1.3", long_body},
         {"13", "n13", "1.3", long_target},
         1,
         1,
         {3}},
        {"changed",
         {"14"},
         {"14", "a|b", "1.4", "<b>bold</b>"},
         {"14", "a|c", "1.4", "*x*"},
         1,
         1,
         {1, 3}},
        {"missing_in_target", {"777"}, {"777", "o777", "77.7", "it's"}, {}, 1, 0, {}},
        {"extra_in_target", {"5001"}, {}, {"5001", "new", "5", std::nullopt}, 0, 1, {}},
    };
    d.tables.push_back(orders);

    auto facts = table("shop.facts", TableStatus::content_mismatch, 41, 41);
    facts.segments = {segment(-1, 41, 41, TableStatus::content_mismatch)};
    facts.column_names = {"a", "b"};
    facts.rows = {
        {"missing_in_target", {}, {"7", "x"}, {}, 20, 19, {}},
        {"extra_in_target", {}, {}, {"8", " "}, 20, 21, {}},
    };
    d.tables.push_back(facts);
    r.data = d;
    sort_report(r);
    return r;
}

/// `check --all-databases`: two databases compared (one with a lost row, one with a missing
/// view), one on the source only, and a role difference that belongs to the cluster.
Report all_databases_report() {
    Report r;
    r.gpparity_version = "0.0.0-test";
    r.command = "check";
    r.started = "2026-11-24T10:00:00Z";
    r.duration_s = 12.0;
    r.source.identity = identity(catalog::Flavor::gp6, "9.4.26", "6.26.0", 2);
    r.target.identity = identity(catalog::Flavor::gp7, "12.12", "7.1.0", 2);
    r.source.identity.database = "postgres";
    r.target.identity.database = "postgres";
    r.options = {{"all_databases", "on"}};
    r.databases = {
        {"old", "missing_in_target", ""}, {"sales", "compared", ""}, {"shop", "compared", ""}};
    CatalogSection c;
    c.compared = {{"role", 4}, {"view", 3}, {"database", 2}};
    catalog::Finding old;
    old.kind = ObjectKind::database;
    old.object = "old";
    old.status = FindingStatus::missing_in_target;
    old.database = "old";
    catalog::Finding role;
    role.kind = ObjectKind::role;
    role.object = "etl";
    role.status = FindingStatus::missing_in_target;
    catalog::Finding view;
    view.kind = ObjectKind::view;
    view.object = "public.v_daily";
    view.status = FindingStatus::missing_in_target;
    view.database = "sales";
    c.findings = {old, role, view};
    r.catalog = c;
    DataSection d;
    d.strategy = "auto";
    auto lost = table("public.orders", TableStatus::count_mismatch, 100, 99);
    lost.database = "shop";
    auto same = table("public.orders", TableStatus::match, 40, 40);
    same.database = "sales";
    d.tables = {lost, same};
    r.data = d;
    sort_report(r);
    return r;
}

struct NamedReport {
    std::string name;
    Report report;
};

std::vector<NamedReport> all_reports() {
    return {{"failing", failing_report()},
            {"passing", passing_report()},
            {"incomplete", incomplete_report()},
            {"drilldown", drilldown_report()},
            {"all_databases", all_databases_report()}};
}

std::filesystem::path golden_dir() {
    return std::filesystem::path(GPPARITY_SOURCE_DIR) / "tests/unit/verify/golden";
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool updating_goldens() {
    const char* v = std::getenv("GPPARITY_UPDATE_GOLDEN");
    return v != nullptr && std::string(v) == "1";
}

/// Compares `actual` with the golden file, or rewrites it under GPPARITY_UPDATE_GOLDEN=1.
void expect_golden(const std::string& file, const std::string& actual, bool as_json) {
    const auto path = golden_dir() / file;
    if (updating_goldens()) {
        std::filesystem::create_directories(golden_dir());
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path))
        << path << " is missing; run with GPPARITY_UPDATE_GOLDEN=1 to create it";
    const std::string expected = read_file(path);
    if (as_json) {
        EXPECT_EQ(nlohmann::json::parse(actual), nlohmann::json::parse(expected)) << file;
    } else {
        EXPECT_EQ(actual, expected) << file << " differs; GPPARITY_UPDATE_GOLDEN=1 rewrites it";
    }
}

// A small XML 1.0 well-formedness check (elements nest and close, attributes are quoted and
// unique, only the five predefined entities and character references, no raw '<' or '&' in
// text, no characters XML forbids). Returns "" when well-formed, else what is wrong.
class XmlChecker {
public:
    explicit XmlChecker(std::string_view xml) : m_xml(xml) {}

    std::string check() {
        if (auto e = check_characters(); !e.empty()) {
            return e;
        }
        if (m_xml.substr(0, 5) == "<?xml") {
            const auto end = m_xml.find("?>");
            if (end == std::string_view::npos) {
                return "unterminated XML declaration";
            }
            m_pos = end + 2;
        }
        std::vector<std::string> open;
        bool seen_root = false;
        while (m_pos < m_xml.size()) {
            const char c = m_xml[m_pos];
            if (c != '<') {
                if (open.empty() && !std::isspace(static_cast<unsigned char>(c))) {
                    return "text outside the root element at " + std::to_string(m_pos);
                }
                if (auto e = check_text('<'); !e.empty()) {
                    return e;
                }
                continue;
            }
            if (m_xml.substr(m_pos, 2) == "</") {
                m_pos += 2;
                const std::string name = read_name();
                skip_space();
                if (!consume('>')) {
                    return "bad end tag at " + std::to_string(m_pos);
                }
                if (open.empty() || open.back() != name) {
                    return "mismatched end tag </" + name + ">";
                }
                open.pop_back();
                continue;
            }
            ++m_pos;
            if (open.empty() && seen_root) {
                return "second root element";
            }
            const std::string name = read_name();
            if (name.empty()) {
                return "bad start tag at " + std::to_string(m_pos);
            }
            std::vector<std::string> attributes;
            while (true) {
                skip_space();
                if (consume('>')) {
                    open.push_back(name);
                    break;
                }
                if (m_xml.substr(m_pos, 2) == "/>") {
                    m_pos += 2;
                    break;
                }
                const std::string attribute = read_name();
                if (attribute.empty()) {
                    return "bad attribute in <" + name + "> at " + std::to_string(m_pos);
                }
                for (const auto& a : attributes) {
                    if (a == attribute) {
                        return "duplicate attribute " + attribute;
                    }
                }
                attributes.push_back(attribute);
                skip_space();
                if (!consume('=')) {
                    return "attribute without value: " + attribute;
                }
                skip_space();
                if (m_pos >= m_xml.size() || (m_xml[m_pos] != '"' && m_xml[m_pos] != '\'')) {
                    return "unquoted attribute " + attribute;
                }
                const char quote = m_xml[m_pos++];
                if (auto e = check_text(quote); !e.empty()) {
                    return e;
                }
                if (!consume(quote)) {
                    return "unterminated attribute " + attribute;
                }
            }
            seen_root = true;
        }
        if (!open.empty()) {
            return "unclosed element <" + open.back() + ">";
        }
        return seen_root ? "" : "no root element";
    }

private:
    std::string check_characters() const {
        for (std::size_t i = 0; i < m_xml.size(); ++i) {
            const auto c = static_cast<unsigned char>(m_xml[i]);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return "control character " + std::to_string(c) + " at " + std::to_string(i);
            }
        }
        return "";
    }

    std::string check_text(char stop) {
        while (m_pos < m_xml.size() && m_xml[m_pos] != stop) {
            const char c = m_xml[m_pos];
            if (c == '<') {
                return "raw '<' in text at " + std::to_string(m_pos);
            }
            if (c == '&') {
                const auto end = m_xml.find(';', m_pos);
                if (end == std::string_view::npos) {
                    return "unterminated reference at " + std::to_string(m_pos);
                }
                const std::string_view ref = m_xml.substr(m_pos + 1, end - m_pos - 1);
                const bool ok = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" ||
                                ref == "apos" ||
                                (ref.size() > 1 && ref[0] == '#' &&
                                 ref.find_first_not_of("0123456789", 1) == std::string_view::npos);
                if (!ok) {
                    return "bad reference &" + std::string(ref) + ";";
                }
                m_pos = end + 1;
                continue;
            }
            ++m_pos;
        }
        return "";
    }

    std::string read_name() {
        const std::size_t start = m_pos;
        while (m_pos < m_xml.size() &&
               (std::isalnum(static_cast<unsigned char>(m_xml[m_pos])) || m_xml[m_pos] == '-' ||
                m_xml[m_pos] == '_' || m_xml[m_pos] == ':' || m_xml[m_pos] == '.')) {
            ++m_pos;
        }
        return std::string(m_xml.substr(start, m_pos - start));
    }

    void skip_space() {
        while (m_pos < m_xml.size() && std::isspace(static_cast<unsigned char>(m_xml[m_pos]))) {
            ++m_pos;
        }
    }

    bool consume(char c) {
        if (m_pos < m_xml.size() && m_xml[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    std::string_view m_xml;
    std::size_t m_pos = 0;
};

std::size_t count_occurrences(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST(ReportWriters, TextMatchesGolden) {
    for (const auto& [name, report] : all_reports()) {
        expect_golden(name + ".txt", render_report(report, "text", false), false);
    }
    expect_golden("failing.color.txt", render_report(failing_report(), "text", true), false);
}

TEST(ReportWriters, JsonMatchesGolden) {
    for (const auto& [name, report] : all_reports()) {
        expect_golden(name + ".json", render_report(report, "json", false), true);
    }
}

TEST(ReportWriters, JunitMatchesGolden) {
    for (const auto& [name, report] : all_reports()) {
        expect_golden(name + ".junit.xml", render_report(report, "junit", false), false);
    }
}

TEST(ReportWriters, MarkdownMatchesGolden) {
    for (const auto& [name, report] : all_reports()) {
        expect_golden(name + ".md", render_report(report, "markdown", false), false);
    }
}

TEST(ReportWriters, HtmlMatchesGolden) {
    for (const auto& [name, report] : all_reports()) {
        expect_golden(name + ".html", render_report(report, "html", false), false);
    }
}

TEST(ReportWriters, RejectsUnknownFormat) {
    EXPECT_THROW((void)render_report(passing_report(), "yaml", false), catalog::UsageError);
    EXPECT_THROW((void)render_report(passing_report(), "", false), catalog::UsageError);
    for (auto format : k_report_formats) {
        EXPECT_NO_THROW((void)render_report(passing_report(), format, false)) << format;
    }
}

TEST(ReportWriters, JsonHasEveryContractKey) {
    const auto j = nlohmann::json::parse(render_report(failing_report(), "json", false));
    for (const char* key :
         {"report_version", "gpparity", "started", "duration_s", "verdict", "command", "options",
          "warnings", "errors", "waivers", "source", "target", "catalog", "data"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_EQ(j["report_version"], 4);
    EXPECT_EQ(j["verdict"], "incomplete");
    EXPECT_EQ(j["duration_s"], 83.25);
    for (const char* side : {"source", "target"}) {
        for (const char* key :
             {"flavor", "server_version", "gp_version", "database", "segments", "snapshot"}) {
            EXPECT_TRUE(j[side].contains(key)) << side << "." << key;
        }
    }
    EXPECT_EQ(j["source"]["snapshot"]["sha256"], sha256_hex("abc"));
    EXPECT_TRUE(j["target"]["snapshot"].is_null());
    EXPECT_EQ(j["catalog"]["summary"]["changed"], 3);
    EXPECT_EQ(j["catalog"]["summary"]["expected_change"], 3);
    EXPECT_EQ(j["catalog"]["summary"]["incompatible"], 1);
    for (const auto& f : j["catalog"]["findings"]) {
        for (const char* key : {"kind", "object", "status", "details", "rule", "reason"}) {
            EXPECT_TRUE(f.contains(key)) << key;
        }
    }
    EXPECT_EQ(j["data"]["strategy"], "auto");
    EXPECT_EQ(j["data"]["mode"], "hash");
    for (const auto& t : j["data"]["tables"]) {
        for (const char* key :
             {"table", "status", "strategy", "source_rows", "target_rows", "placement",
              "placement_note", "excluded_columns", "message", "segments"}) {
            EXPECT_TRUE(t.contains(key)) << t["table"] << "." << key;
        }
        for (const auto& s : t["segments"]) {
            for (const char* key : {"content", "source_rows", "target_rows", "status"}) {
                EXPECT_TRUE(s.contains(key)) << key;
            }
        }
    }
    // Null values stay null: a missing table has no target row count.
    bool found_weird = false;
    for (const auto& t : j["data"]["tables"]) {
        if (t["table"] == k_weird) {
            found_weird = true;
            EXPECT_TRUE(t["target_rows"].is_null());
            EXPECT_EQ(t["placement"], "not_compared");
        }
        if (t["table"] == "shop.orders") {
            ASSERT_EQ(t["rows"].size(), 1U);
            EXPECT_TRUE(t["rows"][0]["target"][2].is_null());
            EXPECT_EQ(t["columns"], (nlohmann::json{"id", "total", "note"}));
        }
        if (t["table"] == "shop.customers") {
            EXPECT_EQ(t["misplaced_rows"], 1);
            EXPECT_EQ(t["misplaced_examples"][0]["belongs_to"], 1);
        }
    }
    EXPECT_TRUE(found_weird);
}

TEST(ReportWriters, JsonSectionsAreNullWhenAbsent) {
    const auto data_only = report_to_json(passing_report());
    EXPECT_TRUE(data_only["catalog"].is_null());
    EXPECT_EQ(data_only["verdict"], "pass");
    const auto catalog_only = report_to_json(incomplete_report());
    EXPECT_TRUE(catalog_only["data"].is_null());
    EXPECT_EQ(catalog_only["verdict"], "incomplete");
    Report placement = passing_report();
    placement.has_source = false;
    EXPECT_TRUE(report_to_json(placement)["source"].is_null());
}

TEST(ReportWriters, JsonKeepsLongValuesWhole) {
    const auto report = failing_report();
    const auto j = report_to_json(report);
    for (const auto& f : j["catalog"]["findings"]) {
        if (f["object"] == "shop.v_orders") {
            EXPECT_EQ(f["details"][0]["source"].get<std::string>().size(), 130U);
            EXPECT_TRUE(f["details"][1]["target"].is_null());
        }
    }
    const std::string text = render_report(report, "text", false);
    EXPECT_NE(text.find("…"), std::string::npos) << "the view text is shortened in text";
}

TEST(ReportWriters, NoPasswordInAnyFormat) {
    for (const auto& [name, report] : all_reports()) {
        for (auto format : k_report_formats) {
            for (bool color : {false, true}) {
                const std::string out = render_report(report, format, color);
                EXPECT_EQ(out.find(k_secret), std::string::npos) << name << " " << format;
            }
        }
    }
}

TEST(ReportWriters, JunitIsWellFormedWithOneCasePerObjectAndTable) {
    const std::string xml = render_report(failing_report(), "junit", false);
    EXPECT_EQ(XmlChecker(xml).check(), "");
    // 10 findings + 5 kinds compared, 9 tables; the waived ones pass.
    EXPECT_EQ(count_occurrences(xml, "<testcase "), 10U + 5U + 9U);
    EXPECT_NE(xml.find("<testsuite name=\"catalog\" tests=\"15\" failures=\"6\" errors=\"0\" "
                       "skipped=\"0\""),
              std::string::npos);
    EXPECT_NE(xml.find("<testsuite name=\"data\" tests=\"9\" failures=\"4\" errors=\"1\" "
                       "skipped=\"1\""),
              std::string::npos);
    EXPECT_NE(xml.find("name=\"shop.&quot;Weird &quot;&quot;Name&quot;&quot;&quot;\""),
              std::string::npos);
    EXPECT_EQ(xml.find("<script>"), std::string::npos);
    EXPECT_EQ(xml.find('\x1b'), std::string::npos);
    for (const auto& [name, report] : all_reports()) {
        EXPECT_EQ(XmlChecker(render_report(report, "junit", false)).check(), "") << name;
    }
}

TEST(ReportWriters, JunitValidatesWithXmllintWhenInstalled) {
    if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
        GTEST_SKIP() << "xmllint not installed (Debian package libxml2-utils)";
    }
    for (const auto& [name, report] : all_reports()) {
        const auto path = std::filesystem::temp_directory_path() /
                          ("gpparity_junit_" + name + "_" + std::to_string(::getpid()) + ".xml");
        std::ofstream(path, std::ios::binary) << render_report(report, "junit", false);
        const std::string command = "xmllint --noout '" + path.string() + "'";
        EXPECT_EQ(std::system(command.c_str()), 0) << name << ": " << path;
        std::filesystem::remove(path);
    }
}

TEST(ReportWriters, XmlCheckerRejectsBrokenXml) {
    EXPECT_NE(XmlChecker("<a><b></a>").check(), "");
    EXPECT_NE(XmlChecker("<a>x & y</a>").check(), "");
    EXPECT_NE(XmlChecker("<a b=\"<\"/>").check(), "");
    EXPECT_NE(XmlChecker("<a>\x01</a>").check(), "");
    EXPECT_NE(XmlChecker("<a b=\"1\" b=\"2\"/>").check(), "");
    EXPECT_EQ(XmlChecker("<?xml version=\"1.0\"?>\n<a b='&amp;&#10;'>x<c/></a>\n").check(), "");
}

TEST(ReportWriters, HostileNamesAreEscapedInMarkup) {
    const auto report = failing_report();
    const std::string html = render_report(report, "html", false);
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(html.find("café_日本"), std::string::npos) << "non-ASCII is kept as UTF-8";
    EXPECT_EQ(html.find('\x1b'), std::string::npos);
    EXPECT_EQ(html.find("http"), std::string::npos) << "the page loads nothing from the network";
    const std::string md = render_report(report, "markdown", false);
    EXPECT_EQ(md.find("<script>"), std::string::npos);
    EXPECT_EQ(md.find('\x1b'), std::string::npos);
}

TEST(ReportWriters, PlainTextHasNoEscapeSequencesAndColorTextHas) {
    const auto report = failing_report();
    const std::string plain = render_report(report, "text", false);
    EXPECT_EQ(plain.find('\x1b'), std::string::npos);
    EXPECT_NE(plain.find("shop.\"esc\\x1B[31mred\""), std::string::npos);
    const std::string color = render_report(report, "text", true);
    EXPECT_NE(color.find("\x1b[1;33mVERDICT: INCOMPLETE"), std::string::npos);
    EXPECT_EQ(color.find("\x1b[31mred"), std::string::npos) << "a name cannot colour the terminal";
}

TEST(ReportWriters, TextStartsWithTheVerdictAndFitsTheTerminal) {
    EXPECT_EQ(render_report(failing_report(), "text", false)
                  .rfind("VERDICT: INCOMPLETE — 6 catalog differences, 4 tables differ, 2 tables "
                         "not compared\n",
                         0),
              0U);
    EXPECT_EQ(render_report(passing_report(), "text", false)
                  .rfind("VERDICT: PASS — the target is complete: 3 tables compared\n", 0),
              0U);
    for (const auto& [name, report] : all_reports()) {
        std::istringstream text(render_report(report, "text", false));
        std::string line;
        while (std::getline(text, line)) {
            std::size_t width = 0;
            for (char c : line) {
                width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
            }
            EXPECT_LE(width, 100U) << name << ": " << line;
        }
    }
}

TEST(ReportWriters, InvalidUtf8IsReplacedNotFatal) {
    Report report = passing_report();
    report.data->tables[0].table = "public.\"bad\xff\xfe\"";
    report.warnings.push_back("latin-1 \xe9t\xe9");
    report.data->tables[1].table = "public.\"nonchar\xEF\xBF\xBE\x01\""; // U+FFFE, SOH
    for (auto format : k_report_formats) {
        const std::string out = render_report(report, format, false);
        EXPECT_EQ(out.find('\xff'), std::string::npos) << format;
        EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos) << format;
    }
    const auto parsed = nlohmann::json::parse(render_report(report, "json", false), nullptr, false);
    EXPECT_FALSE(parsed.is_discarded());
    const std::string xml = render_report(report, "junit", false);
    EXPECT_EQ(XmlChecker(xml).check(), "");
    EXPECT_EQ(xml.find("\xEF\xBF\xBE"), std::string::npos) << "U+FFFE is not an XML character";
    EXPECT_NE(xml.find("nonchar\xEF\xBF\xBD\\x01"), std::string::npos);
}

TEST(ReportWriters, OutputIsDeterministic) {
    for (auto format : k_report_formats) {
        EXPECT_EQ(render_report(failing_report(), format, true),
                  render_report(failing_report(), format, true))
            << format;
    }
}

namespace {

/// Number of '|' that are table-cell separators in a Markdown line (not backslash-escaped).
std::size_t markdown_separators(const std::string& line) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '|') {
            ++n;
        }
    }
    return n;
}

std::string line_starting_with(const std::string& text, const std::string& prefix) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind(prefix, 0) == 0) {
            return line;
        }
    }
    return {};
}

} // namespace

TEST(ReportWriters, MarkdownShowsEveryDrilldownRowLikeText) {
    const std::string md = render_report(drilldown_report(), "markdown", false);
    for (const char* expected : {
             "differing rows (7 shown):<br>**(3) changed**: amount 0.3 → 0.30000000000000004<br>",
             "<br>**(11) changed**: note NULL → ''<br>",
             "<br>**(12) changed**: note 'NULL' → 'a b', amount 1.2 → -1.2<br>",
             "<br>**(14) changed**: note a\\|b → a\\|c, body \\<b\\>bold\\</b\\> → \\*x\\*<br>",
             "<br>**(777) missing in target**: id 777, note o777, amount 77.7, body 'it''s'<br>",
             "<br>**(5001) extra in target**: id 5001, note new, amount 5, body NULL |",
             "<br>differing rows (2 shown):<br>**missing in target (copies: source 20, target "
             "19)**: a 7, b x<br>**extra in target (copies: source 20, target 21)**: a 8, b ' ' |",
         }) {
        EXPECT_NE(md.find(expected), std::string::npos) << expected << "\n" << md;
    }
    EXPECT_EQ(md.find("more differing rows"), std::string::npos) << "--show-rows N limits rows";
    EXPECT_EQ(md.find("()"), std::string::npos) << "a keyless row has no empty key";
    EXPECT_EQ(markdown_separators(line_starting_with(md, "| shop.orders |")), 6U)
        << "a '|' in a value does not split the table cell";
}

TEST(ReportWriters, HtmlShowsEveryDrilldownRowLikeText) {
    const std::string html = render_report(drilldown_report(), "html", false);
    for (const char* expected : {
             "<li>differing rows (7 shown):<ul class=\"detail\"><li>(3) changed: <b>amount</b> "
             "<code>0.3</code> → <code>0.30000000000000004</code></li>",
             "<li>(11) changed: <b>note</b> <span class=\"null\">NULL</span> → "
             "<code>&#39;&#39;</code></li>",
             "<li>(12) changed: <b>note</b> <code>&#39;NULL&#39;</code> → <code>&#39;a "
             "b&#39;</code>, <b>amount</b> <code>1.2</code> → <code>-1.2</code></li>",
             "<li>(14) changed: <b>note</b> <code>a|b</code> → <code>a|c</code>, <b>body</b> "
             "<code>&lt;b&gt;bold&lt;/b&gt;</code> → <code>*x*</code></li>",
             "<li>(777) missing in target: <b>id</b> <code>777</code>, <b>note</b> "
             "<code>o777</code>, <b>amount</b> <code>77.7</code>, <b>body</b> "
             "<code>&#39;it&#39;&#39;s&#39;</code></li>",
             "<li>(5001) extra in target: <b>id</b> <code>5001</code>, <b>note</b> "
             "<code>new</code>, "
             "<b>amount</b> <code>5</code>, <b>body</b> <span "
             "class=\"null\">NULL</span></li></ul></li>",
             "<li>differing rows (2 shown):<ul class=\"detail\"><li>missing in target (copies: "
             "source 20, target 19): <b>a</b> <code>7</code>, <b>b</b> "
             "<code>x</code></li><li>extra "
             "in target (copies: source 20, target 21): <b>a</b> <code>8</code>, <b>b</b> "
             "<code>&#39; &#39;</code></li></ul></li>",
         }) {
        EXPECT_NE(html.find(expected), std::string::npos) << expected << "\n" << html;
    }
    EXPECT_EQ(html.find("more differing rows"), std::string::npos) << "--show-rows N limits rows";
    EXPECT_EQ(html.find("<b>bold</b>"), std::string::npos);
    EXPECT_EQ(html.find("<code>()</code>"), std::string::npos) << "a keyless row has no empty key";
    EXPECT_EQ(html.find("source <code>("), std::string::npos) << "no whole-row dumps";
}

TEST(ReportWriters, DrilldownValuesAreCutAroundTheDifferenceExceptInJson) {
    const auto report = drilldown_report();
    const std::string long_run(150, 'x');
    for (const auto& [format, shut] : std::vector<std::pair<std::string, std::string>>{
             {"text", "status = ''shut'''"},
             {"markdown", "status = ''shut'''"},
             {"html", "status = &#39;&#39;shut&#39;&#39;&#39;</code>"}}) {
        const std::string out = render_report(report, format, false);
        EXPECT_NE(out.find(shut), std::string::npos) << format << ": the difference is shown";
        EXPECT_EQ(out.find(long_run), std::string::npos) << format << ": the value is cut";
    }
    const auto j = report_to_json(report);
    bool found = false;
    for (const auto& t : j["data"]["tables"]) {
        for (const auto& row : t["rows"]) {
            if (row["key"] == nlohmann::json::array({"13"})) {
                found = true;
                EXPECT_EQ(row["target"][3], std::string(200, 'x') + " status = 'shut'");
            }
        }
    }
    EXPECT_TRUE(found);
}

TEST(ReportWriters, NotApplicableTablesAreListedAndLeftOutOfTheVerdict) {
    Report r = passing_report();
    auto external = table("shop.ext_web", TableStatus::not_applicable, 0, 0);
    external.source_rows.reset();
    external.target_rows.reset();
    external.message = "external table: its data lives outside the cluster";
    r.data->tables.push_back(external);
    sort_report(r);
    EXPECT_EQ(verdict_of(r), Verdict::pass);
    const std::string text = render_report(r, "text", false);
    EXPECT_EQ(text.rfind("VERDICT: PASS — the target is complete: 3 tables compared (1 not "
                         "applicable)",
                         0),
              0u)
        << text;
    EXPECT_NE(text.find("Tables not applicable (their data lives outside the cluster)\n"
                        "    shop.ext_web\n      external table: its data lives outside the "
                        "cluster"),
              std::string::npos)
        << text;
    const auto json = nlohmann::json::parse(render_report(r, "json", false));
    EXPECT_EQ(json["verdict"], "pass");
    bool listed = false;
    for (const auto& t : json["data"]["tables"]) {
        if (t["table"] == "shop.ext_web") {
            listed = true;
            EXPECT_EQ(t["status"], "not_applicable");
        }
    }
    EXPECT_TRUE(listed);
    const std::string junit = render_report(r, "junit", false);
    EXPECT_NE(junit.find("failures=\"0\" errors=\"0\" skipped=\"1\""), std::string::npos) << junit;
    for (const char* format : {"markdown", "html"}) {
        EXPECT_NE(render_report(r, format, false).find("not applicable"), std::string::npos)
            << format;
    }
}
