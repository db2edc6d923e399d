#include "verify/backup_set.hpp"

#include "catalog/error.hpp"
#include "catalog/flavor.hpp"
#include "catalog/text.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>
#include <system_error>

namespace gpparity::verify {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

// gpbackup_<ts>_<suffix>, a coordinator file of backup `timestamp`.
std::string backup_file_name(const std::string& timestamp, const char* suffix) {
    std::string name = "gpbackup_";
    name.append(timestamp).append("_").append(suffix);
    return name;
}

bool is_timestamp(std::string_view text) {
    return text.size() == 14 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string read_text_file(const fs::path& file, const std::string& what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        throw catalog::UsageError(what + ": cannot read " + file.filename().string());
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// A scalar of a YAML map, or `fallback` when absent or null.
template <class T> T scalar(const YAML::Node& node, const char* key, T fallback) {
    const YAML::Node value = node[key];
    if (!value || value.IsNull()) {
        return fallback;
    }
    return value.as<T>();
}

BackupMetadataEntry metadata_entry(const YAML::Node& node, BackupSection section) {
    BackupMetadataEntry e;
    e.section = section;
    e.schema = scalar<std::string>(node, "schema", "");
    e.name = scalar<std::string>(node, "name", "");
    e.object_type = scalar<std::string>(node, "objecttype", "");
    e.reference_object = scalar<std::string>(node, "referenceobject", "");
    e.start_byte = scalar<std::uint64_t>(node, "startbyte", 0);
    e.end_byte = scalar<std::uint64_t>(node, "endbyte", 0);
    return e;
}

// The directory D of a layout and its segment prefix, from the directory the side names.
struct Layout {
    fs::path base;
    std::string prefix; ///< "" for the one-directory layout
};

// `<prefix>-1` directories of D holding `backups` (gprestore's ParseSegPrefix glob D/*-1/backups).
std::vector<std::string> coordinator_prefixes(const fs::path& base) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(base, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() > 2 && name.ends_with("-1") &&
            fs::is_directory(entry.path() / "backups", ec)) {
            out.push_back(name.substr(0, name.size() - 2));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<Layout> find_layout(const fs::path& given) {
    std::error_code ec;
    if (!fs::is_directory(given, ec)) {
        return std::nullopt;
    }
    fs::path dir = fs::absolute(given, ec).lexically_normal();
    if (dir.has_filename() == false) {
        dir = dir.parent_path();
    }
    // A timestamp directory: X/backups/YYYYMMDD/<ts>.
    if (is_timestamp(dir.filename().string()) &&
        dir.parent_path().parent_path().filename() == "backups") {
        dir = dir.parent_path().parent_path().parent_path();
    }
    // The coordinator's <prefix>-1 directory of the segment-directories layout.
    const std::string name = dir.filename().string();
    if (name.size() > 2 && name.ends_with("-1") && fs::is_directory(dir / "backups", ec) &&
        !coordinator_prefixes(dir.parent_path()).empty()) {
        return Layout{dir.parent_path(), name.substr(0, name.size() - 2)};
    }
    const std::vector<std::string> prefixes = coordinator_prefixes(dir);
    if (prefixes.size() == 1) {
        return Layout{dir, prefixes.front()};
    }
    if (fs::is_directory(dir / "backups", ec)) {
        return Layout{dir, ""};
    }
    return std::nullopt;
}

fs::path coordinator_backups(const Layout& layout) {
    return layout.prefix.empty() ? layout.base / "backups"
                                 : layout.base / (layout.prefix + "-1") / "backups";
}

std::vector<std::string> timestamps_in(const Layout& layout) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& day : fs::directory_iterator(coordinator_backups(layout), ec)) {
        if (!day.is_directory(ec)) {
            continue;
        }
        for (const auto& ts : fs::directory_iterator(day.path(), ec)) {
            const std::string t = ts.path().filename().string();
            if (is_timestamp(t) && t.substr(0, 8) == day.path().filename().string() &&
                fs::is_regular_file(ts.path() / ("gpbackup_" + t + "_config.yaml"), ec)) {
                out.push_back(t);
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// "key:   value" lines of a restore report.
std::optional<RestoreReportFacts> read_restore_report(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        return std::nullopt;
    }
    RestoreReportFacts facts;
    facts.file = file.filename().string();
    std::string line;
    auto value_of = [](const std::string& l) {
        const auto colon = l.find(':');
        return colon == std::string::npos ? std::string() : trim(l.substr(colon + 1));
    };
    while (std::getline(in, line)) {
        if (line.rfind("backup segment count:", 0) == 0) {
            facts.backup_segments = std::atoi(value_of(line).c_str());
        } else if (line.rfind("database name:", 0) == 0) {
            facts.database = value_of(line);
        } else if (line.rfind("restore segment count:", 0) == 0) {
            facts.restore_segments = std::atoi(value_of(line).c_str());
        } else if (line.rfind("command line:", 0) == 0 &&
                   line.find("--resize-cluster") != std::string::npos) {
            facts.resize_cluster = true;
        }
    }
    return facts;
}

} // namespace

std::string BackupConfig::data_extension() const {
    if (!compressed && compression_type.empty()) {
        return "";
    }
    if (compression_type == "zstd") {
        return ".zst";
    }
    return compressed ? ".gz" : "";
}

BackupConfig parse_backup_config(std::string_view yaml, const std::string& what) {
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root.IsMap()) {
            throw catalog::UsageError(what + ": not a gpbackup config.yaml (no YAML map)");
        }
        BackupConfig c;
        c.timestamp = scalar<std::string>(root, "timestamp", "");
        c.backup_version = scalar<std::string>(root, "backupversion", "");
        c.database_name = scalar<std::string>(root, "databasename", "");
        c.database_version = scalar<std::string>(root, "databaseversion", "");
        c.compressed = scalar<bool>(root, "compressed", false);
        c.compression_type =
            scalar<std::string>(root, "compressiontype", c.compressed ? "gzip" : "");
        c.status = scalar<std::string>(root, "status", "");
        c.end_time = scalar<std::string>(root, "endtime", "");
        c.plugin = scalar<std::string>(root, "plugin", "");
        c.segment_count = scalar<int>(root, "segmentcount", 0);
        c.single_data_file = scalar<bool>(root, "singledatafile", false);
        c.incremental = scalar<bool>(root, "incremental", false);
        c.data_only = scalar<bool>(root, "dataonly", false);
        c.metadata_only = scalar<bool>(root, "metadataonly", false);
        c.leaf_partition_data = scalar<bool>(root, "leafpartitiondata", false);
        c.without_globals = scalar<bool>(root, "withoutglobals", false);
        if (const YAML::Node plan = root["restoreplan"]; plan && plan.IsSequence()) {
            for (const auto& step : plan) {
                RestorePlanStep s;
                s.timestamp = scalar<std::string>(step, "timestamp", "");
                // It names a directory: nothing but a timestamp may reach a path.
                if (!is_timestamp(s.timestamp)) {
                    throw catalog::UsageError(what + ": config.yaml's restoreplan names " +
                                              s.timestamp + ", not a 14-digit timestamp");
                }
                if (const YAML::Node fqns = step["tablefqns"]; fqns && fqns.IsSequence()) {
                    s.table_fqns.reserve(fqns.size());
                    for (const auto& f : fqns) {
                        s.table_fqns.push_back(f.as<std::string>());
                    }
                }
                c.restore_plan.push_back(std::move(s));
            }
        }
        if (!is_timestamp(c.timestamp)) {
            throw catalog::UsageError(what + ": config.yaml has no 14-digit timestamp");
        }
        return c;
    } catch (const YAML::Exception& e) {
        throw catalog::UsageError(what + ": config.yaml does not parse: " + e.what());
    }
}

BackupToc parse_backup_toc(std::string_view yaml, const std::string& what) {
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root.IsMap()) {
            throw catalog::UsageError(what + ": toc.yaml does not parse: not a YAML map");
        }
        BackupToc toc;
        const std::pair<const char*, BackupSection> sections[] = {
            {"globalentries", BackupSection::global},
            {"predataentries", BackupSection::predata},
            {"postdataentries", BackupSection::postdata},
            {"statisticsentries", BackupSection::statistics}};
        for (const auto& [key, section] : sections) {
            if (const YAML::Node list = root[key]; list && list.IsSequence()) {
                for (const auto& node : list) {
                    toc.metadata.push_back(metadata_entry(node, section));
                }
            }
        }
        if (const YAML::Node list = root["dataentries"]; list && list.IsSequence()) {
            toc.data.reserve(list.size());
            for (const auto& node : list) {
                BackupDataEntry d;
                d.schema = scalar<std::string>(node, "schema", "");
                d.name = scalar<std::string>(node, "name", "");
                d.oid = scalar<std::uint32_t>(node, "oid", 0);
                d.columns =
                    parse_attribute_string(scalar<std::string>(node, "attributestring", ""));
                d.rows_copied = scalar<std::int64_t>(node, "rowscopied", 0);
                d.partition_root = scalar<std::string>(node, "partitionroot", "");
                d.replicated = scalar<bool>(node, "isreplicated", false);
                d.dist_by_enum = scalar<bool>(node, "distbyenum", false);
                if (d.schema.empty() || d.name.empty() || d.oid == 0) {
                    throw catalog::UsageError(what + ": toc.yaml does not parse: a data entry "
                                                     "lacks its schema, name or oid");
                }
                toc.data.push_back(std::move(d));
            }
        }
        return toc;
    } catch (const YAML::Exception& e) {
        throw catalog::UsageError(what + ": toc.yaml does not parse: " + first_line(e.what()));
    }
}

SegmentToc parse_segment_toc(std::string_view yaml, const std::string& what) {
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        const YAML::Node entries = root.IsMap() ? root["dataentries"] : YAML::Node();
        if (!entries || !entries.IsMap()) {
            throw catalog::UsageError(what + " does not parse: no dataentries map");
        }
        SegmentToc out;
        for (const auto& kv : entries) {
            const auto start = kv.second["startbyte"].as<std::uint64_t>();
            const auto end = kv.second["endbyte"].as<std::uint64_t>();
            if (end < start) {
                throw catalog::UsageError(what + " does not parse: an entry ends before it starts");
            }
            out[kv.first.as<std::uint32_t>()] = {start, end};
        }
        return out;
    } catch (const YAML::Exception& e) {
        throw catalog::UsageError(what + " does not parse: " + first_line(e.what()));
    }
}

std::string unquote_ident(std::string_view name) {
    if (name.size() < 2 || name.front() != '"' || name.back() != '"') {
        return std::string(name);
    }
    std::string out;
    out.reserve(name.size() - 2);
    for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        out.push_back(name[i]);
        if (name[i] == '"' && name[i + 1] == '"') {
            ++i;
        }
    }
    return out;
}

std::vector<std::string> parse_attribute_string(std::string_view text) {
    std::vector<std::string> out;
    if (text.empty()) {
        return out;
    }
    if (text.size() < 2 || text.front() != '(' || text.back() != ')') {
        throw catalog::UsageError("attributestring " + std::string(text) +
                                  " is not a parenthesised column list");
    }
    const std::string_view body = text.substr(1, text.size() - 2);
    std::size_t start = 0;
    bool quoted = false;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || (!quoted && body[i] == ',')) {
            if (i > start) {
                out.push_back(unquote_ident(body.substr(start, i - start)));
            }
            start = i + 1;
        } else if (body[i] == '"') {
            quoted = !quoted;
        }
    }
    if (quoted) {
        throw catalog::UsageError("attributestring " + std::string(text) +
                                  " has an unterminated quoted name");
    }
    return out;
}

std::vector<std::string> BackupSet::find_timestamps(const std::string& path) {
    const auto layout = find_layout(path);
    return layout ? timestamps_in(*layout) : std::vector<std::string>{};
}

bool BackupSet::is_backup_set(const std::string& path) {
    return !path.empty() && !find_timestamps(path).empty();
}

BackupSet BackupSet::open(const std::string& path, const std::optional<std::string>& timestamp,
                          const std::string& label) {
    BackupSet set;
    set.m_path = path;
    set.m_label = label;
    const auto layout = find_layout(path);
    const std::vector<std::string> found =
        layout ? timestamps_in(*layout) : std::vector<std::string>{};
    if (found.empty()) {
        throw catalog::UsageError(label + ": " + path +
                                  " is not a gpbackup backup set (no backups/YYYYMMDD/<timestamp>/"
                                  "gpbackup_<timestamp>_config.yaml under it)");
    }
    set.m_base = layout->base;
    set.m_prefix = layout->prefix;
    std::string chosen;
    if (timestamp) {
        if (std::find(found.begin(), found.end(), *timestamp) == found.end()) {
            throw catalog::UsageError(label + ": backup set " + path + " holds no backup " +
                                      *timestamp + " (it holds " + catalog::join(found, ", ") +
                                      ")");
        }
        chosen = *timestamp;
    } else if (found.size() > 1) {
        throw catalog::UsageError(
            label + ": backup set " + path + " holds " + std::to_string(found.size()) +
            " backups (" + catalog::join(found, ", ") + "); choose one with --backup-timestamp");
    } else {
        chosen = found.front();
    }
    const std::string what = label + " backup " + path + " (" + chosen + ")";
    const fs::path dir = set.dir_for(chosen, -1);
    set.m_config = parse_backup_config(
        read_text_file(dir / backup_file_name(chosen, "config.yaml"), what), what);
    const BackupConfig& c = set.m_config;
    if (c.timestamp != chosen) {
        throw catalog::UsageError(what + ": config.yaml names backup " + c.timestamp);
    }
    if (!c.status.empty() && c.status != "Success") {
        throw catalog::UsageError(what + ": the backup's status is " + c.status +
                                  ", not Success: it cannot stand in for the source");
    }
    if (!c.plugin.empty()) {
        throw catalog::UsageError(what + ": a plugin backup (" + c.plugin +
                                  "): fetch its files with the plugin's restore_file first");
    }
    const fs::path toc_file = dir / backup_file_name(chosen, "toc.yaml");
    std::error_code ec;
    if (!fs::is_regular_file(toc_file, ec)) {
        throw catalog::UsageError(what + ": toc.yaml is missing (gpbackup writes it last: the "
                                         "backup did not finish)");
    }
    set.m_toc = parse_backup_toc(read_text_file(toc_file, what), what);
    set.m_metadata = read_text_file(dir / backup_file_name(chosen, "metadata.sql"), what);
    for (const auto& e : set.m_toc.metadata) {
        if (e.section != BackupSection::statistics &&
            (e.end_byte < e.start_byte || e.end_byte > set.m_metadata.size())) {
            throw catalog::UsageError(what + ": toc.yaml does not parse: the entry of " +
                                      e.object_type + " " + e.schema + "." + e.name +
                                      " points past the end of metadata.sql");
        }
    }
    set.m_chain.emplace(chosen, c);
    for (auto& d : set.m_toc.data) {
        d.timestamp = chosen;
    }
    set.follow_restore_plan(what);
    std::sort(set.m_toc.data.begin(), set.m_toc.data.end(),
              [](const auto& a, const auto& b) { return a.fqn() < b.fqn(); });
    set.find_restore_reports(dir);
    return set;
}

// An incremental backup's restore plan names the earlier backups holding the tables it did not
// copy again (gpbackup.md §2): their data entries come from their own TOCs.
void BackupSet::follow_restore_plan(const std::string& what) {
    const std::string& chosen = m_config.timestamp;
    std::map<std::string, std::string> holder;
    for (const auto& step : m_config.restore_plan) {
        for (const auto& fqn : step.table_fqns) {
            holder[fqn] = step.timestamp;
        }
    }
    std::map<std::string, bool> have;
    for (const auto& d : m_toc.data) {
        have[d.fqn()] = true;
    }
    std::error_code ec;
    for (const auto& step : m_config.restore_plan) {
        if (step.timestamp == chosen) {
            continue;
        }
        std::string step_what = m_label;
        step_what.append(" backup ").append(m_path).append(" (").append(step.timestamp).append(")");
        const fs::path step_dir = dir_for(step.timestamp, -1);
        const fs::path config_file = step_dir / backup_file_name(step.timestamp, "config.yaml");
        if (!fs::is_regular_file(config_file, ec)) {
            std::string message = what;
            message.append(": its restore plan needs backup ")
                .append(step.timestamp)
                .append(", which is not in ")
                .append(m_path);
            throw catalog::UsageError(message);
        }
        BackupConfig step_config =
            parse_backup_config(read_text_file(config_file, step_what), step_what);
        if (!step_config.status.empty() && step_config.status != "Success") {
            throw catalog::UsageError(step_what + ": the backup's status is " + step_config.status +
                                      ", not Success");
        }
        BackupToc step_toc = parse_backup_toc(
            read_text_file(step_dir / backup_file_name(step.timestamp, "toc.yaml"), step_what),
            step_what);
        for (auto& d : step_toc.data) {
            const auto it = holder.find(d.fqn());
            if (it != holder.end() && it->second == step.timestamp && !have[d.fqn()]) {
                d.timestamp = step.timestamp;
                have[d.fqn()] = true;
                m_toc.data.push_back(std::move(d));
            }
        }
        m_chain.emplace(step.timestamp, std::move(step_config));
    }
    for (const auto& [fqn, ts] : holder) {
        if (!have[fqn]) {
            std::string message = what;
            message.append(": its restore plan puts the data of ")
                .append(fqn)
                .append(" in backup ")
                .append(ts)
                .append(", whose TOC has no such table");
            throw catalog::UsageError(message);
        }
    }
}

// Restore reports gprestore left next to the coordinator's files (gpbackup.md §4).
void BackupSet::find_restore_reports(const fs::path& dir) {
    const std::string prefix = "gprestore_" + m_config.timestamp + "_";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && name.ends_with("_report")) {
            if (auto facts = read_restore_report(entry.path())) {
                m_restore_reports.push_back(std::move(*facts));
            }
        }
    }
    std::sort(m_restore_reports.begin(), m_restore_reports.end(),
              [](const auto& a, const auto& b) { return a.file < b.file; });
}

std::string BackupSet::what() const {
    return m_label + " backup " + m_path + " (" + m_config.timestamp + ")";
}

std::vector<int> BackupSet::contents() const {
    int count = m_config.segment_count;
    if (count <= 0) {
        // Before gpbackup 1.26 the count is not recorded: the segment directories tell.
        std::error_code ec;
        count = 0;
        while (fs::is_directory(dir_for(m_config.timestamp, count), ec) && !m_prefix.empty()) {
            ++count;
        }
    }
    std::vector<int> out(static_cast<std::size_t>(std::max(count, 0)));
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<int>(i);
    }
    return out;
}

catalog::ClusterIdentity BackupSet::identity() const {
    catalog::ClusterIdentity id;
    id.flavor = catalog::Flavor::gp6;
    id.database = unquote_ident(m_config.database_name);
    // databaseversion is version(): "PostgreSQL 9.4.26 (Greenplum Database 6.24.3 build ...) ...".
    static const std::regex k_gp(R"(Greenplum Database ([0-9][0-9A-Za-z.\-+_]*))");
    static const std::regex k_pg(R"(PostgreSQL ([0-9][0-9.]*))");
    std::smatch m;
    if (std::regex_search(m_config.database_version, m, k_gp)) {
        id.gp_version = m[1].str();
        if (!id.gp_version->empty() && id.gp_version->front() != '6') {
            id.flavor = id.gp_version->front() == '7' ? catalog::Flavor::gp7 : catalog::Flavor::gp6;
        }
    }
    if (std::regex_search(m_config.database_version, m, k_pg)) {
        id.server_version = m[1].str();
    }
    for (int content : contents()) {
        catalog::Segment s;
        s.content = content;
        id.segments.push_back(s);
    }
    return id;
}

std::string BackupSet::statement(const BackupMetadataEntry& entry) const {
    if (entry.section == BackupSection::statistics || entry.end_byte > m_metadata.size() ||
        entry.end_byte < entry.start_byte) {
        return {};
    }
    return m_metadata.substr(entry.start_byte, entry.end_byte - entry.start_byte);
}

const BackupConfig& BackupSet::config_of(const std::string& timestamp) const {
    return m_chain.at(timestamp);
}

fs::path BackupSet::dir_for(const std::string& timestamp, int content) const {
    fs::path base = m_base;
    if (!m_prefix.empty()) {
        base /= m_prefix + std::to_string(content);
    }
    return base / "backups" / timestamp.substr(0, 8) / timestamp;
}

fs::path BackupSet::data_file(const BackupDataEntry& entry, int content) const {
    return dir_for(entry.timestamp, content) /
           ("gpbackup_" + std::to_string(content) + "_" + entry.timestamp + "_" +
            std::to_string(entry.oid) + config_of(entry.timestamp).data_extension());
}

fs::path BackupSet::segment_stream(const std::string& timestamp, int content) const {
    return dir_for(timestamp, content) / ("gpbackup_" + std::to_string(content) + "_" + timestamp +
                                          config_of(timestamp).data_extension());
}

fs::path BackupSet::segment_toc(const std::string& timestamp, int content) const {
    return dir_for(timestamp, content) /
           ("gpbackup_" + std::to_string(content) + "_" + timestamp + "_toc.yaml");
}

std::string BackupSet::shown(const fs::path& file) const {
    std::error_code ec;
    const fs::path rel = file.lexically_relative(m_base);
    return rel.empty() ? file.string() : rel.string();
}

} // namespace gpparity::verify
