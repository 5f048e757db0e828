import CConcurSignals

/// A regular file mapped read-only into memory: a large file is read where it lies in the page
/// cache, instead of being copied into fresh memory (which costs this kind of machine about as
/// much as reading the file a second time). Its pages are mapped as the analysis first reads them,
/// on each core that reads a part, several at a fault (the kernel's fault-around); filling them
/// all in at once (`MAP_POPULATE`) held up every core for the 8 ms it took one to map 50 MB.
///
/// A mapped file that another program shortens while it is mapped would make reading past its
/// new end fail with SIGBUS; the mapping is watched, and the process then names the file, says
/// that nothing was written, and exits with status 2 instead of crashing.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes, valid and unchanged for as long as this object lives.
    public let bytes: UnsafeBufferPointer<UInt8>
    private let watch: Int32

    /// Maps the regular file of `size` bytes open as `descriptor` (read from `path`); nil when it
    /// cannot be mapped or no watch is free (the caller then reads it the usual way).
    public init?(descriptor: Int32, size: Int, path: String) {
        guard size > 0, let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
            address != MAP_FAILED
        else { return nil }
        let watch = concur_watch_mapping(address, size, path)
        guard watch >= 0 else {
            munmap(address, size)
            return nil
        }
        self.watch = watch
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        if let test = getenv("CONCUR_TEST_SHORTEN_MAPPED"), String(cString: test) == path {
            // For the end-to-end test of a file shortened while it is read.
            _ = truncate(path, 0)
        }
    }

    deinit {
        concur_unwatch_mapping(watch)
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
