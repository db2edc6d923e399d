// gpparity: the thin shell around cli::run() and the one place errors become exit status 2.

#include "catalog/error.hpp"
#include "catalog/pg/conninfo.hpp"
#include "checksum/interrupt.hpp"
#include "cli/app.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    // Ctrl-C or SIGTERM anywhere outside a data run (which cancels its statements and reports
    // what it compared) ends the run with status 2, never as a pass or by the signal.
    gpparity::checksum::exit_on_signal();
    try {
        return gpparity::cli::run(argc, argv);
    } catch (const gpparity::catalog::Error& e) {
        std::cerr << "gpparity: " << gpparity::catalog::pg::one_line(e.what()) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "gpparity: internal error: "
                  << gpparity::catalog::pg::redact_secrets(
                         gpparity::catalog::pg::one_line(e.what()))
                  << "\n";
    }
    return 2;
}
