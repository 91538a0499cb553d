import Dispatch
import Foundation

/// Turns SIGINT, SIGTERM and SIGHUP into a call of `cancel`, so a run can end its threads and
/// worker processes cleanly instead of dying with them still running.
final class SignalCancellation {
    private let sources: [DispatchSourceSignal]

    init(_ cancel: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: cancel)
            source.resume()
            return source
        }
    }

    func stop() {
        sources.forEach { $0.cancel() }
    }
}
