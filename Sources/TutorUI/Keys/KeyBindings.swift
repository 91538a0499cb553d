/// Every key of the app, in the order the help window and README list them.
public enum KeyBindings {
    private static func bind(_ label: String, _ help: String, in contexts: Set<KeyContext>,
                             _ keys: [(Key, Command)], bar: [KeyContext: (String, String, Int)] = [:]) -> KeyBinding {
        KeyBinding(keys: keys.map { (key: $0.0, command: $0.1) }, label: label, help: help, contexts: contexts,
                   bar: bar.mapValues { KeyBinding.BarEntry(key: $0.0, word: $0.1, rank: $0.2) })
    }

    private static func character(_ symbol: Character) -> Key { .character(symbol) }

    public static let all: [KeyBinding] = [
        // The lesson list.
        bind("↑ ↓", "choose a lesson", in: [.lessonList], [(.up, .listUp), (.down, .listDown)],
             bar: [.lessonList: ("↑↓", "choose", 0)]),
        bind("Enter or →", "open the chosen lesson", in: [.lessonList], [(.enter, .openLesson), (.right, .openLesson)],
             bar: [.lessonList: ("Enter", "open", 1)]),
        bind("Home End", "first / last lesson", in: [.lessonList], [(.home, .listFirst), (.end, .listLast)]),
        // A lesson.
        bind("← →", "previous / next lesson", in: [.lesson], [(.left, .previousLesson), (.right, .nextLesson)],
             bar: [.lesson: ("←→", "lesson", 0)]),
        bind("Esc or l", "back to the lesson list", in: [.lesson], [(.escape, .backToList), (character("l"), .backToList)]),
        bind("r or Enter", "run the demo (its question first, if any)", in: [.lesson],
             [(character("r"), .run), (.enter, .run)], bar: [.lesson: ("r", "run", 1)]),
        bind("x", "run the Python block on screen, in real CPython", in: [.lesson], [(character("x"), .runPythonBlock)],
             bar: [.lesson: ("x", "python", 2)]),
        bind("d", "choose the lesson's next demo", in: [.lesson], [(character("d"), .nextDemo)]),
        bind("↑ ↓ PgUp PgDn Home End", "scroll the lesson text", in: [.lesson],
             [(.up, .scrollUp), (.down, .scrollDown), (.pageUp, .pageUp), (.pageDown, .pageDown),
              (.home, .scrollTop), (.end, .scrollBottom)]),
        bind("space", "pause / resume the run", in: [.lesson, .stepping], [(character(" "), .pause)],
             bar: [.lesson: ("space", "pause", 3), .stepping: ("space", "resume", 2)]),
        bind("s", "step mode: you are the scheduler", in: [.lesson, .stepping],
             [(character("s"), .step)], bar: [.lesson: ("s", "step", 4)]),
        bind("1–9, then A–Z", "step mode: that row's worker takes a step", in: [.stepping],
             RowKeys.symbols.indices.map { (character(Character(RowKeys.symbols[$0])), .stepRow($0)) },
             bar: [.stepping: ("row key", "step its worker", 0)]),
        bind("↑ ↓ Enter", "step mode: choose a waiting worker, step it", in: [.stepping],
             [(.up, .selectPreviousWaiting), (.down, .selectNextWaiting), (.enter, .stepSelected)],
             bar: [.stepping: ("↑↓ Enter", "choose", 1)]),
        bind("+ -", "faster / slower", in: [.lesson, .stepping],
             [(character("+"), .faster), (character("="), .faster), (character("-"), .slower)],
             bar: [.lesson: ("+-", "speed", 7)]),
        bind("p", "edit the demo's parameters within their ranges", in: [.lesson], [(character("p"), .parameters)],
             bar: [.lesson: ("p", "params", 8)]),
        bind("c", "per-core view: which worker ran on which CPU", in: [.lesson, .stepping],
             [(character("c"), .cores)], bar: [.lesson: ("c", "cores", 9)]),
        bind("h", "a histogram of 20 runs at full speed", in: [.lesson],
             [(character("h"), .histogram)], bar: [.lesson: ("h", "x20", 10)]),
        bind("e", "export the last run as a trace for Perfetto", in: [.lesson], [(character("e"), .export)],
             bar: [.lesson: ("e", "trace", 11)]),
        bind("?", "this help", in: [.lessonList, .lesson, .stepping], [(character("?"), .help)],
             bar: [.lessonList: ("?", "help", 2), .lesson: ("?", "help", 5), .stepping: ("?", "help", 3)]),
        bind("q", "quit (a running demo is stopped first)", in: Set(KeyContext.allCases), [(character("q"), .quit)],
             bar: [.lessonList: ("q", "quit", 3), .lesson: ("q", "quit", 6), .stepping: ("q", "quit", 4),
                   .help: ("q", "quit", 1), .question: ("q", "quit", 3), .parameters: ("q", "quit", 4)]),
        // Windows.
        bind("Esc ? Enter", "close the help", in: [.help],
             [(.escape, .closeHelp), (character("?"), .closeHelp), (.enter, .closeHelp)], bar: [.help: ("Esc", "close", 0)]),
        bind("1–9", "answer with that choice", in: [.question],
             (1...9).map { (character(Character(String($0))), .answer($0 - 1)) }, bar: [.question: ("1-9", "answer", 0)]),
        bind("↑ ↓ Enter", "choose an answer, then give it", in: [.question],
             [(.up, .choiceUp), (.down, .choiceDown), (.enter, .answerSelected)], bar: [.question: ("↑↓ Enter", "choose", 1)]),
        bind("Esc", "close the question without running", in: [.question], [(.escape, .cancelQuestion)],
             bar: [.question: ("Esc", "cancel", 2)]),
        bind("↑ ↓ Tab", "choose a parameter", in: [.parameters],
             [(.up, .parameterUp), (.down, .parameterDown), (.tab, .parameterDown)], bar: [.parameters: ("↑↓", "parameter", 0)]),
        bind("← → - + space", "change it within its range (space: flag on/off)", in: [.parameters],
             [(.left, .decrease), (character("-"), .decrease), (.right, .increase), (character("+"), .increase),
              (character(" "), .increase)], bar: [.parameters: ("←→", "change", 1)]),
        bind("Enter", "keep the values for the next run", in: [.parameters], [(.enter, .keepParameters)],
             bar: [.parameters: ("Enter", "keep", 2)]),
        bind("Esc", "drop the changes", in: [.parameters], [(.escape, .cancelParameters)],
             bar: [.parameters: ("Esc", "cancel", 3)]),
    ]

    /// The contexts a key is looked up in, most specific first.
    public static func contexts(_ state: AppState) -> [KeyContext] {
        switch state.overlay {
        case .help: return [.help]
        case .question: return [.question]
        case .parameters: return [.parameters]
        case nil: break
        }
        switch state.screen {
        case .lessonList: return [.lessonList]
        case .lesson: return state.isStepping ? [.stepping, .lesson] : [.lesson]
        }
    }

    /// What `key` does in `contexts`: the first binding of the most specific context that has it.
    public static func command(for key: Key, in contexts: [KeyContext]) -> Command? {
        for context in contexts {
            for binding in all where binding.contexts.contains(context) {
                if let command = binding.command(for: key) { return command }
            }
        }
        return nil
    }

    /// The key bar of the first context, by rank.
    public static func bar(_ context: KeyContext) -> [KeyBinding.BarEntry] {
        all.compactMap { $0.bar[context] }.sorted { $0.rank < $1.rank }
    }

    /// The help window's rows for `contexts`, in declared order.
    public static func help(_ contexts: [KeyContext]) -> [(label: String, help: String)] {
        all.filter { !$0.contexts.isDisjoint(with: contexts) }.map { ($0.label, $0.help) }
    }
}

extension KeyBindings {
    /// The Markdown table of every binding, as README's "Keys" section has it (a test keeps
    /// the two the same).
    public static func readmeTable() -> String {
        let rows = all.map { binding -> String in
            let contexts = KeyContext.allCases.filter(binding.contexts.contains)
            let place = contexts.count == KeyContext.allCases.count ? "everywhere" : contexts.map(\.rawValue).joined(separator: ", ")
            return "| `\(binding.label)` | \(place) | \(binding.help) |"
        }
        return (["| key | where | what it does |", "|---|---|---|"] + rows).joined(separator: "\n")
    }
}
