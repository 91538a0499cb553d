import Testing
@testable import TutorEngine

@Suite struct RecorderTests {
    /// Two writers sharing a budget of three chunks (12,288 events): the first takes the three
    /// for its 10,000, the second finds none left; every event not kept is counted as dropped.
    @Test func aRecordingKeepsWithinItsBudgetAndCountsTheRest() throws {
        let recorder = Recorder(budgetBytes: 3 * Lane.chunkSize * MemoryLayout<Event>.stride)
        let pacer = Pacer()
        let perWorker = 10_000
        let counter = recorder.object("sequence")
        let workers = (0..<2).map { index in
            let (id, lane) = recorder.addWorker(name: "writer-\(index)")
            return Worker(id: id, lane: lane, recorder: recorder, pacer: pacer)
        }
        for worker in workers {
            for value in 0..<perWorker { worker.count(counter, value) }
        }
        let recording = recorder.snapshot()
        #expect(recording.tracks.map(\.events.count) == [perWorker, 0])
        #expect(recording.droppedEvents == perWorker)
        for track in recording.tracks {
            #expect(track.events.enumerated().allSatisfy { $0.element.value == Int64($0.offset) }, "a lane keeps its first events")
        }
    }

    @Test func concurrentWritersLoseNothingWhileBeingRead() throws {
        let recorder = Recorder()
        let pacer = Pacer()
        let perWorker = 100_000
        let counter = recorder.object("sequence")
        let threads = (0..<4).map { index in
            let (id, lane) = recorder.addWorker(name: "writer-\(index)")
            let worker = Worker(id: id, lane: lane, recorder: recorder, pacer: pacer)
            return OSThread {
                for value in 0..<perWorker { worker.count(counter, value) }
            }
        }
        for thread in threads { try thread.start() }

        // Read while they write: every read must be a prefix of the final lane, in order.
        let reader = RecordingReader(recorder)
        var previous = [Int](repeating: 0, count: 4)
        var reads = 0
        while threads.contains(where: { !$0.isFinished }) {
            let recording = reader.read()
            for (index, track) in recording.tracks.enumerated() {
                #expect(track.events.count >= previous[index])
                let fresh = track.events[previous[index]...]
                #expect(zip(fresh.indices, fresh).allSatisfy { $0.1.value == Int64($0.0) })
                previous[index] = track.events.count
            }
            reads += 1
        }
        for thread in threads { thread.join() }

        let final = reader.read()
        #expect(final.droppedEvents == 0)
        #expect(final.tracks.count == 4)
        for track in final.tracks {
            #expect(track.events.count == perWorker)
            #expect(track.events.map(\.value) == (0..<perWorker).map(Int64.init))
            #expect(track.events.allSatisfy { $0.kind == .counter && $0.object == counter })
        }
        // A fresh full snapshot sees the same.
        #expect(recorder.snapshot().eventCount == 4 * perWorker)
        #expect(reads > 0)
    }

    @Test func slicesFollowStateChangesAndStopAtDone() {
        func state(_ time: UInt64, _ state: WorkerState) -> Event {
            Event(time: time, kind: .state, code: state.rawValue, object: .none, value: 0, cpu: 1)
        }
        let instant = Event(time: 15, kind: .instant, code: InstantKind.acquire.rawValue, object: .none, value: 0, cpu: 1)
        let track = Track(info: WorkerInfo(id: 0, name: "w", kind: .thread, pid: 1, tid: 2),
                          events: [state(10, .running), instant, state(20, .holdingLock), state(35, .done)])
        #expect(track.slices(until: 100) == [
            .init(state: .running, start: 10, end: 20, cpu: 1, object: .none),
            .init(state: .holdingLock, start: 20, end: 35, cpu: 1, object: .none),
        ])
        let open = Track(info: track.info, events: [state(10, .sleeping)])
        #expect(open.slices(until: 50) == [.init(state: .sleeping, start: 10, end: 50, cpu: 1, object: .none)])
        #expect(track.doneTime == 35)
    }

    @Test func objectsAreInternedOnce() {
        let recorder = Recorder()
        let lock = recorder.object("lock")
        #expect(recorder.object("lock") == lock)
        #expect(recorder.object("other") != lock)
        let recording = recorder.snapshot()
        #expect(recording.name(of: lock) == "lock")
        #expect(recording.name(of: .none) == nil)
    }
}
