#include "catalog/flavor.hpp"

#include "catalog/error.hpp"

#include <cctype>
#include <charconv>

namespace gpparity::catalog {

std::string_view to_string(Flavor flavor) noexcept {
    switch (flavor) {
    case Flavor::postgres:
        return "postgres";
    case Flavor::gp6:
        return "gp6";
    case Flavor::gp7:
        return "gp7";
    }
    return "postgres";
}

std::optional<Flavor> parse_flavor_name(std::string_view name) noexcept {
    if (name == "postgres") {
        return Flavor::postgres;
    }
    if (name == "gp6") {
        return Flavor::gp6;
    }
    if (name == "gp7") {
        return Flavor::gp7;
    }
    return std::nullopt;
}

std::optional<VersionNumbers> parse_version_numbers(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
        ++i;
    }
    int parts[3] = {0, 0, 0};
    int count = 0;
    while (count < 3 && i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + text.size(), parts[count]);
        if (ec != std::errc()) {
            return std::nullopt;
        }
        i = static_cast<std::size_t>(ptr - text.data());
        ++count;
        if (i < text.size() && text[i] == '.') {
            ++i;
        } else {
            break;
        }
    }
    if (count == 0) {
        return std::nullopt;
    }
    return VersionNumbers{parts[0], parts[1], parts[2]};
}

namespace {

// "PostgreSQL 9.4.26 (Greenplum Database 6.24.3 build commit:...)" -> "6.24.3"
std::optional<std::string> gp_version_from_banner(std::string_view banner) {
    constexpr std::string_view k_marker = "Greenplum Database ";
    std::size_t pos = banner.find(k_marker);
    if (pos == std::string_view::npos) {
        return std::nullopt;
    }
    pos += k_marker.size();
    std::size_t end = pos;
    while (end < banner.size() && !std::isspace(static_cast<unsigned char>(banner[end])) &&
           banner[end] != ')') {
        ++end;
    }
    if (end == pos) {
        return std::nullopt;
    }
    return std::string(banner.substr(pos, end - pos));
}

} // namespace

FlavorDecision decide_flavor(const ServerFacts& facts) {
    std::optional<std::string> gp_version;
    if (!facts.gp_server_version.empty()) {
        gp_version = facts.gp_server_version;
    } else {
        gp_version = gp_version_from_banner(facts.version_string);
    }

    int pg_major = facts.server_version_num / 10000;
    if (facts.server_version_num == 0) {
        if (auto v = parse_version_numbers(facts.server_version)) {
            pg_major = v->major;
        }
    }

    if (!gp_version) {
        if (pg_major < 12) {
            throw UsageError("unsupported server: PostgreSQL " + facts.server_version +
                             " (gpparity supports PostgreSQL 12 and later, Greenplum 6 and 7)");
        }
        return {Flavor::postgres, std::nullopt};
    }
    auto gp = parse_version_numbers(*gp_version);
    int gp_major = gp ? gp->major : 0;
    if (gp_major == 6) {
        return {Flavor::gp6, gp_version};
    }
    if (gp_major == 7) {
        return {Flavor::gp7, gp_version};
    }
    throw UsageError("unsupported server: Greenplum " + *gp_version +
                     " (gpparity supports Greenplum 6 and 7)");
}

} // namespace gpparity::catalog
