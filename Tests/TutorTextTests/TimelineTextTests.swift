import Testing
import TutorEngine
@testable import TutorText

@Suite struct TimelineTextTests {
    /// Two workers over 100 ns: A runs 0–50 then holds the lock 50–100; B waits 0–50 then sleeps.
    func sample() -> Recording {
        func event(_ time: UInt64, _ state: WorkerState) -> Event {
            Event(time: time, kind: .state, code: state.rawValue, object: .none, value: 0, cpu: 0)
        }
        var recording = Recording(origin: 1_000, end: 1_100)
        recording.tracks = [
            Track(info: WorkerInfo(id: 0, name: "A", kind: .thread, pid: 7, tid: 11),
                  events: [event(1_000, .running), event(1_050, .holdingLock), event(1_100, .done)]),
            Track(info: WorkerInfo(id: 1, name: "B", kind: .process, pid: 8, tid: 12),
                  events: [event(1_000, .waitingLock), event(1_050, .sleeping)]),
        ]
        recording.isFinished = true
        return recording
    }

    @Test func plainTimelineIsAGoldenGrid() {
        let lines = TimelineText.render(sample(), width: 30, style: .plain)
        #expect(lines == [
            "A (tid 11) |#########LLLLLLLLL",
            "B (pid 8)  |wwwwwwwwwzzzzzzzzz",
            "            +---------+-------",
            "            0           100 ns",
            "legend: # running  z sleeping  w waiting-lock  L holding-lock",
        ].map { $0 })
    }

    @Test func heldTimeIsDimmedInColour() {
        var recording = sample()
        // A is held by the pacer for the whole of its running time, 0–50.
        recording.tracks[0] = Track(info: recording.tracks[0].info, events: [
            Event(time: 1_000, kind: .state, code: WorkerState.running.rawValue, object: .none, value: 0, cpu: 0),
            Event(time: 1_000, kind: .hold, code: 1, object: .none, value: 0, cpu: 0),
            Event(time: 1_050, kind: .hold, code: 0, object: .none, value: 0, cpu: 0),
            Event(time: 1_050, kind: .state, code: WorkerState.holdingLock.rawValue, object: .none, value: 0, cpu: 0),
            Event(time: 1_100, kind: .state, code: WorkerState.done.rawValue, object: .none, value: 0, cpu: 0),
        ])
        let coloured = TimelineText.render(recording, width: 30, style: TextStyle(unicode: false, color: true))
        #expect(coloured[0].contains("\u{1B}[2;") && coloured[1].contains("\u{1B}[") && !coloured[1].contains("\u{1B}[2;"),
                "only the held columns are dimmed")
        #expect(coloured.last?.hasSuffix("(dimmed: held by tutor's pace)") == true)
        #expect(TimelineText.render(recording, width: 30, style: .plain)[0] == "A (tid 11) |#########LLLLLLLLL",
                "without colour the states are drawn as they were")
    }

    @Test func noLineIsWiderThanAskedAndPlainIsASCII() {
        for width in [40, 80, 133] {
            let lines = TimelineText.render(sample(), width: width, style: .plain)
            for line in lines.dropLast() { #expect(line.count <= width, "\(line)") }
            #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
        }
    }

    @Test func everyStateHasItsOwnGlyphInBothStyles() {
        for style in [TextStyle.plain, TextStyle(unicode: true, color: false)] {
            let glyphs = WorkerState.allCases.filter { $0 != .done }.map(style.glyph)
            #expect(Set(glyphs).count == glyphs.count)
        }
    }

    /// A label too long for its column ends in a cut mark, never cut silently.
    @Test func aLongLabelIsCutWithAMark() {
        var recording = sample()
        recording.tracks[0].info.name = "a worker whose name is far too long for the column"
        for (style, mark) in [(TextStyle.plain, ">"), (TextStyle(unicode: true, color: false), "…")] {
            let row = TimelineText.render(recording, width: 60, style: style)[0]
            let label = row.components(separatedBy: " |")[0]
            #expect(label.count == 28 && label.hasSuffix(mark), "\(row)")
        }
    }

    @Test func colourIsOnlyAddedWhenAsked() {
        let coloured = TimelineText.render(sample(), width: 40, style: TextStyle(unicode: true, color: true))
        let uncoloured = TimelineText.render(sample(), width: 40, style: TextStyle(unicode: true, color: false))
        #expect(coloured.joined().contains("\u{1B}["))
        #expect(!uncoloured.joined().contains("\u{1B}"))
    }

    @Test func summaryReportsChecksAndBusyShares() {
        let status = DemoRun.Status.completed(DemoOutcome(result: "Counter: 3"), [Check("exact", false, "2 == 3")])
        let lines = SummaryText.render(sample(), status: status, cpuTime: 2_000_000, style: .plain)
        #expect(lines.first == "Result: Counter: 3")
        #expect(lines.contains("  A (tid 11): 100% (running 50%, holding-lock 50%)"))
        #expect(lines.contains("  B (pid 8): 0% (sleeping 50%, waiting-lock 50%)"))
        #expect(lines.contains("  [FAIL] exact: 2 == 3"))
        #expect(lines[1].hasPrefix("Wall time: 100 ns   CPU time: 2.0 ms"))
    }
}
