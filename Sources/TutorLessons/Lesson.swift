import TutorEngine

/// One lesson: its header (id, title, the demos it runs, its questions) and its body.
///
/// Lessons are data, loaded at run time from `Lessons/*.md`, so a teacher edits or adds one
/// without touching Swift code; `Lessons/README.md` documents the format.
public struct Lesson: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The file it was read from.
    public var file: String
    /// The demos the lesson runs, in order.
    public var demos: [DemoInvocation]
    /// Predict-then-run questions, asked before the first demo and judged on its outcome.
    public var questions: [Question]
    public var body: [Block]
}

/// A demo as a lesson runs it: its id, its parameters in command-line form, and whether it runs
/// at full speed (`--fast`, for runs too long to watch step by step).
public struct DemoInvocation: Sendable, Equatable {
    public var id: String
    public var arguments: [String]
    public var fast: Bool = false
    /// The header line it was written on.
    public var line: Int

    /// For `demo: python N`: N, the lesson's Python block it runs (1-based).
    public var pythonBlock: Int? {
        id == ObservedProgramDemo.lessonDemoID ? arguments.first.flatMap(Int.init) : nil
    }

    /// For `demo: python N --shared NAME`: the global whose lost updates step mode points out.
    public var sharedGlobal: String? {
        guard pythonBlock != nil, let flag = arguments.firstIndex(of: "--shared"), arguments.indices.contains(flag + 1) else { return nil }
        return arguments[flag + 1]
    }
}

extension Lesson {
    /// The source of each fenced `python` block, in order.
    public var pythonBlocks: [String] {
        body.compactMap { block in
            if case .code("python", let lines) = block { lines.joined(separator: "\n") + "\n" } else { nil }
        }
    }
}

/// A question with choices; a choice is right when its condition holds on the measured values.
public struct Question: Sendable, Equatable {
    public var text: String
    public var choices: [Choice]
    public var line: Int

    /// The most choices a question may have: one per key from 1 to 9.
    public static let maximumChoices = 9

    public struct Choice: Sendable, Equatable {
        public var text: String
        public var condition: Condition
    }
}

/// A block of lesson text.
public enum Block: Sendable, Equatable {
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    case list([[Inline]])
    case code(language: String, lines: [String])
}

/// A run of text within a block.
public enum Inline: Sendable, Equatable {
    case text(String)
    case emphasis(String)
    case code(String)
}
