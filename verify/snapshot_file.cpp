#include "verify/snapshot_file.hpp"

#include "catalog/error.hpp"
#include "catalog/snapshot_json.hpp"
#include "checksum/digest.hpp"
#include "verify/identity.hpp"
#include "verify/output_file.hpp"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace gpparity::verify {

namespace {

constexpr std::string_view k_format = "gpparity-snapshot";
constexpr std::string_view k_checksum_prefix = "xxh3-128:";

// The gzip header's extra field (RFC 1952 §2.3.1.1) gpparity writes: subfield "GP" holding the
// XXH3-128 (32 hex digits) of every byte after the header — the deflate data and the trailer.
// Deflate has redundant encodings (a flipped bit can decode to the same content, which the
// trailer's CRC-32 and the content checksum then accept); with this hash no byte of a file can
// change unnoticed. Files written before it have no extra field and are still read.
constexpr std::size_t k_header_size = 10;
constexpr std::size_t k_hash_hex = 32;
constexpr std::size_t k_extra_size = 4 + k_hash_hex; // SI1 SI2 LEN(2) + the hash

std::string hash_hex(std::string_view bytes) {
    return checksum::to_hex(checksum::hash_bytes(bytes));
}

// `file` (a deflate-default gzip header, the deflate data, the trailer) with the extra field.
std::string with_extra_field(const std::string& file) {
    constexpr unsigned char k_fextra = 0x04;
    std::string out = file.substr(0, k_header_size);
    out[3] = static_cast<char>(k_fextra);
    out.push_back(static_cast<char>(k_extra_size & 0xff)); // XLEN, little-endian
    out.push_back(static_cast<char>(k_extra_size >> 8));
    out += "GP";
    out.push_back(static_cast<char>(k_hash_hex & 0xff)); // LEN, little-endian
    out.push_back(static_cast<char>(k_hash_hex >> 8));
    const std::string_view rest = std::string_view(file).substr(k_header_size);
    out += hash_hex(rest);
    out.append(rest);
    return out;
}

// gzip of the concatenation of `pieces` (windowBits 15 + 16: a gzip header and a CRC-32 and
// length trailer around the deflate data), without concatenating them first.
std::string gzip(std::initializer_list<std::string_view> pieces,
                 int level = Z_DEFAULT_COMPRESSION) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw catalog::Error("snapshot: cannot initialise zlib");
    }
    std::string out;
    char buffer[1 << 16];
    std::size_t remaining = pieces.size();
    int rc = Z_OK;
    for (std::string_view piece : pieces) {
        --remaining;
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
        zs.avail_in = static_cast<uInt>(piece.size());
        const int flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            zs.next_out = reinterpret_cast<Bytef*>(buffer);
            zs.avail_out = sizeof buffer;
            rc = deflate(&zs, flush);
            out.append(buffer, sizeof buffer - zs.avail_out);
        } while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    }
    deflateEnd(&zs);
    if (rc != Z_STREAM_END || out.size() < k_header_size) {
        throw catalog::Error("snapshot: compression failed");
    }
    return with_extra_field(out);
}

// True when a gzip header is one gpparity writes (deflate's default header: no name, comment or
// header CRC, modification time 0, the text flag clear, OS 3 "Unix", extra flags 0, 2 or 4 by
// compression level; and the "GP" extra field, or none in files written before it). zlib checks
// the trailer (CRC-32 and length of the content) but not these fields, so any other value is
// damage nothing else would detect.
bool is_written_header(const gz_header& header, bool has_extra) {
    const bool extra_ok = has_extra ? header.extra_len == k_extra_size && header.extra[0] == 'G' &&
                                          header.extra[1] == 'P' && header.extra[2] == k_hash_hex &&
                                          header.extra[3] == 0
                                    : header.extra == Z_NULL;
    return header.done == 1 && header.text == 0 && header.time == 0 && header.os == 3 &&
           (header.xflags == 0 || header.xflags == 2 || header.xflags == 4) && extra_ok &&
           header.name == Z_NULL && header.comment == Z_NULL && header.hcrc == 0;
}

std::string gunzip(std::string_view input) {
    z_stream zs{};
    // windowBits 15 + 16: gzip only (a zlib or raw stream is not a snapshot file).
    if (inflateInit2(&zs, 15 + 16) != Z_OK) {
        throw catalog::UsageError("cannot initialise zlib");
    }
    // zlib leaves a field's pointer as given when the header has that field, and sets it to
    // Z_NULL when not: one-byte buffers tell which fields are present.
    gz_header header{};
    Bytef extra[k_extra_size + 1] = {};
    Bytef field_probe[3] = {0, 0, 0};
    header.extra = &extra[0];
    header.extra_max = sizeof extra;
    header.name = &field_probe[1];
    header.name_max = 1;
    header.comment = &field_probe[2];
    header.comm_max = 1;
    inflateGetHeader(&zs, &header);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs.avail_in = static_cast<uInt>(input.size());
    std::string out;
    char buffer[1 << 16];
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_OK || rc == Z_STREAM_END) {
            out.append(buffer, sizeof buffer - zs.avail_out);
        }
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            rc = Z_BUF_ERROR; // input ended before the stream did
        }
    }
    std::string message = zs.msg != nullptr ? zs.msg : "";
    std::size_t unused = zs.avail_in;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) {
        throw catalog::UsageError(
            rc == Z_BUF_ERROR ? std::string("truncated (the compressed stream ends early)")
                              : "not a gzip-compressed gpparity snapshot" +
                                    (message.empty() ? std::string() : " (" + message + ")"));
    }
    if (unused != 0) {
        throw catalog::UsageError("unexpected bytes after the end of the snapshot");
    }
    const bool has_extra = header.extra != Z_NULL;
    if (!is_written_header(header, has_extra)) {
        throw catalog::UsageError("damaged gzip header (not the header gpparity writes)");
    }
    constexpr std::size_t k_data_start = k_header_size + 2 + k_extra_size;
    if (has_extra && (input.size() < k_data_start ||
                      hash_hex(input.substr(k_data_start)) !=
                          std::string_view(reinterpret_cast<const char*>(&extra[4]), k_hash_hex))) {
        throw catalog::UsageError("damaged compressed data (the file's hash does not match)");
    }
    return out;
}

// The checksum of a parsed document without its "checksum" key.
std::string content_checksum(const nlohmann::json& document) {
    // Compact, keys sorted (nlohmann's object is a std::map); invalid UTF-8 is replaced so a
    // catalog name in a SQL_ASCII database cannot make writing fail.
    std::string text = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return std::string(k_checksum_prefix) + checksum::to_hex(checksum::hash_bytes(text));
}

} // namespace

std::string encode_snapshot(const catalog::Snapshot& snapshot, const SnapshotData* data) {
    // The document is written as nlohmann's compact dump with sorted keys would write it, so
    // that decode_snapshot's parse-and-dump reproduces the checksummed bytes. "catalog" sorts
    // first and "checksum" second: the text without the checksum is hashed, then the checksum
    // is spliced in after the catalog.
    std::string body = "{\"catalog\":";
    body.reserve(snapshot.objects.size() * 400);
    if (!catalog::append_snapshot_json(snapshot, body)) {
        body += catalog::snapshot_to_json(snapshot).dump(-1, ' ', false,
                                                         nlohmann::json::error_handler_t::replace);
    }
    const std::size_t split = body.size();
    nlohmann::json rest = {
        {"cluster", identity_to_json(snapshot.cluster)},
        {"data", data != nullptr ? snapshot_data_to_json(*data) : nlohmann::json()},
        {"format", k_format},
        {"gpparity", snapshot.gpparity_version},
        {"taken", snapshot.taken_at},
        {"version", k_snapshot_format_version},
    };
    std::string rest_text = rest.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    body.push_back(',');
    body.append(rest_text, 1, std::string::npos); // without its opening brace
    std::string checksum = ",\"checksum\":\"" + std::string(k_checksum_prefix) +
                           checksum::to_hex(checksum::hash_bytes(body)) + "\"";
    std::string_view text(body);
    // Digests are hex of random bits: deflate's fastest level packs them within 3 % of its
    // default level, four times faster (bench/RESULTS-snapshot-data.md).
    return gzip({text.substr(0, split), checksum, text.substr(split)},
                data != nullptr ? Z_BEST_SPEED : Z_DEFAULT_COMPRESSION);
}

nlohmann::json decode_snapshot_document(std::string_view bytes, const std::string& name) {
    const std::string where = "snapshot " + name + ": ";
    try {
        if (bytes.empty()) {
            throw catalog::UsageError("empty file");
        }
        std::string text = gunzip(bytes);
        nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
        text = std::string(); // a data snapshot can be large: keep one copy, not two
        if (document.is_discarded() || !document.is_object()) {
            throw catalog::UsageError("not valid JSON inside the compressed stream");
        }
        auto format = document.find("format");
        if (format == document.end() || *format != k_format) {
            throw catalog::UsageError(
                "not a gpparity snapshot (format is not \"gpparity-snapshot\")");
        }
        auto version = document.find("version");
        if (version == document.end() || !version->is_number_integer()) {
            throw catalog::UsageError("no format version");
        }
        if (version->get<int>() != k_snapshot_format_version) {
            throw catalog::UsageError("format version " + version->dump() +
                                      " is not supported (this gpparity reads version " +
                                      std::to_string(k_snapshot_format_version) + ")");
        }
        auto checksum = document.find("checksum");
        if (checksum == document.end() || !checksum->is_string()) {
            throw catalog::UsageError("no checksum");
        }
        std::string stored = checksum->get<std::string>();
        document.erase("checksum");
        if (content_checksum(document) != stored) {
            throw catalog::UsageError("checksum mismatch: the file was modified or damaged");
        }
        return document;
    } catch (const catalog::UsageError& e) {
        throw catalog::UsageError(where + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw catalog::UsageError(where + "malformed: " + e.what());
    }
}

std::string encode_snapshot_document(const nlohmann::json& document) {
    std::string text = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (document.contains("checksum")) {
        return gzip({text}); // kept as given: how a test builds a file with a stale checksum
    }
    nlohmann::json checksum = content_checksum(document);
    // The checksum key sorts after "catalog"; a document of any shape gets it spliced in
    // as its own member, and decode re-sorts keys before hashing.
    std::string member = "\"checksum\":" + checksum.dump() + (text.size() > 2 ? "," : "");
    text.insert(1, member);
    return gzip({text});
}

SnapshotFile decode_snapshot_file(std::string_view bytes, const std::string& name) {
    nlohmann::json document = decode_snapshot_document(bytes, name);
    const std::string where = "snapshot " + name + ": ";
    try {
        SnapshotFile file;
        catalog::Snapshot& snapshot = file.catalog;
        try {
            snapshot.gpparity_version = document.at("gpparity").get<std::string>();
            snapshot.taken_at = document.at("taken").get<std::string>();
        } catch (const nlohmann::json::exception&) {
            throw catalog::UsageError("\"gpparity\" or \"taken\" is missing or not a string");
        }
        auto cluster = document.find("cluster");
        if (cluster == document.end()) {
            throw catalog::UsageError("no cluster identity");
        }
        snapshot.cluster = identity_from_json(*cluster);
        auto catalog_json = document.find("catalog");
        if (catalog_json == document.end()) {
            throw catalog::UsageError("no catalog");
        }
        catalog::snapshot_from_json(*catalog_json, snapshot);
        document.erase("catalog");
        auto data = document.find("data");
        if (data != document.end() && !data->is_null()) {
            file.data = snapshot_data_from_json(*data);
        }
        return file;
    } catch (const catalog::UsageError& e) {
        throw catalog::UsageError(where + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw catalog::UsageError(where + "malformed: " + e.what());
    }
}

catalog::Snapshot decode_snapshot(std::string_view bytes, const std::string& name) {
    return decode_snapshot_file(bytes, name).catalog;
}

void write_snapshot_file(const std::string& path, const catalog::Snapshot& snapshot,
                         const SnapshotData* data) {
    write_file_atomically(path, encode_snapshot(snapshot, data), "snapshot " + path);
}

catalog::Snapshot read_snapshot_file(const std::string& path) {
    return read_snapshot_file_with_data(path).catalog;
}

SnapshotFile read_snapshot_file_with_data(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw catalog::UsageError("snapshot " + path + ": cannot read: " + std::strerror(errno));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        throw catalog::UsageError("snapshot " + path + ": cannot read: " + std::strerror(errno));
    }
    return decode_snapshot_file(buffer.str(), path);
}

bool looks_like_snapshot_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[2] = {0, 0};
    if (!in.read(magic, 2)) {
        return false;
    }
    return static_cast<unsigned char>(magic[0]) == 0x1f &&
           static_cast<unsigned char>(magic[1]) == 0x8b;
}

} // namespace gpparity::verify
