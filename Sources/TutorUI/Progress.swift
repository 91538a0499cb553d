import Foundation
import TutorEngine

/// What a student has done: lessons visited, demos run, questions answered, the last lesson.
/// Saved as JSON in `$XDG_STATE_HOME/tutor/progress.json` (default `~/.local/state/tutor/`).
public struct Progress: Codable, Equatable, Sendable {
    public var lastLesson: String?
    public var visited: Set<String> = []
    public var demosRun: Set<String> = []
    /// Lesson id → whether the answer was right.
    public var answered: [String: Bool] = [:]

    public init() {}
}

/// Reads and writes the progress file: atomically (write aside, then rename), and never
/// failing the app: a corrupt file is moved aside and a fresh start is made, with a warning.
public struct ProgressStore: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$XDG_STATE_HOME/tutor/progress.json`, or `~/.local/state/tutor/progress.json`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
        ProgressStore(path: StateFolder.path("progress.json", environment))
    }

    /// The saved progress, or a fresh one and a warning if the file was unreadable or corrupt.
    public func load() -> (Progress, warning: String?) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return (Progress(), nil) }
        if let data = manager.contents(atPath: path), let progress = try? JSONDecoder().decode(Progress.self, from: data) {
            return (progress, nil)
        }
        let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
        let moved = (try? manager.moveItem(atPath: path, toPath: aside)) != nil
        return (Progress(), moved ? "progress file was unreadable: moved to \(aside), starting afresh"
                                  : "progress file \(path) is unreadable: starting afresh")
    }

    /// Writes `progress`; returns a warning instead of throwing if it cannot.
    public func save(_ progress: Progress) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(progress).write(to: URL(fileURLWithPath: path), options: .atomic)
            return nil
        } catch {
            return "could not save progress to \(path)"
        }
    }
}
