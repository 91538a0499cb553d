/// Where a key is read: a screen, a mode of it, or a window over it.
public enum KeyContext: String, CaseIterable, Sendable {
    case lessonList = "lesson list"
    case lesson
    /// The lesson screen while a run is in step mode: these bindings come first, then the
    /// lesson's own.
    case stepping = "step mode"
    case help
    case question
    case parameters
}

/// What a key asks for; `update` carries it out.
public enum Command: Equatable, Sendable {
    case quit, help, closeHelp
    case listUp, listDown, listFirst, listLast, openLesson
    case previousLesson, nextLesson, backToList
    case run, nextDemo
    /// Runs the Python block on screen for real, under observation.
    case runPythonBlock
    case scrollUp, scrollDown, pageUp, pageDown, scrollTop, scrollBottom
    case pause, step, faster, slower, parameters, cores, histogram, export
    /// Step mode: the worker in row `n` takes its next step.
    case stepRow(Int)
    case selectPreviousWaiting, selectNextWaiting, stepSelected
    /// The question window: choice `n` (0-based), or move the highlight.
    case answer(Int)
    case choiceUp, choiceDown, answerSelected, cancelQuestion
    /// The parameter window.
    case parameterUp, parameterDown, decrease, increase, keepParameters, cancelParameters
}

/// One binding, declared once: its keys and what each does, how the help and README name it,
/// where it works, and how the key bar shows it. Matching, the key bar, the help window and
/// the README's key table are all derived from the list in `KeyBindings`.
public struct KeyBinding: Sendable {
    /// How the key bar shows a binding in one context: the key, one word, and its rank (lower
    /// first, so the most useful keys survive a narrow terminal).
    public struct BarEntry: Sendable {
        public var key: String
        public var word: String
        public var rank: Int
    }

    public var keys: [(key: Key, command: Command)]
    /// The keys as the help window and README name them: "r or Enter".
    public var label: String
    /// What the binding does, in the help window and README.
    public var help: String
    public var contexts: Set<KeyContext>
    public var bar: [KeyContext: BarEntry]

    /// The command `key` gives here, if this binding has it.
    public func command(for key: Key) -> Command? {
        keys.first { $0.key == key }?.command
    }
}
