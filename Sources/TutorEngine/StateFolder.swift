import Foundation

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
}
