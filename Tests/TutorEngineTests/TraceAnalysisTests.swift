import Testing
@testable import TutorEngine
import TutorTimeline

@Suite struct TraceAnalysisTests {
    /// A recording whose tracks hold the given (start, end) spans in `state`.
    func recording(_ spans: [[(UInt64, UInt64)]], _ state: WorkerState = .holdingLock) -> Recording {
        var recording = Recording(origin: 0, end: 1_000)
        for (index, worker) in spans.enumerated() {
            var events: [Event] = []
            for (start, end) in worker {
                events.append(Event(time: start, kind: .state, code: state.rawValue, object: .none, value: 0, cpu: 0))
                events.append(Event(time: end, kind: .state, code: WorkerState.running.rawValue, object: .none, value: 0, cpu: 0))
            }
            recording.tracks.append(Track(info: WorkerInfo(id: index, name: "\(index)", kind: .thread, pid: 1, tid: 1),
                                          events: events))
        }
        return recording
    }

    @Test func touchingSlicesDoNotOverlap() {
        let touching = recording([[(0, 10), (20, 30)], [(10, 20), (30, 40)]])
        #expect(TraceAnalysis.maxConcurrency(touching, in: [.holdingLock]) == 1)
    }

    @Test func overlapsAreCountedAtTheirPeak() {
        let overlapping = recording([[(0, 10)], [(5, 15)], [(8, 9)], [(12, 20)]])
        #expect(TraceAnalysis.maxConcurrency(overlapping, in: [.holdingLock]) == 3)
        #expect(TraceAnalysis.maxConcurrency(overlapping, in: [.sleeping]) == 0)
    }

    @Test func busyFractionCountsOnlyBusyStates() {
        let track = recording([[(0, 25)]], .sleeping).tracks[0]
        // Sleeping 0–25, then running until the end at 100.
        #expect(TrackDigest(track).busyFraction(until: 100) == 0.75)
    }
}
