#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import TutorEngine

/// Writing whole lines to standard output and error. A write to standard output that fails
/// (a full disk, `/dev/full`, a closed pipe) is remembered, so that the command ends with a
/// failure instead of exit status 0 over a truncated result.
enum FileHandleOutput {
    /// The `errno` of the first failed write to standard output; 0 while none failed.
    private static let failure = Atomic<Int32>(0)

    static func standardError(_ text: String) {
        FileDescriptorText.write(2, text.hasSuffix("\n") ? text : text + "\n")
    }

    static func standardOutput(_ text: String) {
        if !FileDescriptorText.write(1, text.hasSuffix("\n") ? text : text + "\n") {
            let code = errno == 0 ? EIO : errno
            _ = failure.compareExchange(expected: 0, desired: code, ordering: .relaxed)
        }
    }

    /// Why standard output could not be written, once it failed: nil while all went well, an
    /// empty text for a reader that went away (a closed pipe, as `| head` does), which needs
    /// no message.
    static var outputFailure: String? {
        let code = failure.load(ordering: .relaxed)
        guard code != 0 else { return nil }
        return code == EPIPE ? "" : "could not write the output: \(String(cString: strerror(code)))"
    }
}
