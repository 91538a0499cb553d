import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// tutor's own folder for what it keeps between runs (progress, exported traces, the cluster
/// demo's jobs): `$XDG_STATE_HOME/tutor`, or `~/.local/state/tutor`, as the XDG base
/// directory rules say. Never the current folder, which may be a source checkout, or gone.
public enum StateFolder {
    public static func path(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        return (state as NSString).appendingPathComponent("tutor")
    }

    /// `name` inside the state folder.
    public static func path(_ name: String, _ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        (path(environment) as NSString).appendingPathComponent(name)
    }

    /// Makes `folder` and the folders above it that are missing (`mkdir -p`); returns why it
    /// could not, naming the part that failed ("statefile is not a folder"), or nil. By
    /// `mkdir` itself, so the reason is the system's, not Foundation's "error 512".
    public static func make(_ folder: String) -> String? {
        var prefix = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            var status = stat()
            if code == EEXIST, stat(prefix, &status) == 0 {
                if (status.st_mode & S_IFMT) == S_IFDIR { continue }
                return "\(prefix) is not a folder"
            }
            return "\(prefix): \(String(cString: strerror(code)))"
        }
        return nil
    }
}
