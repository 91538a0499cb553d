#if canImport(Glibc)
import Glibc
#endif

/// Where the `tutor` executable is, so the pool can re-run it as a worker (`tutor worker`).
public enum WorkerExecutable {
    /// This process's own executable: `/proc/self/exe`, which still names the running binary
    /// after a rebuild has replaced or deleted the file (workers must be the parent's own code).
    public static let current = "/proc/self/exe"

    /// Where this process's executable file is now, for another process to start it anew (a
    /// batch script, run later on another node): `realPath` without the " (deleted)" the
    /// kernel adds once a rebuild has replaced the file. Nil if nothing executable is there.
    public static var installedPath: String? {
        let path = realPath
        let deleted = " (deleted)"
        let installed = path.hasSuffix(deleted) ? String(path.dropLast(deleted.count)) : path
        return access(installed, X_OK) == 0 ? installed : nil
    }

    /// The real path of this process's executable, for a worker's `argv[0]` (what `ps` shows).
    public static var realPath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first ?? "tutor" }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
