import Testing
import TutorEngine
import TutorTimeline

/// The summary's "waited for" names only the threads that really waited for an object.
@Suite struct WaitsTests {
    func state(_ time: UInt64, _ state: WorkerState, _ object: UInt16 = 0) -> Event {
        Event(time: time, kind: .state, code: state.rawValue, object: ObjectID(rawValue: object), value: 0, cpu: 0)
    }

    func instant(_ time: UInt64, _ kind: InstantKind, _ object: UInt16) -> Event {
        Event(time: time, kind: .instant, code: kind.rawValue, object: ObjectID(rawValue: object), value: 0, cpu: 0)
    }

    /// Each of two deadlocked threads waits for the lock the other holds, though its own state
    /// says only that it waits (it still holds its first lock). A third passes through
    /// `waiting` for lock_a while nobody holds it: every acquire does, and it waited for nothing.
    @Test func onlyThreadsThatWaitedWhileAnotherHeldTheLockAreNamed() {
        var recording = Recording(origin: 0, end: 1_000_000)
        recording.objects = ["lock_a", "lock_b"]
        let (a, b): (UInt16, UInt16) = (1, 2)
        recording.tracks = [
            [state(0, .running), state(10, .waitingLock, a), instant(10, .acquire, a), state(10, .holdingLock, a),
             state(200_000, .waitingLock, b)],
            [state(0, .running), instant(100_000, .acquire, b), state(100_000, .holdingLock, b), state(300_000, .waitingLock, a)],
            [state(0, .waitingLock, a), instant(5, .acquire, a), state(5, .holdingLock, a), instant(8, .release, a), state(8, .done)],
        ].enumerated().map { index, events in
            Track(info: WorkerInfo(id: index, name: "Thread-\(index + 1)", kind: .thread, pid: 1, tid: Int32(10 + index)), events: events)
        }
        let text = Waits.text(recording)
        #expect(text.hasPrefix("lock_b 800.0 µs (Thread-1), lock_a 700.0 µs (Thread-2)"), "\(text)")
        #expect(!text.contains("Thread-3"), "\(text)")
    }
}
