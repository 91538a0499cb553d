import Foundation
import Testing
import TutorEngine
import TutorLessons
@testable import TutorUI

/// Two small lessons, parsed from text, so UI tests do not depend on the shipped course.
let sampleLessons: [Lesson] = [
    """
    ---
    id: first
    title: The first lesson
    demo: locks --no-lock --threads 2 --increments 1
    question: Two threads add 1 once each, without a lock. What is the counter?
    choice: 2 | counter == expected
    choice: less than 2 | counter < expected
    ---
    # Races

    Two threads *read* before either writes, and an update is `lost`.

    ```python
    counter = 0  # shared
    ```
    """,
    """
    ---
    id: second
    title: The second lesson
    demo: semaphores --threads 4 --limit 2
    ---
    Text with an escape \u{1B}[31m sequence and a bell \u{07}, shown inert.
    """,
].map { text in
    try! LessonParser.parse(Array(text.utf8), file: "sample.md").get()
}

func makeState(width: Int = 80, height: Int = 24, at lesson: String? = nil) -> AppState {
    AppState(width: width, height: height, unicode: true, lessons: sampleLessons, invalidLessons: [],
             progress: Progress(), startAt: lesson)
}

/// Compares `grid` with the golden file `name` beside this test (characters, then one letter per
/// cell for its role). Set TUTOR_RECORD_GOLDENS=1 to write the goldens anew.
func assertGolden(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    let file = folder.appendingPathComponent(name + ".txt")
    let letters = Array("nDthecksmuSKNwgbaiRzlLpPCIG")
    let roles = (0..<grid.height).map { y in String((0..<grid.width).map { letters[Int(grid[$0, y].role.rawValue)] }) }
    let actual = (grid.lines + ["", "roles:"] + roles).joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["TUTOR_RECORD_GOLDENS"] != nil {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    guard expected != actual else { return }
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for index in 0..<max(old.count, new.count) {
        let before = index < old.count ? String(old[index]) : "", after = index < new.count ? String(new[index]) : ""
        if before != after { diff += ["line \(index + 1):", "- " + before, "+ " + after] }
    }
    let report = "golden \(name) differs (TUTOR_RECORD_GOLDENS=1 re-records):\n" + diff.joined(separator: "\n")
    Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
}
