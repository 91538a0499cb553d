import TutorSafeText
import TutorEngine

/// Reads one lesson file: a header between two `---` lines, then Markdown-like text.
///
/// A small parser of our own rather than a Markdown library: the body uses only headings,
/// paragraphs, `-` lists, `*emphasis*`, `` `code` `` and fenced code blocks, and every problem
/// must come out as `file:line: message` for a teacher, which a general library does not give.
/// All problems of a file are reported, not just the first.
public enum LessonParser {
    public static func parse(_ bytes: [UInt8], file: String) -> Result<Lesson, LessonErrors> {
        // A byte-order mark, which some editors put first, is no part of the lesson.
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var problems: [LessonProblem] = []
        func problem(_ line: Int, _ message: String) {
            problems.append(LessonProblem(file: file, line: line, message: message))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(LessonErrors([LessonProblem(file: file, line: TextLines.firstInvalidUTF8Line(bytes),
                                                        message: "not valid UTF-8 text")]))
        }
        let lines = TextLines.split(text).map(String.init)
        guard lines.first?.trimmingCharacters(in: " \t") == "---" else {
            return .failure(LessonErrors([LessonProblem(file: file, line: 1,
                message: "a lesson starts with a header between two '---' lines")]))
        }
        guard let close = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: " \t") == "---" }) else {
            return .failure(LessonErrors([LessonProblem(file: file, line: 1,
                message: "the header opened here is never closed with '---'")]))
        }
        var header = HeaderReader(file: file)
        for index in 1..<close { header.read(lines[index], line: index + 1) }
        header.finish()
        problems += header.problems
        var body = BodyReader()
        for index in (close + 1)..<lines.count { body.read(lines[index], line: index + 1) }
        body.finish()
        for (line, message) in body.problems { problem(line, message) }
        // A `demo: python N` names a block of this lesson: check it is there.
        let pythonBlocks = body.blocks.filter { if case .code("python", _) = $0 { true } else { false } }.count
        for demo in header.demos where demo.id == ObservedProgramDemo.lessonDemoID {
            if let number = demo.pythonBlock, number > pythonBlocks {
                problem(demo.line, "demo python \(number): the lesson has \(pythonBlocks) Python block(s)")
            }
        }

        guard problems.isEmpty, let id = header.id, let title = header.title else {
            return .failure(LessonErrors(problems))
        }
        return .success(Lesson(id: id, title: title, file: file, demos: header.demos,
                               questions: header.questions, body: body.blocks))
    }
}

/// All the problems of one lesson file.
public struct LessonErrors: Error, Sendable, Equatable {
    public var problems: [LessonProblem]
    init(_ problems: [LessonProblem]) { self.problems = problems }
}

/// The header: `key: value` lines, checked against the engine's demos and their parameters.
struct HeaderReader {
    let file: String
    var id: String?
    /// An `id:` line was there but refused, so "no id" would be a second report of it.
    var idLineSeen = false
    var title: String?
    var demos: [DemoInvocation] = []
    var questions: [Question] = []
    var problems: [LessonProblem] = []
    private var openQuestion: (text: String, line: Int, choices: [Question.Choice])?

    init(file: String) { self.file = file }

    static let keys = ["id", "title", "demo", "question", "choice"]

    private mutating func problem(_ line: Int, _ message: String) {
        problems.append(LessonProblem(file: file, line: line, message: message))
    }

    mutating func read(_ text: String, line: Int) {
        let trimmed = text.trimmingCharacters(in: " \t")
        if trimmed.isEmpty { return }
        guard let colon = trimmed.firstIndex(of: ":") else {
            problem(line, "a header line is 'key: value' (keys: \(Self.keys.joined(separator: ", ")))")
            return
        }
        let key = String(trimmed[..<colon]).trimmingCharacters(in: " \t")
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: " \t")
        if key != "choice" { closeQuestion() }
        switch key {
        case "id":
            guard id == nil else { return problem(line, "a second 'id'") }
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                // Said once: the header has an id line, only a wrong one.
                idLineSeen = true
                return problem(line, "an id is letters, digits and '-', not '\(value)'")
            }
            id = value
        case "title":
            guard title == nil else { return problem(line, "a second 'title'") }
            guard !value.isEmpty else { return problem(line, "the title is empty") }
            title = value
        case "demo":
            readDemo(value, line: line)
        case "question":
            guard !value.isEmpty else { return problem(line, "the question is empty") }
            openQuestion = (value, line, [])
        case "choice":
            readChoice(value, line: line)
        default:
            problem(line, "unknown header key '\(key)' (keys: \(Self.keys.joined(separator: ", ")))")
        }
    }

    private mutating func readDemo(_ value: String, line: Int) {
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let demoID = words.first else { return problem(line, "'demo:' needs a demo id") }
        if demoID == ObservedProgramDemo.lessonDemoID {
            guard words.count >= 2, let number = Int(words[1]), number >= 1 else {
                return problem(line, "'demo: python N' names the lesson's N-th Python block (1 is the first), e.g. 'demo: python 2'")
            }
            let rest = Array(words.dropFirst(2))
            guard rest.isEmpty || (rest.count == 2 && rest[0] == "--shared" && Self.isPythonName(rest[1])) else {
                return problem(line, "after 'python N' only '--shared NAME' may follow (the global whose lost updates "
                               + "step mode points out), e.g. 'demo: python 4 --shared counter'")
            }
            demos.append(DemoInvocation(id: demoID, arguments: [String(number)] + rest, line: line))
            return
        }
        guard let demo = DemoCatalog.demo(demoID) else {
            return problem(line, "unknown demo '\(demoID)': the demos are " + DemoCatalog.all.map(\.id).joined(separator: ", ")
                           + ", and python N (the lesson's N-th Python block)")
        }
        let arguments = words.dropFirst().filter { $0 != "--fast" }
        do {
            try demo.validate(try ParameterParser.parse(Array(arguments), specs: demo.parameters))
            demos.append(DemoInvocation(id: demoID, arguments: Array(arguments), fast: arguments.count < words.count - 1,
                                        line: line))
        } catch {
            problem(line, "demo \(demoID): \(error)")
        }
    }

    /// A Python identifier (ASCII): what `--shared` may name.
    static func isPythonName(_ word: String) -> Bool {
        guard let first = word.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return word.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// What a demo a lesson may name measures, a Python block included.
    private static func measures(of id: String) -> [String]? {
        id == ObservedProgramDemo.lessonDemoID ? ObservedProgramDemo.programMeasures : DemoCatalog.demo(id)?.measures
    }

    private mutating func readChoice(_ value: String, line: Int) {
        guard var question = openQuestion else { return problem(line, "a 'choice:' belongs under a 'question:'") }
        guard let bar = value.lastIndex(of: "|") else {
            return problem(line, "a choice is 'text | condition', e.g. 'less than N | counter < expected'")
        }
        let text = String(value[..<bar]).trimmingCharacters(in: " \t")
        guard !text.isEmpty else { return problem(line, "the choice's text is empty") }
        do {
            let condition = try Condition(parsing: String(value[value.index(after: bar)...]))
            if let demoID = demos.first?.id, let measures = Self.measures(of: demoID) {
                for name in condition.names where !measures.contains(name) {
                    problem(line, "demo \(demoID) measures no '\(name)': it measures " + measures.joined(separator: ", "))
                }
            }
            question.choices.append(Question.Choice(text: text, condition: condition))
            openQuestion = question
        } catch {
            problem(line, error.message)
        }
    }

    private mutating func closeQuestion() {
        guard let question = openQuestion else { return }
        openQuestion = nil
        if question.choices.count < 2 { problem(question.line, "a question needs at least two 'choice:' lines") }
        // The student answers with the keys 1 to 9, and the window has room for no more.
        if question.choices.count > Question.maximumChoices {
            problem(question.line, "a question has at most \(Question.maximumChoices) choices (keys 1–9), not \(question.choices.count)")
        }
        if demos.isEmpty { problem(question.line, "a question is judged on a demo's run: put a 'demo:' line before it") }
        questions.append(Question(text: question.text, choices: question.choices, line: question.line))
    }

    mutating func finish() {
        closeQuestion()
        if id == nil && !idLineSeen { problem(1, "the header has no 'id:'") }
        if title == nil { problem(1, "the header has no 'title:'") }
    }
}
