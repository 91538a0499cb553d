/// One lesson's example, made observable: it runs for real on OS threads or processes and
/// records every worker's states through its `DemoContext`.
///
/// A demo's `run` returns the example's result; its `checks` then judge the recording against
/// the invariants the lesson teaches (exact counter, at most K inside, nothing lost), so the
/// summary a student reads and the tests use the same definitions.
public protocol Demo: Sendable {
    var id: String { get }
    var title: String { get }
    var parameters: [ParameterSpec] { get }
    /// The names of the values its outcome reports, which lesson questions may compare.
    var measures: [String] { get }
    /// What the app watches in this demo's runs: declared here, so renaming a demo's object
    /// or measure cannot silently switch off the moment a lesson is built around.
    var watch: DemoWatch { get }
    /// The name of the lane of the thread that runs the demo (`main`, as in the examples), or
    /// nil for no lane: an observed program's lanes are its own threads, not tutor's.
    var coordinatorName: String? { get }
    /// Refuses values that are each within range but do not go together (`--fmin` above
    /// `--fmax`), before anything runs.
    func validate(_ parameters: ParameterValues) throws(ParameterError)
    func run(_ context: DemoContext) throws -> DemoOutcome
    func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check]
}

extension Demo {
    public func checks(_ recording: Recording, _ outcome: DemoOutcome, _ parameters: ParameterValues) -> [Check] {
        []
    }

    public var defaultParameters: ParameterValues { ParameterValues(parameters) }

    public func validate(_ parameters: ParameterValues) throws(ParameterError) {}

    public var coordinatorName: String? { "main" }
}

/// What a demo computed: its result in the example's words ("Counter: 10") and named values.
public struct DemoOutcome: Sendable, Equatable {
    public var result: String
    public var values: [String: Double]
    /// What went wrong in the run that its exit status alone would not say (a deadlock among an
    /// observed program's threads): `tutor run` prints it and exits non-zero.
    public var alert: String?
    /// Measures this run could not take cleanly (on a busy machine, a wall time and any
    /// speed-up made from it), with why in `caution`: they are shown flagged, and a prediction
    /// that compares them is not judged.
    public var unreliable: Set<String>
    public var caution: String?

    public init(result: String, values: [String: Double] = [:], alert: String? = nil,
                unreliable: Set<String> = [], caution: String? = nil) {
        self.result = result
        self.values = values
        self.alert = alert
        self.unreliable = unreliable
        self.caution = caution
    }
}

/// One invariant judged on a recording, with the evidence in words.
public struct Check: Sendable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String

    public init(_ name: String, _ passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// What the app looks for in a demo's runs, by the names the demo records and reports.
public struct DemoWatch: Sendable, Equatable {
    /// The shared counter (a recorded object) whose lost writes the live view points out.
    public var lostWrites: String?
    /// The measure a run without a race would give, marked on the histogram.
    public var expected: String?
    /// The measure `h` plots over repeated runs; nil when repeating the demo shows nothing.
    public var histogram: String?
    /// Whether the live view looks for a cycle of lock waits (`WaitForGraph`) and names it.
    public var deadlocks: Bool
    /// Seconds a visible step takes at speed 1: longer than `PacerMode.defaultStepSeconds`
    /// for a demo of few steps, which would be over before a student could look.
    public var stepSeconds: Double

    public init(lostWrites: String? = nil, expected: String? = nil, histogram: String?, deadlocks: Bool = false,
                stepSeconds: Double = PacerMode.defaultStepSeconds) {
        self.lostWrites = lostWrites
        self.expected = expected
        self.histogram = histogram
        self.deadlocks = deadlocks
        self.stepSeconds = stepSeconds
    }

    /// The paced mode at `speed` (1 is this demo's own pace).
    public func paced(_ speed: Double) -> PacerMode { .paced(stepSeconds: stepSeconds / speed) }
}
