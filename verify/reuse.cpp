#include "verify/reuse.hpp"

#include "catalog/clock.hpp"
#include "catalog/error.hpp"
#include "verify/sha256.hpp"

namespace gpparity::verify {

namespace {

using nlohmann::json;

constexpr std::array<const char*, 2> k_side_names = {"source", "target"};

std::string text_of(const json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
        throw catalog::UsageError(std::string("\"") + key + "\" is missing or not a string");
    }
    return it->get<std::string>();
}

std::map<std::string, StoredBackupTable> backup_tables_from_json(const json& tables) {
    if (!tables.is_object()) {
        throw catalog::UsageError("\"backup_tables\" is not an object");
    }
    std::map<std::string, StoredBackupTable> out;
    for (const auto& [identity, entry] : tables.items()) {
        try {
            if (!entry.is_object()) {
                throw catalog::UsageError("not an object");
            }
            StoredBackupTable t;
            t.read_at = text_of(entry, "read_at");
            if (!catalog::parse_iso8601_utc(t.read_at)) {
                throw catalog::UsageError("\"read_at\" is not a time");
            }
            t.plan = text_of(entry, "plan");
            t.segments = digests_from_text(text_of(entry, "digests"));
            out.emplace(identity, std::move(t));
        } catch (const catalog::UsageError& e) {
            throw catalog::UsageError("backup table " + identity + ": " + e.what());
        }
    }
    return out;
}

} // namespace

json digest_store_to_json(const DigestStore& store) {
    json tables = json::object();
    for (const auto& [identity, t] : store.tables) {
        json entry = {{"read_at", t.read_at},
                      {"fingerprint", t.fingerprint},
                      {"placement_checked", t.placement_checked}};
        for (std::size_t s = 0; s < 2; ++s) {
            entry[k_side_names[s]] = {{"signature", t.sides[s].signature},
                                      {"digests", digests_text(t.sides[s].segments, true)}};
        }
        tables[identity] = std::move(entry);
    }
    json backup_tables = json::object();
    for (const auto& [identity, t] : store.backup_tables) {
        backup_tables[identity] = {
            {"read_at", t.read_at}, {"plan", t.plan}, {"digests", digests_text(t.segments, true)}};
    }
    return {{"version", k_digest_store_version},
            {"tables", std::move(tables)},
            {"backup_tables", std::move(backup_tables)}};
}

DigestStore digest_store_from_json(const json& json_store) {
    if (!json_store.is_object()) {
        throw catalog::UsageError("not a JSON object");
    }
    const auto version = json_store.find("version");
    if (version == json_store.end() || !version->is_number_integer() ||
        version->get<int>() != k_digest_store_version) {
        throw catalog::UsageError("not a digest store of version " +
                                  std::to_string(k_digest_store_version));
    }
    const auto tables = json_store.find("tables");
    if (tables == json_store.end() || !tables->is_object()) {
        throw catalog::UsageError("\"tables\" is missing or not an object");
    }
    DigestStore store;
    for (const auto& [identity, entry] : tables->items()) {
        try {
            if (!entry.is_object()) {
                throw catalog::UsageError("not an object");
            }
            StoredTable t;
            t.read_at = text_of(entry, "read_at");
            if (!catalog::parse_iso8601_utc(t.read_at)) {
                throw catalog::UsageError("\"read_at\" is not a time");
            }
            t.fingerprint = text_of(entry, "fingerprint");
            const auto checked = entry.find("placement_checked");
            t.placement_checked =
                checked != entry.end() && checked->is_boolean() && checked->get<bool>();
            for (std::size_t s = 0; s < 2; ++s) {
                const auto side = entry.find(k_side_names[s]);
                if (side == entry.end() || !side->is_object()) {
                    throw catalog::UsageError(std::string("\"") + k_side_names[s] +
                                              "\" is missing or not an object");
                }
                t.sides[s].signature = text_of(*side, "signature");
                t.sides[s].segments = digests_from_text(text_of(*side, "digests"));
            }
            store.tables.emplace(identity, std::move(t));
        } catch (const catalog::UsageError& e) {
            throw catalog::UsageError("table " + identity + ": " + e.what());
        }
    }
    // Absent from stores written before backup sets were a source.
    if (const auto backup = json_store.find("backup_tables"); backup != json_store.end()) {
        store.backup_tables = backup_tables_from_json(*backup);
    }
    return store;
}

std::string digest_fingerprint(const json& parts) {
    return sha256_hex(parts.dump());
}

std::optional<std::string>
reuse_refusal(const StoredTable& stored, const std::string& fingerprint,
              const std::array<std::optional<std::string>, 2>& signatures,
              std::chrono::system_clock::time_point now, std::chrono::seconds max_age) {
    for (std::size_t s = 0; s < 2; ++s) {
        if (!signatures[s]) {
            return std::string(k_side_names[s]) + " has no change signature (heap storage)";
        }
        if (*signatures[s] != stored.sides[s].signature) {
            return std::string(k_side_names[s]) + " changed since " + stored.read_at;
        }
    }
    if (stored.fingerprint != fingerprint) {
        return "the digests would be computed differently (strategy, encoding, columns or read "
               "path)";
    }
    const auto read_at = catalog::parse_iso8601_utc(stored.read_at);
    if (!read_at || *read_at > now) {
        return "the stored read time " + stored.read_at + " is not in the past";
    }
    if (now - *read_at > max_age) {
        return "last read " + stored.read_at + ", longer ago than --max-reuse-age";
    }
    return std::nullopt;
}

} // namespace gpparity::verify
