/// The lesson body: headings, paragraphs, `-` lists and fenced code blocks, line by line.
struct BodyReader {
    var blocks: [Block] = []
    var problems: [(Int, String)] = []
    private var paragraph: [String] = []
    /// The list's items as written, continuation lines joined: parsed whole at the end, so
    /// emphasis may run over a line break as it may in a paragraph.
    private var items: [String] = []
    private var fence: (language: String, line: Int, lines: [String])?

    mutating func read(_ text: String, line: Int) {
        let trimmed = text.trimmingCharacters(in: " \t")
        if var open = fence {
            if trimmed == "```" {
                blocks.append(.code(language: open.language, lines: open.lines))
                fence = nil
            } else {
                open.lines.append(text)
                fence = open
            }
            return
        }
        if trimmed.hasPrefix("```") {
            flush()
            let language = String(trimmed.dropFirst(3)).trimmingCharacters(in: " \t")
            if language.isEmpty { problems.append((line, "a code block needs a language, e.g. ```python")) }
            fence = (language, line, [])
        } else if trimmed.isEmpty {
            flush()
        } else if let level = Self.headingLevel(trimmed) {
            flush()
            blocks.append(.heading(level: level, InlineParser.parse(String(trimmed.dropFirst(level + 1)))))
        } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
            flushParagraph()
            items.append(String(trimmed.dropFirst(2)))
        } else if !items.isEmpty && text.hasPrefix("  ") {
            // A continuation line of the last list item.
            items[items.count - 1] += " " + trimmed
        } else {
            flushList()
            paragraph.append(trimmed)
        }
    }

    private static func headingLevel(_ text: String) -> Int? {
        let hashes = text.prefix { $0 == "#" }.count
        guard (1...3).contains(hashes), text.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private mutating func flushParagraph() {
        if !paragraph.isEmpty { blocks.append(.paragraph(InlineParser.parse(paragraph.joined(separator: " ")))) }
        paragraph = []
    }

    private mutating func flushList() {
        if !items.isEmpty { blocks.append(.list(items.map(InlineParser.parse))) }
        items = []
    }

    private mutating func flush() {
        flushParagraph()
        flushList()
    }

    mutating func finish() {
        if let open = fence {
            problems.append((open.line, "the code block opened here is never closed with ```"))
            fence = nil
        }
        flush()
    }
}

/// `*emphasis*`, `**strong**` (shown as emphasis) and `` `code` `` within a line of text.
enum InlineParser {
    static func parse(_ text: String) -> [Inline] {
        var result: [Inline] = []
        var plain = ""
        var rest = Substring(text)
        func flushPlain() {
            if !plain.isEmpty { result.append(.text(plain)) }
            plain = ""
        }
        while let first = rest.first {
            if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                flushPlain()
                result.append(.code(String(rest[rest.index(after: rest.startIndex)..<end])))
                rest = rest[rest.index(after: end)...]
            } else if first == "*" {
                let marker = rest.hasPrefix("**") ? "**" : "*"
                let inner = rest.dropFirst(marker.count)
                if let end = inner.range(of: marker), !inner[..<end.lowerBound].isEmpty,
                   inner.first != " " {
                    flushPlain()
                    result.append(.emphasis(String(inner[..<end.lowerBound])))
                    rest = inner[end.upperBound...]
                } else {
                    plain.append(first)
                    rest = rest.dropFirst()
                }
            } else {
                plain.append(first)
                rest = rest.dropFirst()
            }
        }
        flushPlain()
        return result
    }
}
