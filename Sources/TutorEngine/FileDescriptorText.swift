#if canImport(Glibc)
import Glibc
#endif

/// Whole-text writes to a file descriptor with `write(2)`: no stdio buffering, so a worker's
/// protocol line reaches the pool at once and console output is never held back or interleaved
/// mid-line.
public enum FileDescriptorText {
    /// Writes all of `text`; returns false (with `errno` set) if the descriptor stopped
    /// accepting it.
    @discardableResult
    public static func write(_ descriptor: Int32, _ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes { write(descriptor, bytes: $0) }
    }

    /// Writes all of `bytes`, however many calls it takes; false (with `errno` set) on failure.
    public static func write(_ descriptor: Int32, bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
