import Foundation
import TutorEngine
import TutorLessons

/// What each command does to the state, and the effects it asks for.
enum CommandUpdate {
    static func perform(_ command: Command, _ state: inout AppState) -> [Effect] {
        switch command {
        case .quit: return quit(&state, signal: nil)
        case .help: state.overlay = .help
        case .closeHelp: state.overlay = nil
        case .listUp: state.listSelection = max(0, state.listSelection - 1)
        case .listDown: state.listSelection = min(max(0, state.lessons.count - 1), state.listSelection + 1)
        case .listFirst: state.listSelection = 0
        case .listLast: state.listSelection = max(0, state.lessons.count - 1)
        case .openLesson: return state.lessons.isEmpty ? [] : open(state.listSelection, &state)
        case .previousLesson: return state.current > 0 ? open(state.current - 1, &state) : []
        case .nextLesson: return state.current + 1 < state.lessons.count ? open(state.current + 1, &state) : []
        case .backToList:
            state.screen = .lessonList
            state.listSelection = state.current
        case .run:
            state.stepOnStart = false
            return startOrAsk(&state)
        case .runPythonBlock: return runPythonBlockOnScreen(&state)
        case .nextDemo:
            if let count = state.lesson?.demos.count, count > 0 { state.demoIndex = (state.demoIndex + 1) % count }
        case .scrollUp: state.scroll = max(0, state.scroll - 1)
        case .scrollDown: state.scroll += 1
        case .pageUp: state.scroll = max(0, state.scroll - max(1, ScreenLayout.lesson(state).text.height - 1))
        case .pageDown: state.scroll += max(1, ScreenLayout.lesson(state).text.height - 1)
        case .scrollTop: state.scroll = 0
        case .scrollBottom: state.scroll = Int.max / 2
        case .pause: return StepUpdate.togglePause(&state)
        case .step: return StepUpdate.step(&state)
        case .stepRow(let row): return StepUpdate.grant(row, &state)
        case .selectPreviousWaiting: StepUpdate.selectWaiting(by: -1, &state)
        case .selectNextWaiting: StepUpdate.selectWaiting(by: 1, &state)
        case .stepSelected: return StepUpdate.stepSelected(&state)
        case .faster: return StepUpdate.changeSpeed(by: 2, &state)
        case .slower: return StepUpdate.changeSpeed(by: 0.5, &state)
        case .cores: state.coreView.toggle()
        case .parameters: ParameterEditing.open(&state)
        case .histogram: return startRepeats(&state)
        case .export: return export(&state)
        case .answer, .choiceUp, .choiceDown, .answerSelected, .cancelQuestion:
            return QuestionUpdate.handle(command, &state)
        case .parameterUp, .parameterDown, .decrease, .increase, .keepParameters, .cancelParameters:
            ParameterEditing.handle(command, &state)
        }
        return []
    }

    /// Ends the app: the run and repeats stopped, progress saved; by a signal, if one came.
    static func quit(_ state: inout AppState, signal: Int32?) -> [Effect] {
        // A trace half written: `q` says so first, and only a second `q` stops it and quits
        // (a signal does at once). Left alone, the write finishes and the path is shown.
        if signal == nil, state.exporting, !state.quitAskedWhileExporting {
            state.quitAskedWhileExporting = true
            state.notice = "a trace is being written: q again stops it and quits"
            return []
        }
        state.quit(signal: signal)
        return [.cancelRun, .cancelRepeats, .saveProgress(state.progress)]
    }

    /// Opens lesson `index`, leaving any run of the previous one.
    static func open(_ index: Int, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = state.run != nil ? [.cancelRun] : []
        if state.repeats != nil { effects.append(.cancelRepeats) }
        state.current = index
        state.listSelection = index
        state.screen = .lesson
        state.scroll = 0
        state.demoIndex = 0
        state.run = nil
        state.repeats = nil
        state.answers = []
        state.notice = nil
        if let id = state.lesson?.id {
            state.progress.visited.insert(id)
            state.progress.lastLesson = id
        }
        // Not saved here: holding an arrow key would write the disk for every lesson passed.
        // Progress is saved after each run and when tutor quits (also on SIGINT/TERM/HUP).
        return effects
    }

    static func startOrAsk(_ state: inout AppState) -> [Effect] {
        guard state.selectedDemo != nil else { return [] }
        if state.asksQuestionFirst {
            state.answers = []
            state.overlay = .question(index: 0, selected: 0)
            return []
        }
        return start(&state, answers: [])
    }

    static func start(_ state: inout AppState, answers: [Int]) -> [Effect] {
        guard let demo = state.selectedDemo else { return [] }
        if let invocation = state.lesson?.demos[safe: state.demoIndex], let block = invocation.pythonBlock {
            let mode: PacerMode = state.stepOnStart ? .stepping : .fast
            state.stepOnStart = false
            return startPython(block: block - 1, &state, answers: answers, mode: mode, shared: invocation.sharedGlobal)
        }
        guard let info = state.demos[demo.id] else {
            state.notice = "this lesson names a demo tutor does not have: \(demo.id)"
            return []
        }
        let mode = state.stepOnStart ? PacerMode.stepping : demo.fast ? .fast : info.watch.paced(state.speed)
        state.stepOnStart = false
        var effects: [Effect] = state.run?.status == .running ? [.cancelRun] : []
        if state.repeats != nil { effects.append(.cancelRepeats) }
        effects.append(.startRun(demo: demo.id, arguments: demo.arguments, mode: mode))
        state.run = RunView(demo: demo.id, arguments: demo.arguments, watch: info.watch, mode: mode, answers: answers,
                            columns: ScreenLayout.laneColumns(state))
        state.repeats = nil
        state.notice = nil
        return effects
    }

    /// The observed run of the lesson's Python block `index` (0-based), beside its `Lessons`
    /// folder (the blocks name `Lessons/data/...`).
    static func program(block index: Int, _ state: AppState) -> ProgramSpec? {
        guard let lesson = state.lesson, lesson.pythonBlocks.indices.contains(index) else { return nil }
        let folder = ((lesson.file as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return ProgramSpec(label: "python block \(index + 1)", source: .python(lesson.pythonBlocks[index]),
                           workingDirectory: folder.isEmpty ? nil : folder)
    }

    /// Runs Python block `index` of the lesson for real; the answers are judged on its run.
    /// In step mode (`mode` .stepping) every line waits for the student, and the lost updates
    /// of the `shared` global are pointed out.
    static func startPython(block index: Int, _ state: inout AppState, answers: [Int], mode: PacerMode = .fast,
                            shared: String? = nil) -> [Effect] {
        guard let spec = program(block: index, state) else {
            state.notice = "this lesson has no Python block \(index + 1)"
            return []
        }
        let effects = startProgram(spec, &state, answers: answers, mode: mode, shared: shared)
        state.run?.pythonBlock = index + 1
        return effects
    }

    /// Runs a real program under observation, in place of any run or histogram on screen: at
    /// its own speed, or (any other `mode`) held before each line of the student's code.
    static func startProgram(_ spec: ProgramSpec, _ state: inout AppState, answers: [Int], mode: PacerMode = .fast,
                             shared: String? = nil) -> [Effect] {
        guard var watch = state.demos[ObservedProgramDemo.lessonDemoID]?.watch else { return [] }
        watch.lostWrites = shared
        var effects: [Effect] = state.run?.status == .running ? [.cancelRun] : []
        if state.repeats != nil { effects.append(.cancelRepeats) }
        effects.append(.startProgram(spec, mode: mode))
        state.run = RunView(demo: ObservedProgramDemo.lessonDemoID, arguments: [], watch: watch, mode: mode,
                            answers: answers, columns: ScreenLayout.laneColumns(state))
        state.run?.steppable = mode != .fast
        state.run?.title = spec.label
        state.repeats = nil
        state.notice = nil
        return effects
    }

    /// `x`: the Python block on screen (the first that begins in view, or the one the view is
    /// inside of), run for real.
    static func runPythonBlockOnScreen(_ state: inout AppState) -> [Effect] {
        guard let lesson = state.lesson else { return [] }
        // The layout `update` keeps for the screen (refreshed after every message).
        guard let layout = state.lessonLayout else { return [] }
        let text = ScreenLayout.lesson(state).text
        let scroll = min(state.scroll, max(0, layout.lines.count - text.height))
        guard let block = layout.pythonBlock(showing: scroll..<(scroll + text.height)) else {
            state.notice = lesson.pythonBlocks.isEmpty ? "this lesson has no Python block to run"
                : "scroll to a Python block (↓), then x runs it"
            return []
        }
        let effects = startPython(block: block, &state, answers: [])
        state.notice = "x: running Python block \(block + 1), the one on screen, in real CPython"
        return effects
    }

    /// Runs the current demo many times at full speed, for a histogram of what its runs vary
    /// in. The run on screen, if any, is stopped and left: the histogram takes its place.
    static func startRepeats(_ state: inout AppState) -> [Effect] {
        guard let demo = state.selectedDemo else { return [] }
        // The Python block run last (`x` or its demo), else the lesson's chosen demo.
        let block = state.run?.pythonBlock ?? state.lesson?.demos[safe: state.demoIndex]?.pythonBlock
        guard let info = state.demos[block == nil ? demo.id : ObservedProgramDemo.lessonDemoID] else { return [] }
        guard let measure = info.watch.histogram else {
            state.notice = "\(demo.id) measures the same every run: a histogram would show nothing"
            return []
        }
        let count = 20
        var effects: [Effect] = state.run != nil ? [.cancelRun] : []
        state.run = nil
        state.repeats = RepeatView(demo: block.map { "python block \($0)" } ?? demo.id, measure: measure,
                                   expectedMeasure: info.watch.expected, count: count)
        state.notice = nil
        if let block, let spec = program(block: block - 1, state) {
            effects.append(.startProgramRepeats(spec, count: count))
        } else {
            effects.append(.startRepeats(demo: demo.id, arguments: demo.arguments, count: count))
        }
        return effects
    }

    static func export(_ state: inout AppState) -> [Effect] {
        guard let run = state.run else {
            state.notice = "run a demo first (r): there is no trace to export yet"
            return []
        }
        guard run.status != .running else {
            state.notice = "the trace can be exported once the run is over"
            return []
        }
        guard !state.exporting else {
            state.notice = "a trace is being written already: its path shows here when it is done"
            return []
        }
        return [.exportTrace]
    }
}

/// The question window: choose, answer, and once every question is answered, run.
enum QuestionUpdate {
    static func handle(_ command: Command, _ state: inout AppState) -> [Effect] {
        guard case .question(let index, let selected) = state.overlay, let questions = state.lesson?.questions,
              questions.indices.contains(index) else {
            state.overlay = nil
            return []
        }
        let choices = questions[index].choices.count
        var chosen: Int?
        switch command {
        case .cancelQuestion: state.overlay = nil
        case .choiceUp: state.overlay = .question(index: index, selected: max(0, selected - 1))
        case .choiceDown: state.overlay = .question(index: index, selected: min(choices - 1, selected + 1))
        case .answerSelected: chosen = selected
        case .answer(let choice) where choice < choices: chosen = choice
        default: break
        }
        guard let chosen else { return [] }
        state.answers.append(chosen)
        if index + 1 < questions.count {
            state.overlay = .question(index: index + 1, selected: 0)
            return []
        }
        state.overlay = nil
        return CommandUpdate.start(&state, answers: state.answers)
    }
}
