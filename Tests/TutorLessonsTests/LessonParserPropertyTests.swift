import Foundation
import Testing
import TutorLessons
import TutorTestSupport

/// The lesson parser over thousands of mutated copies of the shipped lessons and the broken
/// corpus: it never crashes, and every input is a lesson or `file:line: message` problems.
@Suite struct LessonParserPropertyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func seeds() throws -> [[UInt8]] {
        let folders = [Self.root.appendingPathComponent("Lessons"), URL(fileURLWithPath: LessonParserTests.corpus)]
        return try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }.sorted()
                .map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
        }
    }

    @Test func mutatedLessonsParseOrNameTheirLines() throws {
        var lessons = 0, failures = 0
        for (index, bytes) in Mutations(of: try seeds(), count: 3_000, seed: 5).enumerated() {
            let lineCount = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
            switch LessonParser.parse(bytes, file: "m.md") {
            case .success(let lesson):
                lessons += 1
                #expect(!lesson.id.isEmpty && !lesson.title.isEmpty, "input \(index)")
            case .failure(let errors):
                failures += 1
                #expect(!errors.problems.isEmpty, "input \(index)")
                for problem in errors.problems {
                    #expect(problem.file == "m.md" && (1...lineCount + 1).contains(problem.line), "input \(index): \(problem)")
                    #expect(isOnePrintableLine(problem.description), "input \(index): \(problem.description.debugDescription)")
                }
            }
        }
        #expect(lessons > 100 && failures > 100, "the mutations reach both outcomes: \(lessons) lessons, \(failures) failures")
    }
}
