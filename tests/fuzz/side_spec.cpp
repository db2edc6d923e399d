/// libFuzzer target: how a --source/--target value is told apart (verify/side.hpp
/// classify_side: snapshot file, connection string or URI, or a path that is a one-line error),
/// then, for a connection string, libpq's parse and the redaction every message goes through
/// (catalog/pg/conninfo.hpp). Nothing connects. UsageError is the expected outcome of bad input.

#include "catalog/error.hpp"
#include "catalog/pg/conninfo.hpp"
#include "verify/side.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

// NOLINTNEXTLINE(readability-identifier-naming): the entry point libFuzzer calls
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string spec(reinterpret_cast<const char*>(data), size);
    namespace pg = gpparity::catalog::pg;
    (void)pg::redact_secrets(spec);
    (void)pg::one_line(spec);
    (void)pg::redacted_conninfo(spec);
    try {
        if (gpparity::verify::classify_side(spec, "source") == gpparity::verify::SideKind::live) {
            (void)pg::parse_conninfo(spec);
        }
    } catch (const gpparity::catalog::Error&) {
        return 0;
    }
    return 0;
}
