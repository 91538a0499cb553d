#if canImport(Glibc)
import Glibc
#endif

/// Where the `tutor` executable is, so the pool can re-run it as a worker (`tutor worker`).
public enum WorkerExecutable {
    /// This process's own executable, resolved to a real path (`/proc/self/exe`).
    public static var current: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first ?? "tutor" }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
