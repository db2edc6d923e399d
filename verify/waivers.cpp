#include "verify/waivers.hpp"

#include "catalog/error.hpp"
#include "catalog/filter.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

namespace gpparity::verify {

namespace {

using std::chrono::year_month_day;

// The statuses a waiver may name: the differences, catalog and data. expected_change, matches,
// skipped and error are not differences a waiver could accept (an error is something that
// could not be compared, and stays so).
const std::set<std::string, std::less<>>& waivable_statuses() {
    static const std::set<std::string, std::less<>> k_statuses{
        "missing_in_target", "extra_in_target",  "changed",           "incompatible",
        "count_mismatch",    "content_mismatch", "placement_mismatch"};
    return k_statuses;
}

std::string waivable_list() {
    std::string out;
    for (const auto& s : waivable_statuses()) {
        out += out.empty() ? "" : ", ";
        out += s;
    }
    return out;
}

class EntryReader {
public:
    EntryReader(const toml::table& entry, std::string where)
        : m_entry(entry), m_where(std::move(where)) {}

    [[noreturn]] void fail(const std::string& cause) const {
        throw catalog::UsageError(m_where + ": " + cause);
    }

    std::string text(std::string_view key, bool required) const {
        const toml::node* node = m_entry.get(key);
        if (node == nullptr) {
            if (required) {
                fail("`" + std::string(key) + "` is required");
            }
            return {};
        }
        const auto* value = node->as_string();
        if (value == nullptr || value->get().empty()) {
            fail("`" + std::string(key) + "` must be a non-empty string");
        }
        return value->get();
    }

    std::vector<std::string> statuses() const {
        const toml::node* node = m_entry.get("status");
        std::vector<std::string> out;
        if (node == nullptr) {
            fail("`status` is required (one of " + waivable_list() + ", or an array of them)");
        }
        if (const auto* one = node->as_string()) {
            out.push_back(one->get());
        } else if (const auto* many = node->as_array()) {
            for (const auto& element : *many) {
                const auto* s = element.as_string();
                if (s == nullptr) {
                    fail("`status` must be a string or an array of strings");
                }
                out.push_back(s->get());
            }
        } else {
            fail("`status` must be a string or an array of strings");
        }
        if (out.empty()) {
            fail("`status` is empty");
        }
        for (const auto& s : out) {
            if (waivable_statuses().count(s) == 0) {
                fail("status '" + s + "' cannot be waived (waivable: " + waivable_list() + ")");
            }
        }
        return out;
    }

    year_month_day expires(year_month_day today) const {
        const toml::node* node = m_entry.get("expires");
        if (node == nullptr) {
            fail("`expires` is required (a date, e.g. expires = " +
                 to_string(std::chrono::sys_days(today) + std::chrono::days(30)) + ")");
        }
        const auto* date = node->as_date();
        if (date == nullptr) {
            fail("`expires` must be a TOML date without quotes, e.g. expires = 2027-01-31");
        }
        const toml::date d = date->get();
        const year_month_day out{std::chrono::year(d.year), std::chrono::month(d.month),
                                 std::chrono::day(d.day)};
        const auto latest = std::chrono::sys_days(today) + std::chrono::days(k_max_waiver_days);
        if (std::chrono::sys_days(out) > latest) {
            fail("expires " + to_string(out) + " is more than " +
                 std::to_string(k_max_waiver_days) + " days ahead (at most " + to_string(latest) +
                 "): accepted differences are looked at again");
        }
        return out;
    }

    void only_known_keys() const {
        static const std::set<std::string, std::less<>> k_keys{"object", "status", "database",
                                                               "reason", "expires"};
        for (const auto& [key, value] : m_entry) {
            if (k_keys.count(key.str()) == 0) {
                fail("unknown key `" + std::string(key.str()) +
                     "` (a waiver has object, status, database, reason, expires)");
            }
        }
    }

private:
    const toml::table& m_entry;
    std::string m_where;
};

Waiver read_entry(const toml::table& entry, const std::string& where, year_month_day today) {
    EntryReader r(entry, where);
    r.only_known_keys();
    Waiver w;
    w.line = static_cast<int>(entry.source().begin.line);
    w.object = r.text("object", true);
    w.statuses = r.statuses();
    if (auto database = r.text("database", false); !database.empty()) {
        w.database = std::move(database);
    }
    w.reason = r.text("reason", true);
    w.expires = r.expires(today);
    return w;
}

bool expired(const Waiver& w, year_month_day today) {
    return std::chrono::sys_days(w.expires) < std::chrono::sys_days(today);
}

// Finds the first live waiver covering an item, counts the match and returns what the item
// carries from then on.
class Matcher {
public:
    Matcher(const std::vector<Waiver>& waivers, std::vector<bool> live)
        : m_waivers(waivers), m_live(std::move(live)), m_covered(waivers.size()) {}

    /// `database`: the item's, under --all-databases (then a waiver naming a database covers
    /// only that database's items); nullopt in a single-database run.
    std::optional<catalog::AppliedWaiver> cover(std::string_view status, std::string_view identity,
                                                const std::optional<std::string>& database) {
        for (std::size_t i = 0; i < m_waivers.size(); ++i) {
            const Waiver& w = m_waivers[i];
            if (m_live[i] &&
                std::find(w.statuses.begin(), w.statuses.end(), status) != w.statuses.end() &&
                catalog::glob_match(w.object, identity) &&
                (!database || !w.database || *w.database == *database)) {
                ++m_covered[i];
                return catalog::AppliedWaiver{std::string(status), w.reason, to_string(w.expires)};
            }
        }
        return std::nullopt;
    }

    [[nodiscard]] std::size_t covered(std::size_t i) const { return m_covered[i]; }

private:
    const std::vector<Waiver>& m_waivers;
    std::vector<bool> m_live;
    std::vector<std::size_t> m_covered;
};

std::string describe(const Waiver& w) {
    std::string out =
        "waiver at line " + std::to_string(w.line) + " (object '" + w.object + "', status ";
    for (std::size_t i = 0; i < w.statuses.size(); ++i) {
        out += (i == 0 ? "" : "/") + w.statuses[i];
    }
    if (w.database) {
        out += ", database '" + *w.database + "'";
    }
    return out + ")";
}

} // namespace

std::string to_string(year_month_day date) {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buf.data();
}

year_month_day today_utc() {
    return year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

std::vector<Waiver> parse_waivers(std::string_view text, const std::string& file,
                                  year_month_day today) {
    toml::table root;
    try {
        root = toml::parse(text, file);
    } catch (const toml::parse_error& e) {
        std::string what(e.description());
        std::replace(what.begin(), what.end(), '\n', ' ');
        throw catalog::UsageError("waivers " + file + ": line " +
                                  std::to_string(e.source().begin.line) + ": " + what);
    }
    for (const auto& [key, value] : root) {
        if (key.str() != "waiver") {
            throw catalog::UsageError("waivers " + file + ": line " +
                                      std::to_string(value.source().begin.line) +
                                      ": unknown key `" + std::string(key.str()) +
                                      "` (the file holds [[waiver]] tables)");
        }
    }
    std::vector<Waiver> out;
    const toml::node* entries = root.get("waiver");
    if (entries == nullptr) {
        return out;
    }
    const auto* array = entries->as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
        throw catalog::UsageError("waivers " + file + ": `waiver` must be [[waiver]] tables");
    }
    for (const auto& node : *array) {
        const auto& entry = *node.as_table();
        const std::string where =
            "waivers " + file + ": line " + std::to_string(entry.source().begin.line);
        out.push_back(read_entry(entry, where, today));
    }
    return out;
}

std::vector<Waiver> load_waivers(const std::string& file, year_month_day today) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw catalog::UsageError("waivers " + file + ": cannot be read");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_waivers(text.str(), file, today);
}

void apply_waivers(Report& report, const std::vector<Waiver>& waivers, year_month_day today) {
    // A waiver for another database is not for this run. Under --all-databases it is when
    // the run compared that database, and covers that database's items only.
    const bool all_databases = !report.databases.empty();
    auto for_this_run = [&report, all_databases](const Waiver& w) {
        if (!w.database) {
            return true;
        }
        if (all_databases) {
            return std::any_of(report.databases.begin(), report.databases.end(),
                               [&w](const DatabaseResult& d) { return d.name == *w.database; });
        }
        return *w.database == report.source.identity.database ||
               *w.database == report.target.identity.database;
    };
    auto database_of = [all_databases](const std::string& database) {
        return all_databases ? std::optional<std::string>(database) : std::nullopt;
    };
    std::vector<bool> live(waivers.size());
    for (std::size_t i = 0; i < waivers.size(); ++i) {
        live[i] = !expired(waivers[i], today) && for_this_run(waivers[i]);
    }
    Matcher matcher(waivers, std::move(live));
    if (report.catalog) {
        for (auto& f : report.catalog->findings) {
            if (catalog::fails_verdict(f.status)) {
                f.waiver =
                    matcher.cover(catalog::to_string(f.status), f.object, database_of(f.database));
                f.status = f.waiver ? catalog::FindingStatus::waived : f.status;
            }
        }
    }
    if (report.data) {
        for (auto& t : report.data->tables) {
            if (checksum::is_difference(t.status)) {
                t.waiver =
                    matcher.cover(checksum::to_string(t.status), t.table, database_of(t.database));
                t.status = t.waiver ? checksum::TableStatus::waived : t.status;
            }
        }
    }
    for (std::size_t i = 0; i < waivers.size(); ++i) {
        const Waiver& w = waivers[i];
        WaiverOutcome o{w.line,     w.object,          w.statuses,
                        w.database, w.reason,          to_string(w.expires),
                        "active",   matcher.covered(i)};
        if (!for_this_run(w)) {
            o.state = "other_database";
        } else if (expired(w, today)) {
            o.state = "expired";
            report.warnings.push_back(describe(w) + " expired on " + o.expires +
                                      ": it covers nothing; renew it or mend the difference");
        } else if (o.covered == 0) {
            o.state = "stale";
            report.warnings.push_back(describe(w) + " covered nothing in this run: stale, "
                                                    "remove it");
        }
        report.waivers.push_back(std::move(o));
    }
}

} // namespace gpparity::verify
