/// Failures of the engine itself (as opposed to a demo's own results).
public enum EngineError: Error, CustomStringConvertible, Sendable {
    case threadCreation(status: Int32)
    case workerFailed(String)

    public var description: String {
        switch self {
        case .threadCreation(let status): "could not create a thread (pthread_create: \(status))"
        case .workerFailed(let message): message
        }
    }
}
