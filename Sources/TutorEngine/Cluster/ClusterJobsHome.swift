import Foundation

/// Where the `cluster` demo keeps its job folders: under tutor's state folder
/// (`$XDG_STATE_HOME/tutor/cluster`, default `~/.local/state/tutor/cluster`), which a cluster's
/// nodes see (home is shared), unlike a login node's /tmp. The newest few runs are kept, so a
/// student can read the scripts and logs of the run they just watched.
public enum ClusterJobsHome {
    static let kept = 3

    public static func base(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        StateFolder.path("cluster", environment)
    }

    /// A new folder for one run under `base`, after removing all but the newest few earlier ones.
    public static func newRun(in base: String) throws -> JobFolder {
        let manager = FileManager.default
        try manager.createDirectory(atPath: base, withIntermediateDirectories: true)
        let earlier = ((try? manager.contentsOfDirectory(atPath: base)) ?? []).filter { $0.hasPrefix("run-") }.sorted()
        for old in earlier.dropLast(kept - 1) {
            try? manager.removeItem(atPath: (base as NSString).appendingPathComponent(old))
        }
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: .current,
                                                formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime])
        return JobFolder(try PrivateFolder.make("run-" + stamp.replacingOccurrences(of: ":", with: ""), in: base))
    }
}
