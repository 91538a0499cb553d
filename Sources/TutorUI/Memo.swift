import TutorEngine

/// Remembers results of costly pure computations by key, so `render` stays a pure function of
/// state while a frame does not redo what the last frame did: laying out a lesson's text, or
/// summarising a recording of millions of events that has not changed. Safe from any thread.
final class Memo<Value>: @unchecked Sendable {
    private let lock = PthreadMutex()
    private var values: [String: Value] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for key: String, _ make: () -> Value) -> Value {
        if let known = lock.withLock({ values[key] }) { return known }
        let made = make()
        lock.withLock {
            if values.count >= capacity { values.removeAll() }
            values[key] = made
        }
        return made
    }
}
