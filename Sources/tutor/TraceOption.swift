import TutorEngine

/// `--trace FILE`, checked before anything runs: a path that cannot take the trace is a usage
/// error (exit 2) at once, not a failure after the run.
enum TraceOption {
    static func target(_ named: String?) throws -> TraceTarget? {
        guard let named else { return nil }
        do throws(TraceTargetError) { return try TraceTarget.check(named) } catch {
            throw UsageError("--trace: \(error.description)")
        }
    }
}
