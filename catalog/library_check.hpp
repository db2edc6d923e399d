#pragma once
/// Shared-library check (issue 4): a C function that exists on the target is usable only if
/// its library loads there. On a live cluster, `LOAD`s each C function's library on the
/// coordinator and on every primary (utility mode) and reports each failure as an
/// `incompatible` finding naming the host and quoting the server. I/O; the rest of the catalog
/// diff is pure.
///
/// LOAD is not a write: PostgreSQL runs it in a READ ONLY session (it is not among the commands
/// read-only transactions refuse). It needs superuser for libraries outside $libdir/plugins;
/// when the server refuses for lack of privilege, the check says so as a warning instead of
/// failing or passing silently.

#include "catalog/cluster.hpp"
#include "catalog/finding.hpp"
#include "catalog/snapshot.hpp"

#include <map>
#include <string>
#include <vector>

namespace gpparity::catalog {

struct LibraryCheck {
    std::vector<Finding> findings;     ///< incompatible, one per function whose library fails
    std::vector<std::string> warnings; ///< checks that could not run, and why
    int libraries = 0;                 ///< distinct libraries tried
    int hosts = 0;                     ///< coordinator + primaries reached
};

/// The libraries the C functions of `snapshot` use: library -> function identities.
[[nodiscard]] std::map<std::string, std::vector<std::string>>
c_function_libraries(const Snapshot& snapshot);

/// Loads every library of `snapshot`'s C functions on `cluster`'s coordinator and primaries.
/// Throws ConnectionError only if the coordinator connection is lost; an unreachable primary
/// is a warning.
[[nodiscard]] LibraryCheck check_libraries(Cluster& cluster, const Snapshot& snapshot);

} // namespace gpparity::catalog
