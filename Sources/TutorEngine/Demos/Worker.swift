/// A worker's handle on the recorder and the pacer; its one thread records through it.
///
/// Every call records with a fresh `CLOCK_MONOTONIC` timestamp and the current CPU. To keep
/// timelines honest about exclusion, enter a holding state only after the acquire returned and
/// leave it before calling release.
public struct Worker: Sendable {
    public let id: Int
    let lane: Lane
    let recorder: Recorder
    let pacer: Pacer

    /// Records that the worker is now in `state`, involving `object`.
    @inline(__always)
    public func enter(_ state: WorkerState, _ object: ObjectID = .none) {
        record(.state, state.rawValue, object, 0)
    }

    /// Records an instant such as `acquire` or `produce`; `value` is the item, if any.
    @inline(__always)
    public func mark(_ instant: InstantKind, _ object: ObjectID = .none, value: Int = 0) {
        record(.instant, instant.rawValue, object, Int64(value))
    }

    /// Records the new value of a counter (the shared counter, the buffer fill, permits in use).
    @inline(__always)
    public func count(_ counter: ObjectID, _ value: Int) {
        record(.counter, 0, counter, Int64(value))
    }

    @inline(__always)
    private func record(_ kind: Event.Kind, _ code: UInt8, _ object: ObjectID, _ value: Int64) {
        lane.append(Event(time: MonotonicClock.now(), kind: kind, code: code, object: object,
                          value: value, cpu: MonotonicClock.currentCPU()))
    }

    /// Waits for the pacer before the visible step described by `label`. While pacing, the
    /// wait is recorded as a hold, so timelines can tell tutor's slow motion from the work.
    @inline(__always)
    public func checkpoint(_ label: @autoclosure () -> String) throws {
        guard pacer.isPacing else { return try pacer.checkpoint(id, label()) }
        record(.hold, 1, .none, 0)
        defer { record(.hold, 0, .none, 0) }
        try pacer.checkpoint(id, label())
    }

    /// Prints a line of the example's console output.
    public func print(_ text: String) {
        recorder.print(text, by: id)
    }

    /// Sleeps for real (state `sleeping`), returning to `then` (with `object`, the lock it still
    /// holds) afterwards; cancel wakes it. A sleep is drawn as one, off the CPU, even while a
    /// lock is held through it.
    public func sleep(seconds: Double, then state: WorkerState = .running, _ object: ObjectID = .none) throws {
        enter(.sleeping)
        defer { enter(state, object) }
        try pacer.sleep(seconds: seconds)
    }

    /// Whether the run has been cancelled (for loops around condition waits).
    public var isCancelled: Bool { pacer.isCancelled }
}
