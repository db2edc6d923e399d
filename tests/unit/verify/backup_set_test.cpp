// The backup-set reader without a server: gpbackup's YAML files, its layouts, the chain of an
// incremental backup, the data streams (gzip, zstd, plain; truncation), and digests that are
// the same whatever form the files take.

#include "verify/backup_data.hpp"
#include "verify/backup_set.hpp"
#include "verify/backup_stream.hpp"

#include "catalog/error.hpp"
#include "checksum/digest.hpp"
#include "tests/unit/support/gzip.hpp"
#include "tests/unit/support/scratch.hpp"

#include <gtest/gtest.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>

using namespace gpparity;
using gpparity::testing::gzip;
using gpparity::testing::scratch_dir;
using gpparity::testing::write_file;
using verify::BackupSet;

namespace fs = std::filesystem;

namespace {

const char* const k_config = R"(backupdir: /backups/shop
backupversion: 1.30.3
compressed: true
compressiontype: gzip
databasename: shop
databaseversion: "PostgreSQL 9.4.26 (Greenplum Database 6.24.3 build commit:abc) on x86_64"
segmentcount: 2
dataonly: false
incremental: false
leafpartitiondata: false
metadataonly: false
plugin: ""
restoreplan:
- timestamp: "20261204101500"
  tablefqns:
  - public.t
  - public."Odd, name"
singledatafile: false
timestamp: "20261204101500"
endtime: "20261204101600"
withoutglobals: false
status: Success
)";

const char* const k_toc = R"(globalentries:
- schema: ""
  name: ""
  objecttype: SESSION GUCS
  referenceobject: ""
  startbyte: 0
  endbyte: 29
predataentries:
- schema: public
  name: t
  objecttype: TABLE
  referenceobject: ""
  startbyte: 29
  endbyte: 80
postdataentries: []
statisticsentries: []
dataentries:
- schema: public
  name: t
  oid: 16388
  attributestring: (id,note)
  rowscopied: 3
  partitionroot: ""
  isreplicated: false
- schema: public
  name: '"Odd, name"'
  oid: 16391
  attributestring: (id,"a ""b"", c")
  rowscopied: 2
  partitionroot: ""
incrementalmetadata:
  ao: {}
)";

const std::string k_metadata = "SET client_encoding = 'UTF8';\n\nCREATE TABLE public.t (id int, "
                               "note text) DISTRIBUTED BY (id);";

std::string zstd(const std::string& text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 1));
    return out;
}

std::string read_all(const fs::path& file) {
    verify::BackupStream stream(file, file.filename().string());
    std::string out;
    char buffer[7]; // small on purpose: many reads
    while (const std::size_t n = stream.read(buffer, sizeof buffer)) {
        out.append(buffer, n);
    }
    return out;
}

// A backup set in the --backup-dir layout with the two tables of k_toc.
fs::path make_backup(const std::string& extension, const std::string& compress_type) {
    const fs::path root = scratch_dir("set");
    const std::string ts = "20261204101500";
    const fs::path coordinator = root / "gpseg-1" / "backups" / "20261204" / ts;
    std::string config = k_config;
    config.replace(config.find("compressiontype: gzip"), 21, "compressiontype: " + compress_type);
    if (compress_type.empty()) {
        config.replace(config.find("compressed: true"), 16, "compressed: false");
    }
    write_file(coordinator / ("gpbackup_" + ts + "_config.yaml"), config);
    write_file(coordinator / ("gpbackup_" + ts + "_toc.yaml"), k_toc);
    write_file(coordinator / ("gpbackup_" + ts + "_metadata.sql"), k_metadata);
    const std::string rows[2][2] = {{"1,one\n3,\"multi\nline\"\n", "2,\n"}, {"5,\"\"\n", "6,x\n"}};
    for (int content = 0; content < 2; ++content) {
        const fs::path dir =
            root / ("gpseg" + std::to_string(content)) / "backups" / "20261204" / ts;
        const std::string t = rows[0][content];
        const std::string odd = rows[1][content];
        auto pack = [&](const std::string& text) {
            return extension == ".gz" ? gzip(text) : extension == ".zst" ? zstd(text) : text;
        };
        write_file(dir / ("gpbackup_" + std::to_string(content) + "_" + ts + "_16388" + extension),
                   pack(t));
        write_file(dir / ("gpbackup_" + std::to_string(content) + "_" + ts + "_16391" + extension),
                   pack(odd));
    }
    return root;
}

checksum::RowCodec int_text_codec() {
    checksum::RowCodec codec;
    codec.columns.push_back({checksum::ValueClass::integer, checksum::Wire::int4, {}});
    codec.columns.push_back({checksum::ValueClass::text, checksum::Wire::text, {}});
    return codec;
}

std::vector<std::vector<verify::SnapshotSegment>> digest_all(const BackupSet& set) {
    std::vector<verify::BackupTableRead> reads;
    for (const auto& e : set.toc().data) {
        reads.push_back({&e, int_text_codec()});
    }
    return verify::digest_backup_tables(set, reads, 2);
}

} // namespace

TEST(BackupSetYaml, ReadsConfigAsGpbackupWritesIt) {
    const verify::BackupConfig c = verify::parse_backup_config(k_config, "source");
    EXPECT_EQ(c.timestamp, "20261204101500");
    EXPECT_EQ(c.backup_version, "1.30.3");
    EXPECT_EQ(c.segment_count, 2);
    EXPECT_EQ(c.status, "Success");
    EXPECT_EQ(c.data_extension(), ".gz");
    ASSERT_EQ(c.restore_plan.size(), 1U);
    EXPECT_EQ(c.restore_plan[0].table_fqns.at(1), "public.\"Odd, name\"");
    EXPECT_THROW((void)verify::parse_backup_config("[1, 2", "source"), catalog::UsageError);
    EXPECT_THROW((void)verify::parse_backup_config("a: b\n", "source"), catalog::UsageError);
}

TEST(BackupSetYaml, ARestorePlanStepMustNameATimestamp) {
    // Each step names the directory of an earlier backup: nothing else may reach a path.
    for (const std::string bad : {"../../etc", "2026120410150", "20261204101500/..", ""}) {
        SCOPED_TRACE(bad);
        std::string config = k_config;
        const std::string step = "- timestamp: \"20261204101500\"";
        config.replace(config.find(step), step.size(), "- timestamp: \"" + bad + "\"");
        try {
            (void)verify::parse_backup_config(config, "source backup /b");
            ADD_FAILURE() << "accepted";
        } catch (const catalog::UsageError& e) {
            EXPECT_EQ(std::string(e.what()), "source backup /b: config.yaml's restoreplan names " +
                                                 bad + ", not a 14-digit timestamp");
        }
    }
}

TEST(BackupSetYaml, ReadsTheTocAndItsColumnLists) {
    const verify::BackupToc toc = verify::parse_backup_toc(k_toc, "source");
    ASSERT_EQ(toc.metadata.size(), 2U);
    EXPECT_EQ(toc.metadata[1].object_type, "TABLE");
    EXPECT_EQ(toc.metadata[1].start_byte, 29U);
    ASSERT_EQ(toc.data.size(), 2U);
    EXPECT_EQ(toc.data[1].name, "\"Odd, name\"");
    EXPECT_EQ(toc.data[1].columns, (std::vector<std::string>{"id", "a \"b\", c"}));
    EXPECT_EQ(toc.data[0].rows_copied, 3);
    try {
        (void)verify::parse_backup_toc("dataentries: [{oid: ", "source backup /b (1)");
        FAIL() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("toc.yaml does not parse"), std::string::npos);
    }
    EXPECT_EQ(verify::unquote_ident("\"a\"\"b\""), "a\"b");
    EXPECT_EQ(verify::unquote_ident("plain"), "plain");
    EXPECT_THROW((void)verify::parse_attribute_string("(a,\"b)"), catalog::UsageError);
    const verify::SegmentToc seg =
        verify::parse_segment_toc("dataentries:\n  16388: {startbyte: 0, endbyte: 0}\n  16391: "
                                  "{startbyte: 0, endbyte: 153}\n",
                                  "segment TOC");
    EXPECT_EQ(seg.at(16391).second, 153U);
}

TEST(BackupStream, ReadsGzipZstdAndPlainAndFindsTruncation) {
    const fs::path dir = scratch_dir("stream");
    const std::string text(100000, 'x');
    write_file(dir / "a.gz", gzip(text) + gzip("tail")); // concatenated members
    write_file(dir / "a.zst", zstd(text));
    write_file(dir / "a", text);
    EXPECT_EQ(read_all(dir / "a.gz"), text + "tail");
    EXPECT_EQ(read_all(dir / "a.zst"), text);
    EXPECT_EQ(read_all(dir / "a"), text);
    const std::string whole_gz = gzip(text);
    write_file(dir / "cut.gz", whole_gz.substr(0, whole_gz.size() / 2));
    const std::string whole_zst = zstd(text + "more");
    write_file(dir / "cut.zst", whole_zst.substr(0, whole_zst.size() - 3));
    write_file(dir / "empty.gz", "");
    for (const char* name : {"cut.gz", "cut.zst", "empty.gz"}) {
        try {
            (void)read_all(dir / name);
            ADD_FAILURE() << name << ": no error";
        } catch (const catalog::UsageError& e) {
            EXPECT_NE(std::string(e.what()).find("is truncated"), std::string::npos) << e.what();
        }
    }
    try {
        (void)read_all(dir / "absent.gz");
        ADD_FAILURE() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("is missing"), std::string::npos) << e.what();
    }
}

TEST(BackupSetLayout, FindsTheBackupFromAnyOfItsDirectories) {
    const fs::path root = make_backup(".gz", "gzip");
    const std::string ts = "20261204101500";
    for (const fs::path& given :
         {root, root / "gpseg-1", root / "gpseg-1" / "backups" / "20261204" / ts}) {
        EXPECT_TRUE(BackupSet::is_backup_set(given.string())) << given;
        const BackupSet set = BackupSet::open(given.string(), std::nullopt, "source");
        EXPECT_EQ(set.contents(), (std::vector<int>{0, 1}));
        EXPECT_EQ(set.identity().gp_version, "6.24.3");
        EXPECT_EQ(set.identity().database, "shop");
        EXPECT_EQ(set.statement(set.toc().metadata[1]).substr(2, 12), "CREATE TABLE");
    }
    EXPECT_FALSE(BackupSet::is_backup_set(scratch_dir("empty").string()));
    // A second backup: the timestamp must be chosen, and the error lists both.
    const fs::path second = root / "gpseg-1" / "backups" / "20261205" / "20261205101500";
    std::string config = k_config;
    config.replace(config.find("timestamp: \"20261204101500\"\nendtime"), 27,
                   "timestamp: \"20261205101500\"");
    write_file(second / "gpbackup_20261205101500_config.yaml", config);
    try {
        (void)BackupSet::open(root.string(), std::nullopt, "source");
        FAIL() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("(20261204101500, 20261205101500); choose one with "
                                             "--backup-timestamp"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_NO_THROW((void)BackupSet::open(root.string(), std::string(ts), "source"));
    try {
        (void)BackupSet::open(root.string(), std::string("20261205101500"), "source");
        FAIL() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("toc.yaml is missing"), std::string::npos) << e.what();
    }
}

TEST(BackupSetLayout, RefusesABackupThatDidNotSucceed) {
    const fs::path root = make_backup(".gz", "gzip");
    const fs::path config =
        root / "gpseg-1/backups/20261204/20261204101500/gpbackup_20261204101500_config.yaml";
    std::string text = k_config;
    text.replace(text.find("status: Success"), 15, "status: Failure");
    write_file(config, text);
    try {
        (void)BackupSet::open(root.string(), std::nullopt, "source");
        FAIL() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("status is Failure, not Success"), std::string::npos);
    }
}

TEST(BackupData, DigestsAreTheSameForEveryCompression) {
    const auto gz =
        digest_all(BackupSet::open(make_backup(".gz", "gzip").string(), std::nullopt, "source"));
    const auto zst =
        digest_all(BackupSet::open(make_backup(".zst", "zstd").string(), std::nullopt, "source"));
    const auto plain =
        digest_all(BackupSet::open(make_backup("", "").string(), std::nullopt, "source"));
    EXPECT_EQ(gz, zst);
    EXPECT_EQ(gz, plain);
    ASSERT_EQ(gz.size(), 2U);             // in identity order: public."Odd, name", public.t
    EXPECT_EQ(gz[1][0].digest.count, 2U); // "1,one" and the quoted two-line value
    EXPECT_EQ(gz[1][1].digest.count, 1U);
    EXPECT_EQ(gz[0][0].digest.count, 1U);
    EXPECT_NE(gz[1][0].digest, gz[1][1].digest);
}

TEST(BackupData, SingleDataFileGivesTheSameDigestsAsFilesPerTable) {
    const fs::path root = make_backup(".gz", "gzip");
    const BackupSet per_table = BackupSet::open(root.string(), std::nullopt, "source");
    const auto expected = digest_all(per_table);
    // The same rows as one stream per segment, cut by a segment TOC.
    const fs::path single = scratch_dir("single");
    const std::string ts = "20261204101500";
    const fs::path coordinator = single / "gpseg-1/backups/20261204" / ts;
    std::string config = k_config;
    config.replace(config.find("singledatafile: false"), 21, "singledatafile: true");
    write_file(coordinator / ("gpbackup_" + ts + "_config.yaml"), config);
    write_file(coordinator / ("gpbackup_" + ts + "_toc.yaml"), k_toc);
    write_file(coordinator / ("gpbackup_" + ts + "_metadata.sql"), k_metadata);
    const std::string t[2] = {"1,one\n3,\"multi\nline\"\n", "2,\n"};
    const std::string odd[2] = {"5,\"\"\n", "6,x\n"};
    for (int c = 0; c < 2; ++c) {
        const fs::path dir = single / ("gpseg" + std::to_string(c)) / "backups/20261204" / ts;
        const std::string stream = t[c] + odd[c];
        write_file(dir / ("gpbackup_" + std::to_string(c) + "_" + ts + ".gz"), gzip(stream));
        write_file(dir / ("gpbackup_" + std::to_string(c) + "_" + ts + "_toc.yaml"),
                   "dataentries:\n  16388: {startbyte: 0, endbyte: " + std::to_string(t[c].size()) +
                       "}\n  16391: {startbyte: " + std::to_string(t[c].size()) +
                       ", endbyte: " + std::to_string(stream.size()) + "}\n");
    }
    EXPECT_EQ(digest_all(BackupSet::open(single.string(), std::nullopt, "source")), expected);
}

TEST(BackupData, RowsThatDisagreeWithTheTocAreAnError) {
    const fs::path root = make_backup(".gz", "gzip");
    // One row fewer than rowscopied says: cut cleanly at a record boundary.
    write_file(root / "gpseg1/backups/20261204/20261204101500/gpbackup_1_20261204101500_16388.gz",
               gzip(""));
    const BackupSet set = BackupSet::open(root.string(), std::nullopt, "source");
    try {
        (void)digest_all(set);
        FAIL() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("hold 2 rows, its TOC entry says 3"),
                  std::string::npos)
            << e.what();
    }
    // A record cut in the middle of a quoted value.
    write_file(root / "gpseg0/backups/20261204/20261204101500/gpbackup_0_20261204101500_16388.gz",
               gzip("1,one\n3,\"multi\nli"));
    try {
        (void)digest_all(BackupSet::open(root.string(), std::nullopt, "source"));
        FAIL() << "no error";
    } catch (const catalog::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
}
