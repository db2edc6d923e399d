#include "cli/command.hpp"
#include "verify/check_run.hpp"

#include <memory>

namespace gpparity::cli {

namespace {

struct CatalogOptions {
    bool skip_library_check = false;
};

} // namespace

Command add_catalog_command(CLI::App& root, CommonOptions& options) {
    CLI::App* app = root.add_subcommand(
        "catalog", "Compare the catalogs of two databases, with GP6 -> GP7 normalization");
    auto catalog_options = std::make_shared<CatalogOptions>();
    add_source_option(*app, options);
    add_target_option(*app, options);
    add_progress_options(*app, options);
    add_format_option(*app, options);
    add_output_option(*app, options);
    add_filter_options(*app, options);
    add_database_options(*app, options);
    add_waivers_option(*app, options);
    add_history_options(*app, options);
    add_timeout_option(*app, options);
    app->add_flag("--no-library-check", catalog_options->skip_library_check,
                  "Do not LOAD the shared libraries of the target's C functions");
    return {app, [&options, catalog_options]() {
                verify::CheckOptions run = check_options(options, verify::DataRunOptions{});
                run.library_check = !catalog_options->skip_library_check;
                return emit_report(run.all_databases ? verify::run_all_databases(
                                                           run, "catalog", verify::run_catalog)
                                                     : verify::run_catalog(run),
                                   options);
            }};
}

} // namespace gpparity::cli
