import TutorEngine
import TutorLessons

/// The app's one `update`: a message in, the state changed, effects out for the runtime.
/// A pure function, so it is tested without a terminal or an engine.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .resize(let width, let height):
        state.width = width
        state.height = height
        return []
    case .run(let snapshot):
        return RunUpdate.apply(snapshot, to: &state)
    case .repeatResult(let values):
        guard var repeats = state.repeats, let value = values[repeats.measure] else { return [] }
        repeats.values.append(value)
        repeats.expected = values["expected"] ?? repeats.expected
        state.repeats = repeats
        return []
    case .key(let key):
        return KeyUpdate.handle(key, in: &state)
    }
}

/// Applying engine snapshots: the live run, and the verdict on the student's answers.
enum RunUpdate {
    static func apply(_ snapshot: RunSnapshot, to state: inout AppState) -> [Effect] {
        guard var run = state.run else { return [] }
        let wasRunning = run.status == .running
        run.recording = snapshot.recording
        run.status = snapshot.status
        run.mode = snapshot.mode
        run.nextSteps = snapshot.nextSteps
        run.cpuTime = snapshot.cpuTime
        if let worker = run.awaitingStep, snapshot.mode != .stepping || snapshot.nextSteps[worker] != nil
            || snapshot.recording.tracks[safe: worker]?.doneTime != nil {
            run.awaitingStep = nil
        }
        if let selected = run.selectedWorker, snapshot.nextSteps[selected] == nil {
            run.selectedWorker = snapshot.nextSteps.keys.min()
        } else if run.selectedWorker == nil {
            run.selectedWorker = snapshot.nextSteps.keys.min()
        }
        state.run = run
        guard wasRunning, case .completed(let outcome, _) = snapshot.status, let lesson = state.lesson else { return [] }
        state.progress.demosRun.insert(run.demo)
        if !run.answers.isEmpty {
            let right = zip(lesson.questions, run.answers).allSatisfy { question, answer in
                question.choices.indices.contains(answer) && question.choices[answer].condition.holds(for: outcome.values) == true
            }
            state.progress.answered[lesson.id] = right
        }
        return [.saveProgress]
    }
}

/// What each key does, by screen and overlay (the help overlay lists the same).
enum KeyUpdate {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        if key == .character("q") { return quit(&state) }
        if state.isTooSmall { return [] }
        switch state.overlay {
        case .help:
            if key == .escape || key == .character("?") || key == .enter { state.overlay = nil }
            return []
        case .question(let index, let selected):
            return question(key, index: index, selected: selected, &state)
        case .parameters(let selected):
            return ParameterEditing.handle(key, selected: selected, &state)
        case nil:
            break
        }
        if key == .character("?") {
            state.overlay = .help
            return []
        }
        switch state.screen {
        case .lessonList: return lessonList(key, &state)
        case .lesson: return lesson(key, &state)
        }
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        state.quitting = true
        return [.cancelRun, .cancelRepeats, .saveProgress, .quit]
    }

    static func lessonList(_ key: Key, _ state: inout AppState) -> [Effect] {
        let count = state.lessons.count
        switch key {
        case .up: state.listSelection = max(0, state.listSelection - 1)
        case .down: state.listSelection = min(max(0, count - 1), state.listSelection + 1)
        case .home: state.listSelection = 0
        case .end: state.listSelection = max(0, count - 1)
        case .enter, .right:
            guard count > 0 else { return [] }
            return open(state.listSelection, &state)
        default: break
        }
        return []
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

    static func lesson(_ key: Key, _ state: inout AppState) -> [Effect] {
        let stepping = state.run?.mode == .stepping && state.run?.status == .running
        switch key {
        case .left:
            return state.current > 0 ? open(state.current - 1, &state) : []
        case .right:
            return state.current + 1 < state.lessons.count ? open(state.current + 1, &state) : []
        case .escape, .character("l"):
            state.screen = .lessonList
            state.listSelection = state.current
            return []
        case .up where stepping, .down where stepping:
            selectWaiting(by: key == .up ? -1 : 1, &state)
            return []
        case .enter where stepping:
            return stepSelected(&state)
        case .character(let symbol) where stepping && Lanes.row(of: symbol) != nil:
            return grant(Lanes.row(of: symbol) ?? 0, &state)
        case .up: state.scroll = max(0, state.scroll - 1)
        case .down: state.scroll += 1
        case .pageUp: state.scroll = max(0, state.scroll - 10)
        case .pageDown: state.scroll += 10
        case .home: state.scroll = 0
        case .end: state.scroll = Int.max / 2
        case .enter, .character("r"):
            return startOrAsk(&state)
        case .character("d"):
            if let count = state.lesson?.demos.count, count > 0 { state.demoIndex = (state.demoIndex + 1) % count }
        case .character(" "):
            return togglePause(&state)
        case .character("s"):
            return step(&state)
        case .character("+"), .character("="):
            return changeSpeed(by: 2, &state)
        case .character("-"):
            return changeSpeed(by: 0.5, &state)
        case .character("c"):
            state.coreView.toggle()
        case .character("p"):
            return ParameterEditing.open(&state)
        case .character("h"):
            return startRepeats(&state)
        case .character("e"):
            guard let run = state.run else {
                state.notice = "run a demo first (r): there is no trace to export yet"
                return []
            }
            guard run.status != .running else {
                state.notice = "the trace can be exported once the run is over"
                return []
            }
            return [.exportTrace]
        default:
            break
        }
        return []
    }

    static func startOrAsk(_ state: inout AppState) -> [Effect] {
        guard let demo = state.selectedDemo, let lesson = state.lesson else { return [] }
        // Questions are written for the lesson's own parameters; after `p` they would mislead.
        if state.demoIndex == 0, !lesson.questions.isEmpty, demo.arguments == lesson.demos.first?.arguments {
            state.answers = []
            state.overlay = .question(index: 0, selected: 0)
            return []
        }
        return start(&state, answers: [])
    }

    static func start(_ state: inout AppState, answers: [Int]) -> [Effect] {
        guard let demo = state.selectedDemo else { return [] }
        let mode = demo.fast ? PacerMode.fast : .speed(state.speed)
        let effects: [Effect] = (state.run?.status == .running ? [.cancelRun] : [])
            + [.startRun(demo: demo.id, arguments: demo.arguments, mode: mode)]
        state.run = RunView(demo: demo.id, arguments: demo.arguments, mode: mode, answers: answers)
        state.repeats = nil
        state.notice = nil
        return effects
    }

    static func question(_ key: Key, index: Int, selected: Int, _ state: inout AppState) -> [Effect] {
        guard let questions = state.lesson?.questions, questions.indices.contains(index) else {
            state.overlay = nil
            return []
        }
        let choices = questions[index].choices.count
        var chosen: Int?
        switch key {
        case .escape: state.overlay = nil
        case .up: state.overlay = .question(index: index, selected: max(0, selected - 1))
        case .down: state.overlay = .question(index: index, selected: min(choices - 1, selected + 1))
        case .enter: chosen = selected
        case .character(let digit):
            if let number = digit.wholeNumberValue, (1...choices).contains(number) { chosen = number - 1 }
        default: break
        }
        guard let chosen else { return [] }
        state.answers.append(chosen)
        if index + 1 < questions.count {
            state.overlay = .question(index: index + 1, selected: 0)
            return []
        }
        state.overlay = nil
        return start(&state, answers: state.answers)
    }

    static func togglePause(_ state: inout AppState) -> [Effect] {
        guard var run = state.run, run.status == .running else { return [] }
        state.notice = nil  // what step mode said about a key no longer applies
        let mode: PacerMode = run.mode == .paused || run.mode == .stepping ? .speed(state.speed) : .paused
        run.mode = mode
        state.run = run
        return [.setMode(mode)]
    }

    static func step(_ state: inout AppState) -> [Effect] {
        guard var run = state.run, run.status == .running else { return [] }
        if run.mode != .stepping {
            run.mode = .stepping
            state.run = run
            return [.setMode(.stepping)]
        }
        return stepSelected(&state)
    }

    static func stepSelected(_ state: inout AppState) -> [Effect] {
        guard let run = state.run, let worker = run.selectedWorker ?? run.nextSteps.keys.min() else { return [] }
        return grant(worker, &state)
    }

    /// Lets `worker` take its next step, if it is waiting for one.
    static func grant(_ worker: Int, _ state: inout AppState) -> [Effect] {
        guard let run = state.run else { return [] }
        guard run.nextSteps[worker] != nil else {
            let tracks = run.recording.tracks
            let name = tracks.indices.contains(worker) ? tracks[worker].info.name : nil
            if let name, tracks[worker].doneTime != nil {
                state.notice = "\(name) has finished"
            } else if let name {
                state.notice = "\(name) is not waiting for a step now (blocked, or still on its way)"
            } else {
                state.notice = "no worker in row \(Character(Lanes.rowSymbol(worker)))"
            }
            return []
        }
        state.notice = nil
        state.run?.nextSteps[worker] = nil
        state.run?.awaitingStep = worker
        return [.step(worker: worker)]
    }

    static func selectWaiting(by offset: Int, _ state: inout AppState) {
        guard var run = state.run else { return }
        let waiting = run.nextSteps.keys.sorted()
        guard !waiting.isEmpty else { return }
        let position = run.selectedWorker.flatMap(waiting.firstIndex) ?? 0
        run.selectedWorker = waiting[(position + offset + waiting.count) % waiting.count]
        state.run = run
    }

    static func changeSpeed(by factor: Double, _ state: inout AppState) -> [Effect] {
        state.speed = min(64, max(1.0 / 16, state.speed * factor))
        let speed = RunPanel.speedText(state.speed)
        guard var run = state.run, run.status == .running, case .paced = run.mode else {
            state.notice = "speed \(speed) for the next paced run (+ faster, - slower)"
            return []
        }
        state.notice = "speed \(speed)"
        run.mode = .speed(state.speed)
        state.run = run
        return [.setMode(run.mode)]
    }

    /// Runs the current demo many times at full speed, for a histogram of its first measure.
    static func startRepeats(_ state: inout AppState) -> [Effect] {
        guard let demo = state.selectedDemo, let measure = DemoCatalog.demo(demo.id)?.measures.first else { return [] }
        let count = 20
        state.repeats = RepeatView(demo: demo.id, measure: measure, count: count)
        state.notice = nil
        return [.cancelRun, .startRepeats(demo: demo.id, arguments: demo.arguments, count: count)]
    }
}
