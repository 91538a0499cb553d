import Foundation
import TutorEngine
import TutorLessons
import TutorLook
import TutorTimeline

/// The demo panel: a header, the live timeline (per worker, or per core with `c`), its axis and
/// legend, and below it whatever matters now: the scheduler's choices in step mode, a lost
/// update, the live values, the console output, and after the run its summary.
enum RunPanel {
    /// What the panel draws: the run, and the few settings of the app it shows.
    struct Model {
        var run: RunView
        var speed: Double
        var coreView: Bool
        /// The lesson's questions, to judge the answers given before the run.
        var questions: [Question]
        var unicode: Bool
    }

    /// What a frame derives from the run's digest.
    struct Summary {
        var lanes: [[Cell]]
        var cores: [(cpu: Int32, cells: [Cell])]
        var legend: StyledLine
        /// The latest value of every counter, by name.
        var counterValues: [(name: String, value: Int64)]
        /// "counter = 7   buffer = 3".
        var counters: String { counterValues.map { "\($0.name) = \($0.value)" }.joined(separator: "   ") }
        var lostUpdate: String?
        /// "deadlock: Thread-1 holds lock_a and waits for lock_b; …", the rows in the cycle, and
        /// the column where it closed, marked on those rows.
        var deadlock: (text: String, rows: Set<Int>, column: Int)?
        /// "main 0%  Thread-1 100%": each worker's share of its life spent busy.
        var busy: String
        /// Workers blocked in the operating system now, by row, with what holds them:
        /// "counter_lock", "the GIL".
        var blocked: [Int: String]
    }

    /// The summary of a frame, from the digest the run keeps (or a fresh one, if the digest
    /// was made for other columns: render stays a function of the state either way).
    static func summary(_ run: RunView, columns: Int, unicode: Bool, coreView: Bool) -> Summary {
        let recording = run.recording
        let digest = run.digest.columns == columns ? run.digest
            : RunDigest(recording, columns: columns, watching: run.watch.lostWrites, deadlocks: run.watch.deadlocks)
        let frame = digest.frame
        let cpus = coreView
            ? Array(Set(recording.tracks.flatMap { $0.slices(until: recording.end)
                .filter { $0.state == .running || $0.state == .holdingLock }.map(\.cpu) })).sorted()
            : []
        return Summary(
            lanes: coreView ? [] : frame.coverages.map { Lanes.cells($0, unicode: unicode) },
            cores: cpus.map { ($0, Lanes.coreCells(cpu: $0, recording, columns: columns)) },
            legend: legend(RecordedKinds(frame.digests), coreView: coreView, unicode: unicode),
            counterValues: counterValues(frame.digests, recording),
            lostUpdate: frame.lostUpdate,
            deadlock: frame.deadlock.map { deadlock in
                (deadlock.description(in: recording), Set(deadlock.tracks),
                 Lanes.column(of: deadlock.time, recording, columns: columns))
            },
            busy: zip(recording.tracks, frame.digests).map { track, digest in
                "\(track.info.name) \(Int((digest.busyFraction(until: recording.end) * 100).rounded()))%"
            }.joined(separator: "  "),
            blocked: blocked(frame.digests, recording))
    }

    static func draw(_ model: Model, into grid: inout Grid, _ area: Rect) {
        let (x, y, width, height) = (area.x, area.y, area.width, area.height)
        guard height >= 4, width >= 20 else { return }
        let run = model.run
        let recording = run.recording
        var row = y
        header(model, width: width).draw(into: &grid, x: x, y: row, width: width)
        row += 1
        let labelWidth = ScreenLayout.labelWidth(panelWidth: width)
        let stepping = run.mode == .stepping && run.status == .running
        let stepWidth = stepping ? ScreenLayout.stepColumnWidth(panelWidth: width) : 0
        let columns = width - labelWidth - 1 - stepWidth
        let summary = summary(run, columns: columns, unicode: grid.unicode, coreView: model.coreView)
        let wrap = { (lines: [StyledLine]) in
            lines.flatMap { line in
                line.text.count <= width ? [line] : LessonText.wrap(line.runs.map { ($0.text, $0.role) }, width: width, indent: "  ")
            }
        }
        let info = infoLines(model, summary)
        let head = wrap(info.head), tail = wrap(info.tail)
        let outputCount = min(Self.outputLines, recording.output.count)
        let wanted = head.count + tail.count + (outputCount > 0 ? outputCount + 1 : 0)
        // Every worker's row comes first (the panel grows once the run is over, so the outcome
        // fits beside them); only when there are more workers than rows are the last ones cut,
        // keeping two lines for what is said about the run.
        // The legend names every glyph drawn, over as many lines as it takes.
        let legend = wrap([summary.legend])
        let reserved = 1 + legend.count + min(wanted, max(2, height - 3 - legend.count - recording.tracks.count))
        let laneRows = max(1, height - 1 - reserved)
        if model.coreView {
            for (cpu, cells) in summary.cores.prefix(laneRows) {
                grid.write("CPU \(cpu)", x: x, y: row, role: .dim, limit: labelWidth)
                drawCells(cells, into: &grid, x: x + labelWidth + 1, y: row)
                row += 1
            }
            if summary.cores.isEmpty {
                grid.write("no busy work recorded yet", x: x, y: row, role: .dim, limit: width)
                row += 1
            }
        } else {
            let shown = recording.tracks.count > laneRows ? laneRows - 1 : recording.tracks.count
            for (index, track) in recording.tracks.prefix(shown).enumerated() {
                let waiting = run.nextSteps[track.info.id] != nil
                let selected = waiting && run.selectedWorker == track.info.id && run.mode == .stepping
                let named = "\(RowKeys.symbol(index)) " + Self.shortened(track.info.name, to: labelWidth - 2)
                // A thread that has not started has no tid yet: no number rather than a 0.
                let withID = track.info.number == 0 ? named : named + " \(track.info.number)"
                // A cut id would read as another id: leave it out when it does not fit whole.
                let label = withID.count <= labelWidth ? withID : named
                let deadlocked = summary.deadlock?.rows.contains(index) == true
                grid.write(label, x: x, y: row, role: selected ? .selected : (waiting ? .keyName : (deadlocked ? .bad : .normal)),
                           limit: labelWidth)
                if summary.lanes.indices.contains(index) {
                    drawCells(summary.lanes[index], into: &grid, x: x + labelWidth + 1, y: row)
                }
                // Where the cycle of waits closed, on each row caught in it.
                if deadlocked, let column = summary.deadlock?.column, (0..<columns).contains(column) {
                    grid[x + labelWidth + 1 + column, row] = Cell(grid.unicode ? "✗" : "X", .bad)
                }
                // Paused or stepping, a worker at a checkpoint is held by the scheduler (you),
                // not running: mark where its row stands now.
                if waiting, run.status == .running, run.mode == .stepping || run.mode == .paused {
                    // Beside, not over, a step it has just taken (a read in this very column).
                    var now = Lanes.column(of: recording.end, recording, columns: columns)
                    if summary.lanes[safe: index]?[safe: now]?.role == .instant, now + 1 < columns { now += 1 }
                    grid[x + labelWidth + 1 + now, row] = Cell(grid.unicode ? "‖" : "|", .warning)
                }
                if stepping {
                    let (text, role) = Self.stepChoice(index, model, summary, selected: selected)
                    grid.write(text, x: x + labelWidth + 1 + columns + 1, y: row, role: role, limit: stepWidth - 1)
                }
                row += 1
            }
            if shown < recording.tracks.count {
                grid.write("… \(recording.tracks.count - shown) more workers", x: x, y: row, role: .dim, limit: width)
                row += 1
            }
        }
        axis(recording, columns: columns, coreView: model.coreView, unicode: grid.unicode)
            .draw(into: &grid, x: x + labelWidth + 1, y: row, width: columns)
        grid.write(model.coreView ? "CPU cores" : "workers", x: x, y: row, role: .dim, limit: labelWidth)
        row += 1
        for line in legend {
            line.draw(into: &grid, x: x, y: row, width: width)
            row += 1
        }
        // What is said about the run, then its newest output lines (what the program printed is
        // often its point), then the figures, as far as they fit.
        var left = max(0, y + height - row)
        for line in head.prefix(left) {
            line.draw(into: &grid, x: x, y: row, width: width)
            row += 1
        }
        left -= min(left, head.count)
        let tailShown = min(tail.count, max(0, left - (outputCount > 0 ? outputCount + 1 : 0)))
        let outputShown = outputCount > 0 ? min(outputCount, max(0, left - tailShown - 1)) : 0
        // One row left: the newest line alone, with its worker, rather than a header and nothing.
        if outputShown == 0, outputCount > 0, left - tailShown == 1, let newest = recording.output.last {
            outputLine(newest, recording).draw(into: &grid, x: x, y: row, width: width)
            row += 1
        }
        if outputShown > 0 {
            let all = recording.output.count
            let header = outputShown < all
                ? "output (the newest \(outputShown) of \(all) lines; the trace (e) keeps them all):" : "output:"
            StyledLine(header, .dim).draw(into: &grid, x: x, y: row, width: width)
            row += 1
            // Each line with the worker that printed it: which thread said what is the lesson.
            for line in recording.output.suffix(outputShown) {
                outputLine(line, recording).draw(into: &grid, x: x, y: row, width: width)
                row += 1
            }
        }
        for line in tail.prefix(tailShown) {
            line.draw(into: &grid, x: x, y: row, width: width)
            row += 1
        }
    }

    /// What a worker's row says in step mode, right of its timeline: the step it will take if
    /// chosen ("read counter (now 3)", with the shared values the step names as they are
    /// now), or what holds it back ("blocked: lock_a", idle in a join, asleep), or
    /// that it is on its way to its next step.
    static func stepChoice(_ row: Int, _ model: Model, _ summary: Summary, selected: Bool) -> (String, Role) {
        let run = model.run
        guard let id = run.recording.tracks[safe: row]?.info.id else { return ("", .dim) }
        if let step = run.nextSteps[id] {
            let shared = summary.counterValues.filter { step.contains($0.name) && !step.contains("=") }
            let now = shared.count == 1 ? " (now \(shared[0].value))"
                : shared.isEmpty ? "" : " (" + shared.map { "\($0.name) \($0.value)" }.joined(separator: ", ") + ")"
            let text = (selected ? (model.unicode ? "▸ " : "> ") : "  ") + step + now
            return (text, selected ? .selected : .keyName)
        }
        if let holder = summary.blocked[row] { return ("  blocked: " + holder, .waitingLock) }
        if run.recording.tracks[safe: row]?.doneTime != nil { return ("  done", .dim) }
        // A stepped program's thread let go into a line is inside it until it reaches the next:
        // computing there (a long C call, a loop on one line), or waiting in it.
        // One that never reached a line of it runs in Python's library or in C: out of reach.
        let inside = run.lines[id].map { "\($0): " }
        let program = run.demo == ObservedProgramDemo.lessonDemoID
        switch run.digest.frame.digests[safe: row]?.current?.state {
        case .idle: return ("  " + (inside.map { $0 + "waits for others" } ?? "idle, waits for others"), .dim)
        case .sleeping: return ("  " + (inside ?? "") + "asleep", .dim)
        default: return ("  " + (inside.map { $0 + "computing" } ?? (program ? "outside your code" : "on its way…")), .dim)
        }
    }

    /// `name` in at most `width` columns: cut in the middle, where names that differ at their
    /// ends ("ThreadPoolExecutor-0_0", "…-0_1") stay apart.
    static func shortened(_ name: String, to width: Int) -> String {
        guard name.count > width, width > 6 else { return name }
        let end = min(5, width / 3)
        return String(name.prefix(width - end - 1)) + "…" + String(name.suffix(end))
    }

    /// A line the run printed, with the worker that printed it: which thread said what is the
    /// lesson.
    static func outputLine(_ line: OutputLine, _ recording: Recording) -> StyledLine {
        StyledLine([("  " + (recording.tracks[safe: line.worker]?.info.name ?? "?") + ": ", .dim), (line.text, .code)])
    }

    /// The most output lines the panel shows (the newest).
    static let outputLines = 8

    private static func drawCells(_ cells: [Cell], into grid: inout Grid, x: Int, y: Int) {
        for (offset, cell) in cells.enumerated() { grid[x + offset, y] = cell }
    }

    /// The run's title, how it stands and how long it took, in `width` columns: a title too
    /// long is cut (with `…`) before the status and the time are.
    static func header(_ model: Model, width: Int) -> StyledLine {
        let run = model.run
        var title = run.title ?? ([run.demo] + run.arguments).joined(separator: " ")
        // A run tutor held back (paced, paused, stepped) lasted as long as tutor made it: said
        // beside its time, which is no speed.
        let held = run.status != .running && RecordedKinds(run.digest.frame.digests).held
        let seconds = DurationText.seconds(run.recording.duration) + (held ? " at tutor's pace" : "")
        let status: (String, Role)
        switch run.status {
        case .running:
            switch run.mode {
            case .fast: status = ("running at full speed", .running)
            case .paced: status = ("running at \(SpeedText.format(model.speed))", .running)
            case .paused: status = ("PAUSED: space resumes, s steps", .warning)
            case .stepping: status = ("STEPPING: you are the scheduler", .warning)
            }
        case .completed(_, let checks): status = (checks.allSatisfy(\.passed) ? "done" : "done, a check FAILED", checks.allSatisfy(\.passed) ? .good : .bad)
        case .cancelled: status = ("cancelled", .warning)
        case .failed: status = ("failed", .bad)
        }
        let room = width - 4 - status.0.count - 2 - seconds.count
        if title.count > room, room > 8 { title = String(title.prefix(room - 1)) + (model.unicode ? "…" : ">") }
        return StyledLine([("▶ " + title + "  ", .title), (status.0, status.1), ("  " + seconds, .dim)])
    }

    /// Who is waiting on a lock, semaphore, condition or the GIL, and for what.
    static func blocked(_ digests: [TrackDigest], _ recording: Recording) -> [Int: String] {
        var blocked: [Int: String] = [:]
        for (row, digest) in digests.enumerated() {
            guard let (state, object) = digest.current,
                  [.waitingLock, .waitingSemaphore, .waitingCondition, .waitingGIL].contains(state) else { continue }
            blocked[row] = recording.name(of: object) ?? (state == .waitingGIL ? "the GIL" : "\(state)")
        }
        return blocked
    }

    static func axis(_ recording: Recording, columns: Int, coreView: Bool, unicode: Bool) -> StyledLine {
        let live = !coreView && !recording.isFinished
        let end = DurationText.format(coreView ? recording.duration : Lanes.span(recording, columns: columns), unicode: unicode)
        let dash = String(repeating: unicode ? "─" : "-", count: 3)
        // Live, the rows fill a window that doubles as the run goes on; say it is the edge.
        return StyledLine("0" + dash + " time " + dash + (live ? " right edge " : " ") + end, .axis)
    }

    static func legend(_ kinds: RecordedKinds, coreView: Bool, unicode: Bool) -> StyledLine {
        let states = kinds.states
        var runs: [(String, Role)] = []
        for state in WorkerState.allCases where states.contains(state) {
            runs.append((String(Glyphs.state(state, unicode: unicode)), state.role))
            runs.append((" \(state)  ", .dim))
        }
        for kind in InstantKind.allCases where kinds.instants.contains(kind) {
            runs.append((String(Glyphs.instant(kind)), .instant))
            runs.append((" \(kind)  ", .dim))
        }
        if kinds.held && !coreView { runs.append(("dimmed", .held)); runs.append((" held by tutor's pace  ", .dim)) }
        if coreView { runs.append(("digits: the worker's row", .dim)) }
        return StyledLine(runs)
    }

    /// The lines under the timeline, most urgent first.
    /// What is said about the run: `head` first (a lost update, step mode's choices, the result
    /// and verdict), `tail` after the output (the figures).
    static func infoLines(_ model: Model, _ summary: Summary) -> (head: [StyledLine], tail: [StyledLine]) {
        let run = model.run
        var lines: [StyledLine] = []
        let recording = run.recording
        if let lost = summary.lostUpdate { lines.append(StyledLine(lost, .bad)) }
        if let deadlock = summary.deadlock {
            lines.append(StyledLine(deadlock.text.prefix(1).uppercased() + deadlock.text.dropFirst()
                                    + " (" + (model.unicode ? "✗" : "X") + " marks where the cycle closed)", .bad))
        }
        let stepping = run.mode == .stepping && run.status == .running
        if stepping {
            lines.append(StyledLine("Who moves next? Its row's key, or " + (model.unicode ? "↑↓" : "Up/Dn") + " Enter; space resumes; "
                                    + (model.unicode ? "‖" : "|") + " waits for you", .warning))
            if run.pythonBlock != nil { lines.append(StyledLine(CodeMarks.legend(unicode: model.unicode), .dim)) }
            // The shared values (and a stepped program's variables) are what the student's
            // choice turns on: in view, under the choices.
            if !summary.counters.isEmpty { lines.append(StyledLine(counters(run, summary), .normal)) }
        }
        switch run.status {
        case .completed(let outcome, let checks):
            lines.append(StyledLine([("Result: ", .title), (outcome.result, .normal)]))
            if let caution = outcome.caution { lines.append(StyledLine([("Caution: ", .warning), (caution, .normal)])) }
            lines += Verdict.lines(model.questions, run.answers, outcome)
            for check in checks {
                lines.append(StyledLine([(check.passed ? "ok " : "FAIL ", check.passed ? .good : .bad),
                                         ("\(check.name): \(check.detail)", .normal)]))
            }
        case .failed(let message):
            // A failure may explain itself over a few lines (the cluster demo without SLURM).
            for (index, part) in message.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append(StyledLine((index == 0 ? "Failed: " : "") + part, .bad))
            }
        default:
            break
        }
        var tail: [StyledLine] = []
        if recording.droppedEvents > 0 {
            tail.append(StyledLine("\(recording.droppedEvents) events not recorded: a recording keeps at most 1 GiB of them", .warning))
        }
        if !summary.counters.isEmpty, !stepping { tail.append(StyledLine(counters(run, summary), .normal)) }
        if run.status != .running {
            let waits = Waits.text(recording, unicode: model.unicode)
            if !waits.isEmpty { tail.append(StyledLine("waited for: " + waits, .dim)) }
            // A real program's own CPU time is on its result line; this one is tutor's too.
            if run.demo != ObservedProgramDemo.lessonDemoID {
                tail.append(StyledLine("wall \(DurationText.seconds(recording.duration))   CPU \(DurationText.seconds(run.cpuTime))", .dim))
            }
            if !summary.busy.isEmpty { tail.append(StyledLine("busy: " + summary.busy, .dim)) }
        }
        return (lines, tail)
    }

    /// The shared values: a program's as its variables, a native demo's as its counters.
    static func counters(_ run: RunView, _ summary: Summary) -> String {
        run.demo == ObservedProgramDemo.lessonDemoID ? variables(summary.counterValues) : summary.counters
    }

    /// A stepped program's variables, shared ones first, then each thread's locals together:
    /// "counter = 1   Thread-1: n=2 value=0   Thread-2: n=2 value=0" (a local's counter is
    /// named by its thread and itself, "Thread-1 value").
    static func variables(_ values: [(name: String, value: Int64)]) -> String {
        var shared: [String] = [], threads: [String] = [], locals: [String: [String]] = [:]
        for (name, value) in values {
            guard let space = name.lastIndex(of: " ") else {
                shared.append("\(name) = \(value)")
                continue
            }
            let thread = String(name[..<space])
            if locals[thread] == nil { threads.append(thread) }
            locals[thread, default: []].append("\(name[name.index(after: space)...])=\(value)")
        }
        return (shared + threads.map { $0 + ": " + locals[$0, default: []].joined(separator: " ") }).joined(separator: "   ")
    }

    /// The latest value of every counter, sorted by name.
    static func counterValues(_ digests: [TrackDigest], _ recording: Recording) -> [(name: String, value: Int64)] {
        // The latest value of each counter, by the counter's object id, across workers.
        var latest: [(time: UInt64, value: Int64)?] = []
        for digest in digests {
            for (index, counter) in digest.counters.enumerated() {
                guard let counter else { continue }
                if index >= latest.count { latest += Array(repeating: nil, count: index + 1 - latest.count) }
                if (latest[index]?.time ?? 0) <= counter.time { latest[index] = counter }
            }
        }
        let named = latest.indices.compactMap { index in
            latest[index].map { (name: recording.name(of: ObjectID(rawValue: UInt16(index))) ?? "value", value: $0.value) }
        }
        return named.sorted { $0.name < $1.name }
    }
}

/// How the student's predictions fared against the measured run (`Question.judge`).
enum Verdict {
    static func lines(_ questions: [Question], _ answers: [Int], _ outcome: DemoOutcome) -> [StyledLine] {
        zip(questions, answers).compactMap { question, answer in
            question.judge(answer, on: outcome.values, unreliable: outcome.unreliable, caution: outcome.caution).map(line)
        }
    }

    static func line(_ judgement: Judgement) -> StyledLine {
        if let reason = judgement.notJudged {
            return StyledLine([("You predicted \"\(judgement.choice.text)\": ", .normal), ("not judged", .warning),
                               (" (\(reason))", .dim)])
        }
        let measured = judgement.measured.map { name, value in
            "\(MeasureName.shown(name)) = " + (value.map { String(format: $0 == $0.rounded() ? "%.0f" : "%.2f", $0) } ?? "?")
        }.joined(separator: ", ")
        let shown = judgement.right || judgement.provenRight.isEmpty
            ? ")" : "; the run showed \"\(judgement.provenRight.joined(separator: "\", \""))\")"
        return StyledLine([("You predicted \"\(judgement.choice.text)\": ", .normal),
                           (judgement.right ? "right" : "not this time", judgement.right ? .good : .bad),
                           (" (measured \(measured)" + shown, .dim)])
    }
}
