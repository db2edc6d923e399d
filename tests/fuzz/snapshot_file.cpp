/// libFuzzer target: the snapshot file reader (verify/snapshot_file.hpp), the parser of every
/// byte of a file given as --source/--target. A gzip input is decoded as a file is; any other
/// input is taken as the JSON document inside a file and sealed with a valid checksum first, so
/// the fuzzer reaches the catalog, identity and data-digest parsers behind the checksum.
/// A decoded snapshot is written again and must read back: `snapshot --source FILE` rewrites.
/// Errors through UsageError (catalog::Error) are the expected outcome of bad input.

#include "verify/snapshot_file.hpp"
#include "catalog/error.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void decode_and_rewrite(std::string_view bytes) {
    using gpparity::verify::decode_snapshot_file;
    gpparity::verify::SnapshotFile file;
    try {
        file = decode_snapshot_file(bytes, "fuzz");
    } catch (const gpparity::catalog::Error&) {
        return;
    }
    const std::string again =
        gpparity::verify::encode_snapshot(file.catalog, file.data ? &*file.data : nullptr);
    // What was accepted once is written so that it reads back; a throw here is a finding.
    (void)decode_snapshot_file(again, "fuzz rewritten");
}

} // namespace

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        decode_and_rewrite(bytes);
        return 0;
    }
    nlohmann::json document = nlohmann::json::parse(bytes, nullptr, false);
    if (document.is_discarded()) {
        return 0;
    }
    decode_and_rewrite(gpparity::verify::encode_snapshot_document(document));
    return 0;
}
