#include "verify/identity.hpp"

#include "catalog/error.hpp"
#include "catalog/text.hpp"
#include "verify/json_integer.hpp"

namespace gpparity::verify {

nlohmann::json identity_to_json(const catalog::ClusterIdentity& identity) {
    nlohmann::json segments = nlohmann::json::array();
    for (const auto& s : identity.segments) {
        segments.push_back({{"content", s.content}, {"host", s.host}, {"port", s.port}});
    }
    return {
        {"flavor", catalog::to_string(identity.flavor)},
        {"server_version", identity.server_version},
        {"gp_version",
         identity.gp_version ? nlohmann::json(*identity.gp_version) : nlohmann::json()},
        {"database", identity.database},
        {"user", identity.user},
        {"segments", segments},
    };
}

catalog::ClusterIdentity identity_from_json(const nlohmann::json& json) {
    try {
        catalog::ClusterIdentity id;
        auto flavor = catalog::parse_flavor_name(json.at("flavor").get<std::string>());
        if (!flavor) {
            throw catalog::UsageError("unknown flavor " + json.at("flavor").dump());
        }
        id.flavor = *flavor;
        id.server_version = json.at("server_version").get<std::string>();
        if (!json.at("gp_version").is_null()) {
            id.gp_version = json.at("gp_version").get<std::string>();
        }
        id.database = json.at("database").get<std::string>();
        id.user = json.at("user").get<std::string>();
        for (const auto& s : json.at("segments")) {
            id.segments.push_back(
                catalog::Segment{json_integer<int>(s.at("content"), "a segment's content"),
                                 s.at("host").get<std::string>(), s.at("host").get<std::string>(),
                                 json_integer<int>(s.at("port"), "a segment's port")});
        }
        return id;
    } catch (const nlohmann::json::exception& e) {
        throw catalog::UsageError(std::string("malformed cluster identity: ") + e.what());
    }
}

std::string identity_to_text(const catalog::ClusterIdentity& identity) {
    std::string out;
    out += "flavor:          " + std::string(catalog::to_string(identity.flavor)) + "\n";
    out += "server version:  " + identity.server_version + "\n";
    out += "gp version:      " + identity.gp_version.value_or("-") + "\n";
    out += "database:        " + identity.database + "\n";
    out += "user:            " + identity.user + "\n";
    out += "segments:        " + std::to_string(identity.segments.size()) +
           (identity.segments.size() == 1 ? " primary" : " primaries") + "\n";
    for (const auto& s : identity.segments) {
        out += "  content " + std::to_string(s.content) + "  " + s.host + ":" +
               std::to_string(s.port) + "\n";
    }
    return out;
}

namespace {

bool usable(const checksum::DigestExtension& extension) {
    return extension.version == checksum::k_digest_extension_version && extension.usable;
}

} // namespace

nlohmann::json info_to_json(const InfoResult& info) {
    nlohmann::json out = identity_to_json(info.identity);
    if (info.backup) {
        const BackupEvidence& b = *info.backup;
        out["backup"] = {{"directory", b.directory},
                         {"timestamp", b.timestamp},
                         {"gpbackup_version", b.gpbackup_version},
                         {"database_version", b.database_version},
                         {"segment_count", b.segment_count},
                         {"compression", b.compression},
                         {"status", b.status},
                         {"data_files", b.data_files},
                         {"chain", b.chain},
                         {"end_time", b.end_time},
                         {"tables", info.backup_tables},
                         {"rows", info.backup_rows},
                         {"objects", info.backup_objects}};
    }
    if (info.live) {
        const auto& e = info.digest_extension;
        out["digest_extension"] = e ? nlohmann::json{{"version", e->version},
                                                     {"schema", e->schema},
                                                     {"usable", usable(*e)}}
                                    : nlohmann::json();
    }
    return out;
}

std::string info_to_text(const InfoResult& info) {
    std::string out = identity_to_text(info.identity);
    if (info.backup) {
        const BackupEvidence& b = *info.backup;
        out += "backup:          " + b.directory + "\n";
        out += "timestamp:       " + b.timestamp + "\n";
        out += "gpbackup:        " + (b.gpbackup_version.empty() ? "-" : b.gpbackup_version) + "\n";
        out += "taken on:        " + b.database_version + "\n";
        out += "compression:     " + b.compression + "\n";
        out += "data files:      " + b.data_files + "\n";
        out += "status:          " + (b.status.empty() ? "not recorded" : b.status) + "\n";
        if (b.chain.size() > 1) {
            out += "incremental:     restore plan " + catalog::join(b.chain, ", ") + "\n";
        }
        out += "objects:         " + std::to_string(info.backup_objects) + "\n";
        out += "tables:          " + std::to_string(info.backup_tables) + " with data, " +
               std::to_string(info.backup_rows) + " rows\n";
    }
    if (!info.live) {
        return out;
    }
    const auto& e = info.digest_extension;
    out += "digest extension: ";
    if (!e) {
        out += "not installed (pushdown digests are computed in SQL)\n";
    } else if (usable(*e)) {
        out += "gpparity " + e->version + " in schema " + e->schema + "\n";
    } else if (!e->usable) {
        out += "gpparity " + e->version + " in schema " + e->schema + ", but this role may not " +
               "call it (needs USAGE on schema " + e->schema + " and EXECUTE on " + e->schema +
               ".c1_digest; pushdown digests are computed in SQL)\n";
    } else {
        out += "gpparity " + e->version + " in schema " + e->schema + ", not the version " +
               std::string(checksum::k_digest_extension_version) +
               " this gpparity uses (ALTER EXTENSION gpparity UPDATE)\n";
    }
    return out;
}

} // namespace gpparity::verify
