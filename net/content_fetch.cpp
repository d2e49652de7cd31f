// TEMPORARY STUB until h-fetch merges.
#include "net/content_fetch.hpp"
namespace net {
std::expected<ManifestFetch, FetchError> fetch_manifest(const std::string&, std::string_view,
                                                        std::size_t, const FetchOptions&) {
    return std::unexpected(FetchError{FetchError::other, 0, "stub"});
}
std::expected<DownloadResult, FetchError> download_file(const std::string&,
                                                        const std::filesystem::path&, std::uint64_t,
                                                        const FetchOptions&) {
    return std::unexpected(FetchError{FetchError::other, 0, "stub"});
}
std::expected<std::string, std::string> resolve_url(const std::string&, const std::string& ref) {
    return ref;
}
}  // namespace net
