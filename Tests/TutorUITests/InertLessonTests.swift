import Foundation
import Testing
import TutorEngine
import TutorLessons
@testable import TutorUI

/// A lesson file is data, whatever bytes it holds: escape sequences, NULs and other controls
/// are drawn as visible symbols, very long lines are wrapped or clipped to the screen, and a
/// file that is not UTF-8 is refused with its file and line rather than drawn.
@Suite struct InertLessonTests {
    static let hostile: [UInt8] = Array("""
        ---
        id: hostile
        title: Hostile \u{1B}]0;owned\u{07} title
        ---
        Clear \u{1B}[2J the screen, a NUL \u{0} here, a bell \u{07}, a DEL \u{7F}, C1 \u{9B}31m.

        """.utf8) + Array(repeating: UInt8(ascii: "W"), count: 5_000) + Array("""


        ```python
        print("\(String(repeating: "x", count: 300))")  # \u{1B}[31m red?
        ```
        """.utf8)

    func screen(_ width: Int, _ height: Int) throws -> Grid {
        let lesson = try LessonParser.parse(Self.hostile, file: "hostile.md").get()
        let state = AppState(width: width, height: height, unicode: true, lessons: [lesson], invalidLessons: [],
                             demos: catalog, progress: Progress(), startAt: "hostile")
        return render(state)
    }

    @Test(arguments: [(80, 24), (200, 60), (81, 25)])
    func controlsAreVisibleAndLongLinesStayOnScreen(width: Int, height: Int) throws {
        let grid = try screen(width, height)
        #expect(grid.lines.count == height)
        for line in grid.lines {
            #expect(line.unicodeScalars.count == width, "every row is exactly the screen's width")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) },
                    "no control character reaches the terminal: \(line.debugDescription)")
        }
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("␛[2J") && text.contains("␀") && text.contains("␇"), "controls are shown as symbols")
        #expect(text.contains(String(repeating: "W", count: width / 2)), "the long line is drawn, broken to fit")
        // A long code line is never cut: broken into rows, each continuation marked.
        let code = grid.lines.filter { $0.contains("xxxx") }
        #expect(code.count >= 2 && code.dropFirst().allSatisfy { $0.contains("│↪") }, "\(code)")
    }

    /// Wrapping breaks only at spaces: a bracket stays with the code inside it.
    @Test(arguments: [24, 30, 36, 44])
    func aBracketStaysWithWhatItOpens(width: Int) {
        let lines = LessonText.wrap([("run it from the command line (", .normal), ("tutor demo semaphores --fast", .code),
                                     (") to see.", .normal)], width: width, indent: "")
        let texts = lines.map { $0.runs.map(\.text).joined() }
        #expect(!texts.contains { $0.hasSuffix("(") } && !texts.contains { $0.hasPrefix(")") }, "\(texts)")
        #expect(texts.joined(separator: " ") == "run it from the command line (tutor demo semaphores --fast) to see.")
    }

    /// The rows of a wrapped code line hold all of it, in order, each within the width.
    @Test(arguments: [40, 78, 198])
    func aLongCodeLineIsWrappedWhole(width: Int) {
        let line = "    results = pool.imap_unordered(describe, sorted(glob.glob('data/lightcurves/*.lc')), chunksize=4)  # one file each"
        let rows = LessonText.codeLines(line, StyledLine(line, .code), width: width, unicode: true)
        let texts = rows.map { $0.runs.map(\.text).joined() }
        #expect(texts.allSatisfy { $0.unicodeScalars.count <= width }, "\(texts)")
        #expect(texts.map { String($0.unicodeScalars.dropFirst(2)) }.joined() == line)
        #expect(texts.first?.hasPrefix("│ ") == true && texts.dropFirst().allSatisfy { $0.hasPrefix("│↪") })
        #expect((line.count > width - 2) == (rows.count > 1))
    }

    @Test func aFileThatIsNotUTF8IsRefusedWithItsLine() throws {
        let bytes = Array("---\nid: broken\ntitle: Broken\n---\nfine\n".utf8) + [0xC3, 0x28, 0x1B] + Array("[2J\n".utf8)
        guard case .failure(let errors) = LessonParser.parse(bytes, file: "broken.md") else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
        #expect(errors.problems.map(\.description) == ["broken.md:6: not valid UTF-8 text"])
    }
}
