import Foundation
import Testing
import TutorEngine
import TutorLessons
import TutorLook
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

/// The demos the app knows, as the app is given them.
let catalog = DemoInfo.lessonDemos

func makeState(width: Int = 80, height: Int = 24, at lesson: String? = nil) -> AppState {
    AppState(width: width, height: height, unicode: true, lessons: sampleLessons, invalidLessons: [],
             demos: catalog, progress: Progress(), startAt: lesson)
}

/// The letter a role is written as in a golden file: one per role, by an exhaustive switch,
/// so a new role cannot be added without a letter of its own.
func letter(_ role: Role) -> Character {
    switch role {
    case .normal: "n"
    case .dim: "D"
    case .title: "t"
    case .heading: "h"
    case .emphasis: "e"
    case .code: "c"
    case .keyword: "k"
    case .string: "s"
    case .comment: "m"
    case .number: "u"
    case .selected: "S"
    case .keyBar: "K"
    case .keyName: "N"
    case .warning: "w"
    case .good: "g"
    case .bad: "b"
    case .axis: "a"
    case .instant: "i"
    case .running: "R"
    case .sleeping: "z"
    case .waitingLock: "l"
    case .holdingLock: "L"
    case .waitingSemaphore: "p"
    case .holdingSemaphore: "P"
    case .waitingCondition: "C"
    case .idle: "I"
    case .waitingGIL: "G"
    case .held: "H"
    }
}

/// Compares `grid` with the golden file `name` beside this test (characters, then one letter per
/// cell for its role), and reports the lines that differ. With TUTOR_RECORD_GOLDENS=1 it writes
/// the golden anew and still fails, so a re-recording run can never pass as a test run.
func assertGolden(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    let file = folder.appendingPathComponent(name + ".txt")
    let roles = (0..<grid.height).map { y in String((0..<grid.width).map { letter(grid[$0, y].role) }) }
    let actual = (grid.lines + ["", "roles:"] + roles).joined(separator: "\n") + "\n"
    if ProcessInfo.processInfo.environment["TUTOR_RECORD_GOLDENS"] != nil {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("golden \(name) re-recorded: check it, then run the tests without TUTOR_RECORD_GOLDENS",
                     sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no golden \(name) yet: TUTOR_RECORD_GOLDENS=1 swift test records it", sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let diff = new.difference(from: old).map { change -> String in
        switch change {
        case .remove(let offset, let line, _): "- line \(offset + 1): " + line
        case .insert(let offset, let line, _): "+ line \(offset + 1): " + line
        }
    }
    let report = "golden \(name) differs (TUTOR_RECORD_GOLDENS=1 re-records):\n" + diff.joined(separator: "\n")
    Issue.record(Comment(rawValue: report), sourceLocation: sourceLocation)
}
