#include "tests/integration/support/backup_fixture.hpp"

#include "tests/integration/support/servers.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace gpparity::testing {

namespace fs = std::filesystem;

namespace {

struct ConnCloser {
    void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;

Conn connect(const std::string& conninfo) {
    Conn conn(PQconnectdb(conninfo.c_str()));
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        ADD_FAILURE() << "cannot connect to " << conninfo << ": " << PQerrorMessage(conn.get());
    }
    PQsetNoticeProcessor(
        conn.get(), [](void*, const char*) {}, nullptr);
    return conn;
}

struct Outcome {
    bool ok = false;
    std::string error;
    std::vector<std::vector<std::string>> rows;
    long long affected = 0;
};

Outcome exec(PGconn* conn, const std::string& statement) {
    Outcome out;
    PGresult* r = PQexec(conn, statement.c_str());
    const ExecStatusType status = PQresultStatus(r);
    // An entry with no statement (the public schema's) runs as an empty query, as in gprestore.
    out.ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;
    if (!out.ok) {
        out.error = PQresultErrorMessage(r);
    }
    for (int i = 0; status == PGRES_TUPLES_OK && i < PQntuples(r); ++i) {
        std::vector<std::string> row;
        for (int j = 0; j < PQnfields(r); ++j) {
            row.emplace_back(PQgetisnull(r, i, j) != 0 ? "" : PQgetvalue(r, i, j));
        }
        out.rows.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(r);
    out.affected = tuples != nullptr && *tuples != '\0' ? std::stoll(tuples) : 0;
    PQclear(r);
    return out;
}

Outcome must(PGconn* conn, const std::string& statement) {
    Outcome out = exec(conn, statement);
    EXPECT_TRUE(out.ok) << statement << "\n" << out.error;
    return out;
}

std::string yaml_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out + "\"";
}

std::string compress_command(const std::string& compression) {
    if (compression == "gzip") {
        return "gzip -c -1";
    }
    if (compression == "zstd") {
        return "zstd --compress -1 -c -q";
    }
    return "cat -";
}

std::string extension_of(const std::string& compression) {
    return compression == "gzip" ? ".gz" : compression == "zstd" ? ".zst" : "";
}

std::string ts_dir(const std::string& base, const std::string& timestamp) {
    return base + "/backups/" + timestamp.substr(0, 8) + "/" + timestamp;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    EXPECT_TRUE(out.good()) << "cannot write " << path;
}

void run_shell(const std::string& command) {
    const RunResult r = run_program({"sh", "-c", command});
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
}

// One table's facts on GP6.
BuiltTable table_facts(PGconn* conn, const std::string& fqn, bool leaf_partition_data) {
    BuiltTable t;
    t.fqn = fqn;
    const Outcome r = must(
        conn, "SELECT c.oid, '(' || coalesce((SELECT string_agg(quote_ident(a.attname), ',' ORDER "
              "BY a.attnum) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT "
              "a.attisdropped), '') || ')', coalesce((SELECT p.policytype = 'r' FROM "
              "gp_distribution_policy p WHERE p.localoid = c.oid), false), "
              "coalesce((SELECT quote_ident(rc.relname) FROM pg_partition_rule pr JOIN "
              "pg_partition pp ON pp.oid = pr.paroid JOIN pg_class rc ON rc.oid = pp.parrelid "
              "WHERE pr.parchildrelid = c.oid LIMIT 1), '') FROM pg_class c WHERE c.oid = '" +
                  fqn + "'::regclass");
    if (r.rows.empty()) {
        return t;
    }
    t.oid = static_cast<std::uint32_t>(std::stoul(r.rows[0][0]));
    t.attribute_string = r.rows[0][1];
    t.replicated = r.rows[0][2] == "t";
    if (leaf_partition_data) {
        t.partition_root = r.rows[0][3];
    }
    return t;
}

std::string config_yaml(const BuiltBackup& b, const BackupOptions& o, const std::string& version,
                        const std::vector<std::pair<std::string, std::vector<std::string>>>& plan) {
    std::string y;
    y += "backupdir: " + yaml_string(b.directory) + "\n";
    y += "backupversion: " + o.backup_version + "\n";
    y += "compressed: " + std::string(o.compression == "none" ? "false" : "true") + "\n";
    y += "compressiontype: " + std::string(o.compression == "none" ? "" : o.compression) + "\n";
    y += "databasename: gpparity_backup\n";
    y += "databaseversion: " + yaml_string(version) + "\n";
    y += "segmentcount: " + std::to_string(b.contents.size()) + "\n";
    y += "dataonly: false\ndatedeleted: \"\"\nexcluderelations: []\nexcludeschemafiltered: false\n";
    y += "excludeschemas: []\nexcludetablefiltered: false\nincluderelations: []\n";
    y += "includeschemafiltered: false\nincludeschemas: []\nincludetablefiltered: false\n";
    y += "incremental: " + std::string(o.earlier != nullptr ? "true" : "false") + "\n";
    y += "leafpartitiondata: " + std::string(o.leaf_partition_data ? "true" : "false") + "\n";
    y += "metadataonly: false\nplugin: \"\"\npluginversion: \"\"\n";
    y += "restoreplan:\n";
    for (const auto& [ts, fqns] : plan) {
        y += "- timestamp: \"" + ts + "\"\n  tablefqns:\n";
        for (const auto& f : fqns) {
            y += "  - " + yaml_string(f) + "\n";
        }
    }
    y += "singledatafile: " + std::string(o.single_data_file ? "true" : "false") + "\n";
    y += "timestamp: \"" + o.timestamp + "\"\n";
    y += "endtime: \"" + o.timestamp + "\"\n";
    y += "withoutglobals: false\nwithstatistics: false\n";
    y += "status: " + o.status + "\n";
    return y;
}

} // namespace

std::string BuiltBackup::content_dir(int content) const {
    return single_backup_dir ? directory : directory + "/gpseg" + std::to_string(content);
}

std::string BuiltBackup::data_file(const BuiltTable& table, int content) const {
    return ts_dir(content_dir(content), table.timestamp) + "/gpbackup_" + std::to_string(content) +
           "_" + table.timestamp + "_" + std::to_string(table.oid) + extension;
}

BuiltBackup build_backup(const std::string& gp6_conninfo, const std::string& gp6_database,
                         const std::string& directory,
                         const std::vector<BackupStatement>& statements,
                         const BackupOptions& options) {
    BuiltBackup b;
    b.directory = directory;
    b.timestamp = options.timestamp;
    b.extension = extension_of(options.compression);
    b.single_data_file = options.single_data_file;
    b.single_backup_dir = options.single_backup_dir;
    fs::create_directories(directory);
    fs::permissions(directory, fs::perms::all);
    Conn conn = connect(with_database(gp6_conninfo, gp6_database));
    const std::string version = must(conn.get(), "SELECT version()").rows.at(0).at(0);
    for (const auto& row : must(conn.get(), "SELECT content FROM gp_segment_configuration WHERE "
                                            "role = 'p' AND content >= 0 ORDER BY content")
                               .rows) {
        b.contents.push_back(row.at(0));
    }
    // gpbackup's SetSessionGUCs (gpbackup.md §3), plus the server settings it leaves alone.
    for (const std::string& s :
         {std::string("SET search_path TO pg_catalog"), std::string("SET statement_timeout = 0"),
          std::string("SET DATESTYLE = ISO"),
          "SELECT set_config('extra_float_digits', '" + std::to_string(options.extra_float_digits) +
              "', false)",
          std::string("SET synchronize_seqscans TO off"),
          std::string("SET INTERVALSTYLE = POSTGRES"), std::string("SET lock_timeout = 0"),
          "SET TimeZone = '" + options.time_zone + "'",
          "SET bytea_output = '" + options.bytea_output + "'",
          std::string("BEGIN ISOLATION LEVEL REPEATABLE READ")}) {
        must(conn.get(), s);
    }
    // Created after the segments wrote their files: in the one-directory layout they share it,
    // and the segments' COPY ... TO PROGRAM runs as the server's user.
    b.coordinator_dir = ts_dir(b.content_dir(-1), options.timestamp);
    std::vector<BuiltTable> tables;
    for (const auto& fqn : options.tables) {
        tables.push_back(table_facts(conn.get(), fqn, options.leaf_partition_data));
        tables.back().timestamp = options.timestamp;
    }
    // The helper writes tables in ascending OID order (gpbackup.md §2 "Segment TOC").
    std::sort(tables.begin(), tables.end(),
              [](const BuiltTable& a, const BuiltTable& c) { return a.oid < c.oid; });
    const std::string seg_dir = ts_dir(
        options.single_backup_dir ? directory : directory + "/gpseg<SEGID>", options.timestamp);
    std::map<std::string, std::vector<std::pair<long long, long long>>> ranges;
    for (auto& t : tables) {
        std::string program;
        if (options.single_data_file) {
            program = "umask 022; mkdir -p " + seg_dir + " && cat - >> " + seg_dir +
                      "/gpbackup_<SEGID>_" + options.timestamp;
        } else {
            program = "umask 022; mkdir -p " + seg_dir + " && " +
                      compress_command(options.compression) + " > " + seg_dir +
                      "/gpbackup_<SEGID>_" + options.timestamp + "_" + std::to_string(t.oid) +
                      b.extension;
        }
        const Outcome copied =
            must(conn.get(), "COPY " + t.fqn + " TO PROGRAM '" + program +
                                 "' WITH CSV DELIMITER ',' ON SEGMENT IGNORE EXTERNAL PARTITIONS");
        t.rows_copied = copied.affected;
        if (options.single_data_file) {
            for (const auto& content : b.contents) {
                const std::string raw =
                    ts_dir(b.content_dir(std::stoi(content)), options.timestamp) + "/gpbackup_" +
                    content + "_" + options.timestamp;
                auto& r = ranges[content];
                const long long start = r.empty() ? 0 : r.back().second;
                r.emplace_back(start, static_cast<long long>(fs::file_size(raw)));
            }
        }
    }
    must(conn.get(), "COMMIT");
    if (options.single_data_file) {
        for (const auto& content : b.contents) {
            const std::string dir = ts_dir(b.content_dir(std::stoi(content)), options.timestamp);
            const std::string raw = dir + "/gpbackup_" + content + "_" + options.timestamp;
            std::string toc = "dataentries:\n";
            for (std::size_t i = 0; i < tables.size(); ++i) {
                toc += "  " + std::to_string(tables[i].oid) +
                       ":\n    startbyte: " + std::to_string(ranges[content][i].first) +
                       "\n    endbyte: " + std::to_string(ranges[content][i].second) + "\n";
            }
            write_file(dir + "/gpbackup_" + content + "_" + options.timestamp + "_toc.yaml", toc);
            if (options.compression != "none") {
                run_shell(compress_command(options.compression) + " < " + raw + " > " + raw +
                          b.extension + " && rm " + raw);
            }
        }
    }
    fs::create_directories(b.coordinator_dir);
    // metadata.sql and the TOC's metadata entries: each statement printed after "\n\n".
    std::string metadata;
    std::map<std::string, std::string> section_yaml;
    auto add_entry = [&](const BackupStatement& s) {
        const std::size_t start = metadata.size();
        metadata += "\n\n" + s.statement;
        std::string& y = section_yaml[s.section];
        y += "- schema: " + yaml_string(s.schema) + "\n  name: " + yaml_string(s.name) +
             "\n  objecttype: " + s.object_type +
             "\n  referenceobject: " + yaml_string(s.reference_object) +
             "\n  startbyte: " + std::to_string(start) +
             "\n  endbyte: " + std::to_string(metadata.size()) + "\n  tier:\n  - 0\n  - 0\n";
    };
    add_entry({"global", "SESSION GUCS", "", "", "SET client_encoding = 'UTF8';", ""});
    for (const auto& s : statements) {
        add_entry(s);
    }
    std::string toc;
    for (const char* section : {"global", "predata", "postdata"}) {
        toc += std::string(section == std::string("global")    ? "globalentries"
                           : section == std::string("predata") ? "predataentries"
                                                               : "postdataentries") +
               ":\n";
        toc += section_yaml[section].empty() ? "" : section_yaml[section];
    }
    toc += "statisticsentries: []\ndataentries:\n";
    for (const auto& t : tables) {
        toc += "- schema: " + yaml_string(t.fqn.substr(0, t.fqn.find('.'))) +
               "\n  name: " + yaml_string(t.fqn.substr(t.fqn.find('.') + 1)) +
               "\n  oid: " + std::to_string(t.oid) +
               "\n  attributestring: " + yaml_string(t.attribute_string) +
               "\n  rowscopied: " + std::to_string(t.rows_copied) +
               "\n  partitionroot: " + yaml_string(t.partition_root) +
               "\n  isreplicated: " + (t.replicated ? "true" : "false") + "\n  distbyenum: false\n";
    }
    toc += "incrementalmetadata:\n  ao: {}\n";
    std::vector<std::pair<std::string, std::vector<std::string>>> plan;
    if (options.earlier != nullptr) {
        plan.emplace_back(options.earlier->timestamp, options.from_earlier);
        for (const auto& fqn : options.from_earlier) {
            for (const auto& t : options.earlier->tables) {
                if (t.fqn == fqn) {
                    b.tables.push_back(t);
                }
            }
        }
    }
    std::vector<std::string> own;
    for (const auto& t : tables) {
        own.push_back(t.fqn);
    }
    plan.emplace_back(options.timestamp, own);
    const std::string prefix = b.coordinator_dir + "/gpbackup_" + options.timestamp + "_";
    write_file(prefix + "metadata.sql", metadata);
    write_file(prefix + "toc.yaml", toc);
    write_file(prefix + "config.yaml", config_yaml(b, options, version, plan));
    b.tables.insert(b.tables.end(), tables.begin(), tables.end());
    return b;
}

std::vector<std::string> restore_backup(const std::string& gp7_conninfo,
                                        const std::string& gp7_database, const BuiltBackup& backup,
                                        const std::vector<BackupStatement>& statements,
                                        const RestoreSkips& skips) {
    std::vector<std::string> failed;
    Conn conn = connect(with_database(gp7_conninfo, gp7_database));
    // gprestore's session (gpbackup.md §4); settings this build lacks are passed over.
    for (const char* s : {"SET search_path TO pg_catalog", "SET statement_timeout = 0",
                          "SET check_function_bodies = false", "SET client_min_messages = error",
                          "SET standard_conforming_strings = on", "SET lock_timeout = 0",
                          "SET xmloption = content", "SET gp_autostats_mode = 'none'",
                          "SET gp_quicklz_fallback = on", "SET gp_default_storage_options = ''"}) {
        (void)exec(conn.get(), s);
    }
    auto run_section = [&](const std::string& section) {
        for (const auto& s : statements) {
            if (s.section != section ||
                skips.statements.count(s.object_type + " " + s.schema + "." + s.name) != 0U) {
                continue;
            }
            const Outcome r = exec(conn.get(), s.statement);
            if (!r.ok) {
                failed.push_back(s.object_type + " " + s.schema + "." + s.name + ": " + r.error);
            }
        }
    };
    run_section("predata");
    const std::string decompress = backup.extension == ".gz"    ? " | gzip -d -c"
                                   : backup.extension == ".zst" ? " | zstd --decompress -c -q"
                                                                : "";
    for (const auto& t : backup.tables) {
        if (skips.data.count(t.fqn) != 0U) {
            continue;
        }
        const std::string dir =
            ts_dir(backup.single_backup_dir ? backup.directory : backup.directory + "/gpseg<SEGID>",
                   t.timestamp);
        const std::string file = dir + "/gpbackup_<SEGID>_" + t.timestamp + "_" +
                                 std::to_string(t.oid) + backup.extension;
        const Outcome r =
            exec(conn.get(), "COPY " + t.fqn + t.attribute_string + " FROM PROGRAM 'cat " + file +
                                 decompress + "' WITH CSV DELIMITER ',' ON SEGMENT");
        if (!r.ok) {
            failed.push_back("DATA " + t.fqn + ": " + r.error);
        } else if (r.affected != t.rows_copied) {
            failed.push_back("DATA " + t.fqn + ": expected to restore " +
                             std::to_string(t.rows_copied) + " rows, restored " +
                             std::to_string(r.affected));
        }
    }
    run_section("postdata");
    return failed;
}

void copy_backup(const BuiltBackup& backup, const std::string& to) {
    fs::create_directories(to);
    fs::copy(backup.directory, to, fs::copy_options::recursive);
}

} // namespace gpparity::testing
