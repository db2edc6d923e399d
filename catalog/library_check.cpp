#include "catalog/library_check.hpp"

#include "catalog/error.hpp"

#include <set>

namespace gpparity::catalog {

std::map<std::string, std::vector<std::string>> c_function_libraries(const Snapshot& snapshot) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& o : snapshot.objects) {
        if ((o.kind == ObjectKind::function || o.kind == ObjectKind::procedure) &&
            o.get("language") == "c") {
            std::string library = o.get("library");
            if (!library.empty()) {
                out[library].push_back(o.identity);
            }
        }
    }
    return out;
}

namespace {

struct Host {
    std::string name; ///< "coordinator h:p" or "segment 0 h:p"
    bool coordinator = false;
    Segment segment;
};

} // namespace

LibraryCheck check_libraries(Cluster& cluster, const Snapshot& snapshot) {
    LibraryCheck check;
    auto libraries = c_function_libraries(snapshot);
    check.libraries = static_cast<int>(libraries.size());
    if (libraries.empty()) {
        return check;
    }
    std::vector<Host> hosts;
    const auto& identity = cluster.identity();
    hosts.push_back(
        Host{"coordinator " + identity.host + ":" + std::to_string(identity.port), true, {}});
    if (cluster.is_greenplum()) {
        for (const auto& s : identity.segments) {
            hosts.push_back(Host{"segment " + std::to_string(s.content) + " " + s.host + ":" +
                                     std::to_string(s.port),
                                 false, s});
        }
    }
    // function identity -> failures ("on <host>: <message>")
    std::map<std::string, std::vector<std::string>> failures;
    for (const auto& host : hosts) {
        std::optional<pg::Connection> segment_connection;
        pg::Connection* conn = &cluster.coordinator();
        if (!host.coordinator) {
            try {
                segment_connection.emplace(cluster.open_segment(host.segment));
            } catch (const ConnectionError& e) {
                check.warnings.push_back("shared libraries not checked on " + host.name + ": " +
                                         e.what());
                continue;
            }
            conn = &*segment_connection;
        }
        ++check.hosts;
        for (const auto& [library, functions] : libraries) {
            try {
                (void)conn->exec("LOAD " + conn->quote_literal(library));
            } catch (const QueryError& e) {
                if (e.sqlstate() == "42501") {
                    check.warnings.push_back(
                        "shared libraries not checked on " + host.name +
                        ": LOAD needs superuser for libraries outside $libdir/plugins (" +
                        e.what() + ")");
                    break;
                }
                for (const auto& f : functions) {
                    failures[f].push_back("library '" + library + "' does not load on " +
                                          host.name + ": " + e.what());
                }
            }
        }
    }
    for (auto& [function, reasons] : failures) {
        Finding f;
        f.kind = ObjectKind::function;
        if (const auto* o = snapshot.find(ObjectKind::procedure, function)) {
            f.kind = o->kind;
        }
        f.object = function;
        f.status = FindingStatus::incompatible;
        f.rule = "shared_library";
        for (const auto& r : reasons) {
            f.reason += (f.reason.empty() ? "" : "; ") + r;
        }
        check.findings.push_back(std::move(f));
    }
    return check;
}

} // namespace gpparity::catalog
