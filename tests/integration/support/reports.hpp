#pragma once
/// Integration-test support for end-to-end runs: the same database on both harness servers, and
/// the JSON report of a gpparity run.

#include "tests/integration/support/servers.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace gpparity::testing {

/// Database `gpparity_test_<name>` on two servers: the source on the first, the target on the
/// second.
struct DatabasePair {
    TestDatabase source;
    TestDatabase target;
    DatabasePair(const std::string& source_server, const std::string& target_server,
                 const std::string& name)
        : source(source_server, name), target(target_server, name) {}
    /// `--source <source> --target <target>`, then `extra`.
    [[nodiscard]] std::vector<std::string> args(const std::vector<std::string>& extra = {}) const;
};

/// `head` followed by `tail`: a command line built from shared arguments and its own.
[[nodiscard]] std::vector<std::string> with(std::vector<std::string> head,
                                            const std::vector<std::string>& tail);

/// Runs `gpparity <args> --format json`, expects `expected_exit` and returns the report (an
/// empty object, and a test failure, when there is none).
nlohmann::json run_json_report(const std::vector<std::string>& args, int expected_exit);

/// `gpparity data --format json <extra>` (run_json_report).
nlohmann::json run_data_json(const std::vector<std::string>& extra, int expected_exit);

/// The report's data tables by name, and their statuses.
[[nodiscard]] std::map<std::string, nlohmann::json> tables_by_name(const nlohmann::json& report);

/// The catalog finding of `object` in a JSON report, or null when there is none.
[[nodiscard]] const nlohmann::json* finding_of(const nlohmann::json& report,
                                               const std::string& object);
[[nodiscard]] std::map<std::string, std::string> table_statuses(const nlohmann::json& report);

} // namespace gpparity::testing
