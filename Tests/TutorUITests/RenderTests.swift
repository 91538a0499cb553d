import Testing
import TutorLessons
import TutorEngine
import TutorTimeline
@testable import TutorUI

@Suite struct RenderTests {
    @Test func theLessonListGolden() throws {
        var state = makeState()
        state.progress.visited = ["first"]
        state.progress.answered["first"] = true
        state.invalidLessons = ["Lessons/10-broken.md:3: unknown header key 'colour'"]
        try assertGolden(render(state), "lesson-list-80x24")
    }

    @Test func theLessonScreenGolden() throws {
        try assertGolden(render(makeState(at: "first")), "lesson-first-80x24")
    }

    /// The help window lists every binding of the screen under it, each on a line that starts
    /// (after the frame) with its keys and goes on with its meaning.
    @Test(arguments: [("first", [KeyContext.lesson, .stepping]), (nil, [KeyContext.lessonList])])
    func helpListsEveryKeyOfTheScreen(lesson: String?, contexts: [KeyContext]) {
        var state = makeState(at: lesson)
        _ = update(&state, .key(.character("?")))
        #expect(state.overlay == .help)
        let lines = render(state).lines
        let bindings = KeyBindings.all.filter { !$0.contexts.isDisjoint(with: contexts) }
        #expect(bindings.count >= (lesson == nil ? 5 : 15))
        for binding in bindings {
            let words = binding.help.split(separator: " ").prefix(3).joined(separator: " ")
            #expect(lines.contains { $0.contains("│ " + binding.label + " ") && $0.contains(words) },
                    "\(binding.label): \(binding.help)")
        }
        _ = update(&state, .key(.escape))
        #expect(state.overlay == nil)
    }

    /// A frame depends on the state alone: drawing other states in between (another size,
    /// another run) changes nothing about it.
    @Test func renderIsAFunctionOfTheState() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("1")))
        var recording = Recording(origin: 0, end: 1_000)
        recording.tracks = [Track(info: WorkerInfo(id: 0, name: "main", kind: .thread, pid: 5, tid: 6),
                                  events: [Event(time: 0, kind: .state, code: WorkerState.running.rawValue, object: .none,
                                                 value: 0, cpu: 0)])]
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .speed(1), nextSteps: [:], cpuTime: 0)))
        let first = render(state)
        var other = state
        _ = update(&other, .resize(width: 200, height: 60))
        var more = recording
        more.end = 900_000
        _ = update(&other, .run(RunSnapshot(recording: more, status: .running, mode: .speed(1), nextSteps: [:], cpuTime: 0)))
        _ = render(other)
        _ = render(makeState(width: 120, height: 40, at: "second"))
        #expect(render(state) == first)
        // A state whose digest was made for other columns (as a test or a bench may build it)
        // still draws the same frame.
        var stale = state
        stale.run?.digest = RunDigest(columns: 7, watching: "counter")
        #expect(render(stale) == first)
    }

    /// ASCII only, every glyph the screens use gets a one-column stand-in that reads like it,
    /// never `?` (which reads as the help key): `?3 semaphores` was the selection marker.
    @Test func asciiDrawsAStandInForEachGlyph() {
        var grid = Grid(width: 40, height: 1, unicode: false)
        grid.write("▶ – … ↑↓ ‖ ▸ ✗ × ┌─┐ ≤ µs", x: 0, y: 0, role: .normal, limit: 40)
        #expect(grid.lines[0].hasPrefix("> - . ^v | > x x +-+ < us"), "\(grid.lines[0])")
        #expect(!grid.lines[0].contains("?"))
    }

    /// The per-core view shows a worker on its core only while it works: not while tutor's
    /// pacer holds it at a step, nor while it holds a semaphore (asleep inside, in the demos).
    @Test func theCoreViewLeavesOutHeldTimeAndSemaphoreHolders() {
        let event = { (time: UInt64, kind: Event.Kind, code: UInt8) in Event(time: time, kind: kind, code: code, object: .none, value: 0, cpu: 0) }
        var recording = Recording(origin: 0, end: 100)
        recording.isFinished = true
        recording.tracks = [
            // Running 0–100 on CPU 0, held by the pacer 0–50.
            Track(info: WorkerInfo(id: 0, name: "a", kind: .thread, pid: 1, tid: 2), events: [
                event(0, .state, WorkerState.running.rawValue), event(0, .hold, 1), event(50, .hold, 0),
                event(100, .state, WorkerState.done.rawValue)]),
            // Holding a semaphore the whole time on CPU 0.
            Track(info: WorkerInfo(id: 1, name: "b", kind: .thread, pid: 1, tid: 3), events: [
                event(0, .state, WorkerState.holdingSemaphore.rawValue), event(100, .state, WorkerState.done.rawValue)]),
        ]
        let cells = Lanes.coreCells(cpu: 0, recording, columns: 10)
        #expect(cells.prefix(5).allSatisfy { $0 == .blank }, "held: not on the core")
        #expect(cells.suffix(5).allSatisfy { $0.scalar == RowKeys.symbol(0) }, "worker a (row 1) works 50–100: \(cells)")
    }

    /// A question longer than the screen keeps every choice in view, inside its frame, and
    /// leaves the key bar alone: the question is cut (with …), never the choices.
    @Test func aLongQuestionKeepsEveryChoiceVisible() throws {
        let long = String(repeating: "Two threads share a counter and add one to it each. ", count: 40)
        let choices = (1...9).map { "choice: answer number \($0), which is long enough to need two lines in the window at eighty columns | counter == \($0)" }
        let text = "---\nid: long\ntitle: Long\ndemo: locks\nquestion: \(long)\n" + choices.joined(separator: "\n") + "\n---\n# Long\n"
        let lesson = try LessonParser.parse(Array(text.utf8), file: "long.md").get()
        var state = AppState(width: 80, height: 24, unicode: true, lessons: [lesson], invalidLessons: [], demos: catalog,
                             progress: Progress(), startAt: "long")
        _ = update(&state, .key(.character("r")))
        let lines = render(state).lines
        for number in 1...9 {
            #expect(lines.contains { $0.contains("│ \(number)  answer number \(number),") }, "choice \(number): \(lines)")
        }
        #expect(lines.contains { $0.contains("…") }, "the question says it was cut")
        #expect(lines[23].hasPrefix(" 1-9 answer"), "the key bar is the question's own: \(lines[23])")
        #expect(lines.indices.filter { lines[$0].contains("└") } == [22], "one frame, closed above the key bar")
    }

    /// The verdict and the histogram name measures in words, not as conditions spell them.
    @Test func measuresAreNamedInWords() {
        #expect(MeasureName.shown("max_running_at_once") == "most running at once")
        #expect(MeasureName.shown("speedup_gil") == "speed-up of GIL threads")
        #expect(MeasureName.shown("wall_seconds") == "wall seconds")
        #expect(MeasureName.shown("counter") == "counter")
    }

    @Test func lessonTextIsInert() {
        let lines = render(makeState(at: "second")).lines.joined(separator: "\n")
        #expect(!lines.contains("\u{1B}"))
        #expect(lines.contains("␛[31m") && lines.contains("␇"))
    }

    @Test func aSmallTerminalAsksToBeEnlargedAndResizeRestores() {
        var state = makeState(at: "first")
        _ = update(&state, .resize(width: 60, height: 20))
        let small = render(state)
        #expect(small.width == 60 && small.lines.contains { $0.contains("Please enlarge the terminal") })
        #expect(update(&state, .key(.right)).isEmpty, "keys other than q wait for a usable size")
        _ = update(&state, .resize(width: 120, height: 40))
        let large = render(state)
        #expect(large.height == 40 && large.lines[0].contains("The first lesson"))
    }

    @Test func theTimelineShowsWorkersStatesAndALostUpdate() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("1")))
        func event(_ time: UInt64, _ state: WorkerState) -> Event {
            Event(time: time, kind: .state, code: state.rawValue, object: .none, value: 0, cpu: 0)
        }
        func write(_ time: UInt64, _ value: Int64) -> Event {
            Event(time: time, kind: .counter, code: 0, object: ObjectID(rawValue: 1), value: value, cpu: 1)
        }
        var recording = Recording(origin: 0, end: 1_000)
        recording.objects = ["counter"]
        recording.tracks = [
            Track(info: WorkerInfo(id: 0, name: "Thread-1", kind: .thread, pid: 5, tid: 6),
                  events: [event(0, .running), write(400, 1), event(500, .waitingLock), event(900, .done)]),
            Track(info: WorkerInfo(id: 1, name: "Thread-2", kind: .thread, pid: 5, tid: 7),
                  events: [event(0, .sleeping), write(600, 1), event(700, .running)]),
        ]
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .speed(1), nextSteps: [:], cpuTime: 0)))
        let lines = render(state).lines
        let first = lines.first { $0.hasPrefix("1 Thread-1 6") } ?? ""
        #expect(first.contains("█") && first.contains("w"))
        let second = lines.first { $0.hasPrefix("2 Thread-2 7") } ?? ""
        #expect(second.contains("░") && second.contains("█"))
        #expect(lines.contains { $0.hasPrefix("LOST UPDATE: Thread-2 wrote counter = 1, which Thread-1 had already written") })
        #expect(lines.contains { $0.contains("█ running") && $0.contains("░ sleeping") && $0.contains("w waiting-lock") })
        state.coreView = true
        #expect(render(state).lines.contains { $0.hasPrefix("CPU 0") })
    }

    @Test func stepModeListsWhoIsBlockedAndOnWhat() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("1")))
        func event(_ time: UInt64, _ state: WorkerState, _ object: UInt16 = 0) -> Event {
            Event(time: time, kind: .state, code: state.rawValue, object: ObjectID(rawValue: object), value: 0, cpu: 0)
        }
        var recording = Recording(origin: 0, end: 1_000)
        recording.objects = ["counter_lock"]
        recording.tracks = [
            Track(info: WorkerInfo(id: 0, name: "Thread-1", kind: .thread, pid: 5, tid: 6),
                  events: [event(0, .running), event(100, .holdingLock, 1)]),
            Track(info: WorkerInfo(id: 1, name: "Thread-2", kind: .thread, pid: 5, tid: 7),
                  events: [event(0, .running), event(200, .waitingLock, 1)]),
        ]
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .stepping,
                                            nextSteps: [0: "write counter = 1"], cpuTime: 0)))
        // Each worker's row says its choice, or what holds it back, right of its timeline.
        let rows = render(state).lines
        #expect(rows.first { $0.hasPrefix("1 Thread-1") }?.contains("▸ write counter = 1") == true, "\(rows)")
        #expect(rows.first { $0.hasPrefix("2 Thread-2") }?.contains("blocked: counter_lock") == true, "\(rows)")
        #expect(rows.first { $0.hasPrefix("1 Thread-1") }?.contains("‖") == true, "the worker held for a step is marked")
        #expect(rows.first { $0.hasPrefix("2 Thread-2") }?.contains("‖") == false, "a blocked worker is not")
    }

    /// A stepped Python run: the code marks each thread at its line (`▸` waiting for the
    /// student, `■` inside the line), and a row with no line yet says it is outside the code.
    @Test func aSteppedPythonRunMarksEachThreadOnItsCode() {
        var state = makeState(at: "first")
        let spec = ProgramSpec(label: "block", source: .python("counter = 0  # shared\n"), workingDirectory: nil)
        #expect(update(&state, .watch(spec, stepped: true)) == [.startProgram(spec, mode: .stepping)])
        #expect(state.run?.pythonBlock == 1 && state.run?.steppable == true)
        func running(_ id: Int, _ name: String) -> Track {
            Track(info: WorkerInfo(id: id, name: name, kind: .thread, pid: 5, tid: Int32(6 + id)),
                  events: [Event(time: 0, kind: .state, code: WorkerState.running.rawValue, object: .none, value: 0, cpu: 0)])
        }
        var recording = Recording(origin: 0, end: 1_000)
        recording.tracks = [running(0, "MainThread"), running(1, "Thread-1 (work)")]
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .stepping,
                                            nextSteps: [0: "1 counter = 0  # shared"], cpuTime: 0)))
        var lines = render(state).lines
        #expect(lines.contains { $0.hasPrefix(" 1▸counter = 0") }, "\(lines)")
        #expect(lines.first { $0.hasPrefix("2 Thread-1") }?.contains("outside your code") == true, "\(lines)")
        // main let go into its line (computing there), Thread-1 now waits before the same line.
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .stepping,
                                            nextSteps: [1: "1 counter = 0  # shared"], cpuTime: 0)))
        lines = render(state).lines
        let code = lines.first { $0.hasPrefix(" 1■counter = 0") }
        #expect(code?.trimmingCharacters(in: .whitespaces).hasSuffix("# shared  2▸") == true, "the other mark after the code: \(lines)")
        #expect(lines.first { $0.hasPrefix("1 MainThread") }?.contains("1: computing") == true, "\(lines)")
        _ = update(&state, .key(.character("1")))
        #expect(state.notice == "MainThread is computing inside line 1: it waits for you at its next line")
    }

    /// The step a worker has just taken stays in sight: the mark of where it waits goes
    /// beside a read in its latest column, not over it (the timeline lagged a step behind).
    @Test func theStepJustTakenIsDrawnBesideTheWaitMark() {
        var state = makeState(at: "first")
        _ = update(&state, .key(.character("r")))
        _ = update(&state, .key(.character("1")))
        var recording = Recording(origin: 0, end: 1_000)
        recording.objects = ["counter"]
        recording.tracks = [Track(info: WorkerInfo(id: 0, name: "Thread-1", kind: .thread, pid: 5, tid: 6), events: [
            Event(time: 0, kind: .state, code: WorkerState.running.rawValue, object: .none, value: 0, cpu: 0),
            Event(time: 1_000, kind: .instant, code: InstantKind.read.rawValue, object: ObjectID(rawValue: 1), value: 0, cpu: 0),
        ])]
        _ = update(&state, .run(RunSnapshot(recording: recording, status: .running, mode: .stepping,
                                            nextSteps: [0: "write counter = 1"], cpuTime: 0)))
        let row = render(state).lines.first { $0.hasPrefix("1 Thread-1") } ?? ""
        #expect(row.contains("r‖"), "\(row)")
    }

    @Test func asciiModeDrawsOnlyASCII() {
        var state = makeState(at: "first")
        state.unicode = false
        let screen = render(state).lines.joined()
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
    }
}
