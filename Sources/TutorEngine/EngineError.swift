#if canImport(Glibc)
import Glibc
#endif

/// Failures of the engine itself (as opposed to a demo's own results).
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case threadCreation(status: Int32)
    case workerFailed(String)
    case spawn(String, Int32)
    case workerStart(String)
    /// A program to observe could not be started (not found, not executable).
    case programStart(String, Int32)
    /// A private folder could not be made in this one.
    case folder(String, Int32)

    public var description: String {
        switch self {
        case .threadCreation(let status): "could not create a thread: \(String(cString: strerror(status)))\(Self.processLimit(status))"
        case .workerFailed(let message): message
        case .spawn(let executable, let code):
            "could not start a worker process \(executable): \(String(cString: strerror(code)))\(Self.processLimit(code))"
        case .workerStart(let message): "a worker process did not start: \(message)"
        case .programStart(let program, let code): "could not start \(program): \(String(cString: strerror(code)))"
        case .folder(let base, let code): "could not make a folder in \(base): \(String(cString: strerror(code)))"
        }
    }

    /// For EAGAIN, the limit that is the usual cause: threads and processes count against
    /// `ulimit -u` together, and a login node may set it low.
    private static func processLimit(_ code: Int32) -> String {
        var limit = rlimit()
        guard code == EAGAIN, getrlimit(__rlimit_resource_t(__RLIMIT_NPROC.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return "" }
        return " (this user may have at most \(limit.rlim_cur) processes and threads: ulimit -u)"
    }
}
