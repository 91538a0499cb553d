import Foundation

/// The lessons of a folder: every `*.md` file but `README.md`, in file-name order. Invalid files
/// do not stop the others: they are listed with their problems instead.
public struct LessonLibrary: Sendable {
    public var folder: String
    public var lessons: [Lesson]
    public var problems: [LessonProblem]

    public static func load(_ folder: String) -> LessonLibrary {
        var library = LessonLibrary(folder: folder, lessons: [], problems: [])
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            library.problems.append(LessonProblem(file: folder, line: 1, message: "cannot read this folder"))
            return library
        }
        for name in names.filter({ $0.hasSuffix(".md") && $0 != "README.md" }).sorted() {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                library.problems.append(LessonProblem(file: path, line: 1, message: "cannot read this file"))
                continue
            }
            switch LessonParser.parse(Array(data), file: path) {
            case .success(let lesson):
                if let earlier = library.lessons.first(where: { $0.id == lesson.id }) {
                    library.problems.append(LessonProblem(file: path, line: idLine(data),
                        message: "the id '\(lesson.id)' is already used by \(earlier.file)"))
                } else {
                    library.lessons.append(lesson)
                }
            case .failure(let errors):
                library.problems += errors.problems
            }
        }
        return library
    }

    /// The files that failed, each with its first problem: what the app lists instead of them.
    public var invalidFiles: [(file: String, problem: LessonProblem)] {
        var seen: [String: LessonProblem] = [:]
        for problem in problems where seen[problem.file] == nil { seen[problem.file] = problem }
        return seen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private static func idLine(_ data: Data) -> Int {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.hasPrefix("id:") } ?? 0) + 1
    }
}
