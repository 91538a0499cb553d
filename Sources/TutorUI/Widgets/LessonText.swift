import TutorLessons
import TutorLook

/// A lesson laid out for a width: the lines the text column shows. Layout is the costliest
/// part of a frame and the text does not change while a demo animates below it, so `update`
/// keeps one in the state and lays the lesson out again only for another lesson or width.
public struct LessonLayout: Sendable {
    let lesson: Lesson
    let width: Int
    let unicode: Bool
    let lines: [StyledLine]
    /// The line each Python block begins on, in block order (for `x`: the block on screen).
    let pythonBlockLines: [Int]
    /// Per Python block, the row each of its source lines begins on (a long line wraps): where
    /// step mode marks the line each thread runs next.
    let pythonCodeRows: [[Int]]

    init(_ lesson: Lesson, width: Int, unicode: Bool) {
        self.lesson = lesson
        self.width = width
        self.unicode = unicode
        (lines, pythonBlockLines, pythonCodeRows) = LessonText.layoutWithBlocks(lesson, width: width, unicode: unicode)
    }

    /// The Python block (0-based) a student looking at lines `visible` means: the first that
    /// begins on screen, or else the one the screen is inside of.
    func pythonBlock(showing visible: Range<Int>) -> Int? {
        if let first = pythonBlockLines.firstIndex(where: visible.contains) { return first }
        return pythonBlockLines.lastIndex { $0 < visible.lowerBound }
    }

    func matches(_ lesson: Lesson, width: Int, unicode: Bool) -> Bool {
        self.width == width && self.unicode == unicode && self.lesson == lesson
    }

    /// The lines of `lesson` at `width`: these, if they were laid out for it, or laid out now.
    func lines(for lesson: Lesson, width: Int, unicode: Bool) -> [StyledLine] {
        matches(lesson, width: width, unicode: unicode) ? lines : LessonText.layout(lesson, width: width, unicode: unicode)
    }
}

/// A lesson body laid out for a width: headings, wrapped paragraphs and lists, and code blocks
/// (clipped with a marker, not wrapped, with Python highlighted).
enum LessonText {
    static func layout(_ lesson: Lesson, width: Int, unicode: Bool) -> [StyledLine] {
        layoutWithBlocks(lesson, width: width, unicode: unicode).lines
    }

    /// The lines, the line each Python block begins on, and the row of each of its source lines.
    static func layoutWithBlocks(_ lesson: Lesson, width: Int, unicode: Bool)
        -> (lines: [StyledLine], pythonBlocks: [Int], codeRows: [[Int]]) {
        var lines: [StyledLine] = []
        var pythonBlocks: [Int] = []
        var codeRows: [[Int]] = []
        for block in lesson.body {
            switch block {
            case .heading(let level, let inlines):
                if !lines.isEmpty { lines.append(StyledLine()) }
                let text = inlines.map(plain).joined()
                lines.append(StyledLine(level == 1 ? text.uppercased() : text, .heading))
            case .paragraph(let inlines):
                lines += wrap(runs(inlines), width: width, indent: "")
                lines.append(StyledLine())
            case .list(let items):
                for item in items {
                    lines += wrap(runs(item), width: width, indent: "  ", bullet: unicode ? "• " : "- ")
                }
                lines.append(StyledLine())
            case .code(let language, let code):
                if language == "python" {
                    pythonBlocks.append(lines.count)
                    codeRows.append([])
                    // Numbered as `demo: python N` names it; `x` runs it for real.
                    lines.append(StyledLine([((unicode ? "┌─ " : "+- ") + "python \(pythonBlocks.count)", .dim),
                                             ("  x runs it", .dim)]))
                } else {
                    lines.append(StyledLine((unicode ? "┌─ " : "+- ") + language, .dim))
                }
                for line in code {
                    if language == "python" { codeRows[codeRows.count - 1].append(lines.count) }
                    let body = language == "python" ? PythonHighlighter.line(line) : StyledLine(line, .code)
                    lines += codeLines(line, body, width: width, unicode: unicode)
                }
                lines.append(StyledLine(unicode ? "└─" : "+-", .dim))
                lines.append(StyledLine())
            }
        }
        return (lines, pythonBlocks, codeRows)
    }

    /// One line of code in rows of the width: never cut. A line too long is broken, at a space
    /// in its last third where there is one, and each row it continues on begins with `↪`
    /// where the others have a space, so the student reads it as one line of code.
    static func codeLines(_ line: String, _ body: StyledLine, width: Int, unicode: Bool) -> [StyledLine] {
        let room = max(8, width - 2)
        var rows: [StyledLine] = [], rest = body, text = Array(line.unicodeScalars), first = true
        repeat {
            var cut = min(room, text.count)
            if text.count > room, let space = text[(room * 2 / 3)..<room].lastIndex(of: " ") { cut = space + 1 }
            let mark = first ? (unicode ? "│ " : "| ") : (unicode ? "│↪" : "|+")
            rows.append(StyledLine([(mark, .dim)] + rest.clipped(to: cut).runs))
            rest = rest.dropping(cut)
            text.removeFirst(cut)
            first = false
        } while !text.isEmpty
        return rows
    }

    private static func plain(_ inline: Inline) -> String {
        switch inline {
        case .text(let text), .emphasis(let text), .code(let text): text
        }
    }

    private static func runs(_ inlines: [Inline]) -> [(String, Role)] {
        inlines.map { inline in
            switch inline {
            case .text(let text): (text, .normal)
            case .emphasis(let text): (text, .emphasis)
            case .code(let text): (text, .code)
            }
        }
    }

    /// Word-wraps styled runs to `width`, the first line after `bullet`, the rest after `indent`.
    static func wrap(_ runs: [(String, Role)], width: Int, indent: String, bullet: String? = nil) -> [StyledLine] {
        var tokens: [(word: String, role: Role, spaced: Bool)] = []
        var word = ""
        var spaced = false
        for (text, role) in runs {
            func flush() {
                guard !word.isEmpty else { return }
                tokens.append((word, role, spaced))
                word = ""
                spaced = false
            }
            for character in text {
                if character == " " {
                    flush()
                    spaced = true
                } else {
                    word.append(character)
                }
            }
            flush()
        }
        // Tokens with no space between them (a bracket and the code inside it, a word and its
        // comma after emphasis) are one word: a line never ends in a lone `(`.
        var words: [[(word: String, role: Role)]] = []
        for token in tokens {
            if token.spaced || words.isEmpty { words.append([]) }
            words[words.count - 1].append((token.word, token.role))
        }
        var lines: [StyledLine] = []
        var current = StyledLine(bullet ?? indent)
        var length = (bullet ?? indent).count
        var empty = true
        for parts in words {
            let count = parts.reduce(0) { $0 + $1.word.count }
            var gap = empty ? 0 : 1
            if !empty && length + gap + count > width {
                lines.append(current)
                current = StyledLine(indent)
                length = indent.count
                gap = 0
            }
            if gap == 1 { current.runs.append((" ", .normal)) }
            current.runs += parts.map { ($0.word, $0.role) }
            length += gap + count
            empty = false
        }
        lines.append(current)
        return lines
    }
}

/// Python syntax highlighting, line by line: keywords, strings, comments and numbers.
enum PythonHighlighter {
    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    static func line(_ text: String) -> StyledLine {
        var runs: [(String, Role)] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "#" {
                runs.append((String(rest), .comment))
                break
            } else if first == "\"" || first == "'" {
                var end = rest.index(after: rest.startIndex)
                while end < rest.endIndex && rest[end] != first {
                    if rest[end] == "\\" { end = rest.index(after: end) }
                    if end < rest.endIndex { end = rest.index(after: end) }
                }
                if end < rest.endIndex { end = rest.index(after: end) }
                runs.append((String(rest[..<end]), .string))
                rest = rest[end...]
            } else if first.isLetter || first == "_" {
                let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                runs.append((String(word), keywords.contains(String(word)) ? .keyword : .code))
                rest = rest.dropFirst(word.count)
            } else if first.isNumber {
                let number = rest.prefix { $0.isNumber || $0 == "." || $0 == "_" || $0 == "e" }
                runs.append((String(number), .number))
                rest = rest.dropFirst(number.count)
            } else {
                runs.append((String(first), .code))
                rest = rest.dropFirst()
            }
        }
        return StyledLine(runs)
    }
}
