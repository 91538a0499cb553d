import Foundation
import Synchronization
import TutorEngine
import TutorUI

/// One trace being written on its own thread, so the app keeps drawing and answering keys
/// while a long run's trace is streamed to its file (it froze the screen for a minute when the
/// write was done on the main loop's thread).
final class TraceExport {
    /// What the export thread and the main loop share.
    private final class Shared: @unchecked Sendable {
        let lock = PthreadMutex()
        /// The message for `update` once the file is written or the write failed.
        var outcome: Message?
        let stop = Atomic<Bool>(false)
    }

    private let shared = Shared()
    private let thread: OSThread

    /// Starts writing `recording` to `path`; the target was checked by the caller.
    init(_ recording: Recording, _ info: ChromeTrace.RunInfo, to target: TraceTarget, shownAs shown: String) throws {
        thread = OSThread { [shared] in
            let outcome: Message
            do throws(TraceTargetError) {
                try target.write { (descriptor: Int32) throws(ChromeTrace.WriteError) in
                    try ChromeTrace.write(recording, info, to: descriptor, stop: { shared.stop.load(ordering: .relaxed) })
                }
                outcome = .traceExported(path: shown)
            } catch {
                outcome = .exportFailed(error.description)
            }
            shared.lock.withLock { shared.outcome = outcome }
        }
        try thread.start()
    }

    /// The result, once: nil while the trace is still being written.
    func finished() -> Message? {
        shared.lock.withLock {
            defer { shared.outcome = nil }
            return shared.outcome
        }
    }

    /// Waits for the file to be whole; with `stopping`, asks the write to stop first, so
    /// nothing but a complete trace is ever left (a stopped write removes its new file).
    func end(stopping: Bool) {
        if stopping { shared.stop.store(true, ordering: .relaxed) }
        thread.join()
    }
}
