#pragma once
/// Writing a report or snapshot file so that no reader ever sees half of it: the bytes go to a
/// temporary file beside the destination, which is flushed and then renamed over it. A signal
/// that ends the process meanwhile removes the temporary file (checksum::exit_on_signal).
/// Destinations that are not regular files (/dev/stdout, /dev/full, a FIFO) are written in
/// place, since they cannot be renamed over.

#include <string>
#include <string_view>

namespace gpparity::verify {

/// Writes `bytes` to `path`. Throws catalog::UsageError "`what`: cannot write: <reason>" when
/// any step fails; the destination is then left as it was.
void write_file_atomically(const std::string& path, std::string_view bytes,
                           const std::string& what);

} // namespace gpparity::verify
