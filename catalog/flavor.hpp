#pragma once
/// Which kind of cluster a server is (GP6, GP7 or plain PostgreSQL), decided from what the
/// server reports. Pure logic: no I/O.

#include <optional>
#include <string>
#include <string_view>

namespace gpparity::catalog {

enum class Flavor { postgres, gp6, gp7 };

[[nodiscard]] std::string_view to_string(Flavor flavor) noexcept;
/// Parses "postgres", "gp6" or "gp7"; nullopt otherwise.
[[nodiscard]] std::optional<Flavor> parse_flavor_name(std::string_view name) noexcept;

/// What a server said about itself.
struct ServerFacts {
    int server_version_num = 0;    ///< e.g. 90426 on GP6, 120000 on GP7, 150008 on PG 15
    std::string server_version;    ///< e.g. "9.4.26", "12", "15.8 (Debian 15.8-1)"
    std::string gp_server_version; ///< GUC_REPORT parameter; empty when not Greenplum
    std::string version_string;    ///< SELECT version()
};

struct FlavorDecision {
    Flavor flavor = Flavor::postgres;
    std::optional<std::string> gp_version; ///< "6.24.3", "7.0.0"; nullopt on PostgreSQL
};

/// Decides the flavor. GP7 may report server_version as just "12" (no minor), and
/// gp_server_version may be missing on some builds, so the version() string is consulted too.
/// Throws UsageError naming the versions for anything gpparity does not support (Greenplum 5
/// and older, PostgreSQL before 12).
[[nodiscard]] FlavorDecision decide_flavor(const ServerFacts& facts);

/// The leading "major.minor.patch" numbers of a version string, tolerant of "12", "12.12",
/// "7.0.0+dev.17185", "15.8 (Debian ...)". Missing parts are 0.
struct VersionNumbers {
    int major = 0;
    int minor = 0;
    int patch = 0;
};
[[nodiscard]] std::optional<VersionNumbers> parse_version_numbers(std::string_view text) noexcept;

} // namespace gpparity::catalog
