/// How the pacer lets workers past their checkpoints.
public enum PacerMode: Sendable, Equatable {
    /// No pacing: checkpoints cost an atomic load. For measurements.
    case fast
    /// Every visible step takes this many seconds, so a person can follow it.
    case paced(stepSeconds: Double)
    /// Nobody passes a checkpoint until the mode changes.
    case paused
    /// Only a worker granted a step passes, one checkpoint per grant: the student schedules.
    case stepping

    /// The paced mode for a speed factor: 1 is the default pace, 2 twice as fast.
    public static func speed(_ factor: Double) -> PacerMode {
        .paced(stepSeconds: defaultStepSeconds / factor)
    }

    /// The length of one visible step at speed 1.
    public static let defaultStepSeconds = 0.1
}

/// Thrown from a checkpoint or a paced sleep once the run is cancelled; workers let it
/// propagate, releasing what they hold on the way out.
public struct DemoCancelled: Error, Sendable {}
