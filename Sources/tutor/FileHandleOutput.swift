#if canImport(Glibc)
import Glibc
#endif

/// Writing to standard output and error without buffering surprises: each call writes whole lines.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        write(2, text.hasSuffix("\n") ? text : text + "\n")
    }

    static func standardOutput(_ text: String) {
        write(1, text.hasSuffix("\n") ? text : text + "\n")
    }

    private static func write(_ descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
