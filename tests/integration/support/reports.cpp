#include "tests/integration/support/reports.hpp"

namespace gpparity::testing {

std::vector<std::string> DatabasePair::args(const std::vector<std::string>& extra) const {
    std::vector<std::string> out{"--source", source.conninfo(), "--target", target.conninfo()};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
}

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

nlohmann::json run_json_report(const std::vector<std::string>& args, int expected_exit) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--format", "json"});
    RunResult r = run_gpparity(all);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err << r.out;
    if (r.out.empty()) {
        ADD_FAILURE() << "no report: " << r.err;
        return nlohmann::json::object();
    }
    return nlohmann::json::parse(r.out);
}

nlohmann::json run_data_json(const std::vector<std::string>& extra, int expected_exit) {
    std::vector<std::string> args{"data"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_json_report(args, expected_exit);
}

std::map<std::string, nlohmann::json> tables_by_name(const nlohmann::json& report) {
    std::map<std::string, nlohmann::json> out;
    for (const auto& t : report["data"]["tables"]) {
        out[t["table"].get<std::string>()] = t;
    }
    return out;
}

const nlohmann::json* finding_of(const nlohmann::json& report, const std::string& object) {
    for (const auto& f : report["catalog"]["findings"]) {
        if (f["object"] == object) {
            return &f;
        }
    }
    return nullptr;
}

std::map<std::string, std::string> table_statuses(const nlohmann::json& report) {
    std::map<std::string, std::string> out;
    for (const auto& [name, t] : tables_by_name(report)) {
        out[name] = t["status"].get<std::string>();
    }
    return out;
}

} // namespace gpparity::testing
