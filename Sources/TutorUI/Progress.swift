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

    /// What `self` and `other` did together: two instances of the app on one state folder
    /// each keep what the other saved. `self`'s last lesson and answers win.
    public func merged(with other: Progress) -> Progress {
        var both = self
        both.lastLesson = lastLesson ?? other.lastLesson
        both.visited.formUnion(other.visited)
        both.demosRun.formUnion(other.demosRun)
        both.answered.merge(other.answered) { mine, _ in mine }
        return both
    }

    /// Only what concerns these lessons and demos: the file stays as small as the course,
    /// whatever ids a hand-edited or old file brought in.
    public func keeping(lessons: Set<String>, demos: Set<String>) -> Progress {
        var kept = self
        kept.lastLesson = lastLesson.flatMap { lessons.contains($0) ? $0 : nil }
        kept.visited = visited.intersection(lessons)
        kept.demosRun = demosRun.intersection(demos)
        kept.answered = answered.filter { lessons.contains($0.key) }
        return kept
    }
}

/// Reads and writes the progress file: atomically (write aside, then rename), and never
/// failing the app: a corrupt file is moved aside and a fresh start is made, with a warning.
/// A save merges with what is on disk under a lock, so two instances lose nothing; a file
/// that is a symbolic link is written where the link points, and the link stays.
public struct ProgressStore: Sendable {
    public let path: String
    /// The lessons and demos whose progress is kept (nil: all): what the file on disk brings
    /// to a merge is cut to them too, so ids foreign to the course cannot grow it back.
    public let course: (lessons: Set<String>, demos: Set<String>)?
    /// Far more than any course's progress takes: a larger file is not read, but moved aside.
    public static let largest = 1 << 20

    public init(path: String, course: (lessons: Set<String>, demos: Set<String>)? = nil) {
        self.path = path
        self.course = course
    }

    /// `$XDG_STATE_HOME/tutor/progress.json`, or `~/.local/state/tutor/progress.json`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                course: (lessons: Set<String>, demos: Set<String>)? = nil) -> ProgressStore {
        ProgressStore(path: StateFolder.path("progress.json", environment), course: course)
    }

    /// The saved progress, or a fresh one and a warning if the file was unreadable or corrupt.
    public func load() -> (Progress, warning: String?) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return (Progress(), nil) }
        let size = (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size <= Self.largest, let progress = read() { return (progress, nil) }
        let what = size > Self.largest ? "\(size / 1_048_576) MB, far more than progress takes" : "unreadable"
        let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
        let moved = (try? manager.moveItem(atPath: path, toPath: aside)) != nil
        return (Progress(), moved ? "progress file was \(what): moved to \(aside), starting afresh"
                                  : "progress file \(path) is \(what): starting afresh")
    }

    /// The progress on disk, if there is a small, readable one.
    private func read() -> Progress? {
        guard let data = FileManager.default.contents(atPath: path), data.count <= Self.largest else { return nil }
        return try? JSONDecoder().decode(Progress.self, from: data)
    }

    /// Writes `progress`, merged with what another instance may have saved meanwhile;
    /// returns a warning instead of throwing if it cannot.
    public func save(_ progress: Progress) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        if let reason = StateFolder.make(folder) { return "could not save progress: \(reason)" }
        // One saver at a time: read, merge and write under an advisory lock on the folder
        // (a lock on the folder itself leaves no lock file behind).
        let lock = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard lock >= 0 else { return "could not save progress: cannot lock \(folder) (\(String(cString: strerror(errno))))" }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        let merged = read().map { disk in
            progress.merged(with: course.map { disk.keeping(lessons: $0.lessons, demos: $0.demos) } ?? disk)
        } ?? progress
        // Through a symbolic link to its target, so the link is kept.
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map {
            $0.hasPrefix("/") ? $0 : (folder as NSString).appendingPathComponent($0)
        } ?? path
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(merged).write(to: URL(fileURLWithPath: target), options: .atomic)
            return nil
        } catch {
            return "could not save progress to \(target): \(error.localizedDescription)"
        }
    }
}
