/// Recording around the OS primitives, so every demo marks lock and semaphore use the same way:
/// the holding state begins after the acquire returned and ends before the release is called,
/// so two holders never appear to overlap on a timeline.
extension Worker {
    /// Acquires `mutex`, recording `waiting-lock`, then `holding-lock` and an `acquire` instant.
    public func acquire(_ mutex: PthreadMutex, _ object: ObjectID) {
        enter(.waitingLock, object)
        mutex.lock()
        enter(.holdingLock, object)
        mark(.acquire, object)
    }

    /// Acquires `mutex` as `acquire` does, unless `giveUp` says so while it waits; then records
    /// `running` again and returns false.
    public func acquire(_ mutex: PthreadMutex, _ object: ObjectID, givingUpWhen giveUp: () -> Bool) -> Bool {
        enter(.waitingLock, object)
        guard mutex.lock(givingUpWhen: giveUp) else {
            enter(.running)
            return false
        }
        enter(.holdingLock, object)
        mark(.acquire, object)
        return true
    }

    /// Releases `mutex`, recording a `release` instant and `then` before the unlock.
    public func release(_ mutex: PthreadMutex, _ object: ObjectID, then state: WorkerState = .running) {
        mark(.release, object)
        enter(state)
        mutex.unlock()
    }

    /// Runs `body` holding `mutex` (Python's `with lock:`), releasing it however `body` exits.
    public func holding<T>(_ mutex: PthreadMutex, _ object: ObjectID, _ body: () throws -> T) rethrows -> T {
        acquire(mutex, object)
        defer { release(mutex, object) }
        return try body()
    }
}
