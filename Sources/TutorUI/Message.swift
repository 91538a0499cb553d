import TutorEngine

/// A key press, decoded by the terminal layer.
public enum Key: Equatable, Hashable, Sendable {
    case up, down, left, right, pageUp, pageDown, home, end, enter, escape, backspace, tab
    case character(Character)
}

/// Everything that can change the app's state: one `update` handles them all, on one thread.
/// The runtime reports every result of an effect back as one of these; it never writes the
/// state itself.
public enum Message: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// SIGINT, SIGTERM or SIGHUP arrived: stop the run, save, and end with 128 + the signal.
    case stop(signal: Int32)
    /// What the running demo has done since the last poll.
    case run(RunSnapshot)
    /// A repeated run of the histogram finished, having measured these values (by name), of
    /// which those `unreliable` names it could not measure cleanly (a busy machine).
    case repeatResult([String: Double], unreliable: Set<String>)
    /// The trace of the last run is being written to this path, on its own thread.
    case exportStarted(path: String)
    /// The trace of the last run was written to this path.
    case traceExported(path: String)
    /// The trace could not be written, in a line for the status bar.
    case exportFailed(String)
    /// Something the runtime was asked to do did not work, in a line for the status bar.
    case failed(String)
    /// The run or the repeats asked for could not start: they end, with this reason.
    case runFailed(String)
    /// Run this program under observation now (`tutor watch`); `stepped`, held before every
    /// line of the student's code from the start (`tutor watch --step`).
    case watch(ProgramSpec, stepped: Bool)
}

/// The engine's side of a demo run at one moment, as the runtime polls it.
public struct RunSnapshot: Sendable {
    public var recording: Recording
    public var status: DemoRun.Status
    public var mode: PacerMode
    /// Workers waiting at a checkpoint in step mode, with the step each will take.
    public var nextSteps: [Int: String]
    public var cpuTime: UInt64

    public init(recording: Recording, status: DemoRun.Status, mode: PacerMode, nextSteps: [Int: String], cpuTime: UInt64) {
        self.recording = recording
        self.status = status
        self.mode = mode
        self.nextSteps = nextSteps
        self.cpuTime = cpuTime
    }
}

/// A real program to run under observation: a lesson's Python block, or a command.
public struct ProgramSpec: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        /// Python source (a lesson's block), run by the Python tutor was given.
        case python(String)
        /// A command line (`tutor watch`), run as it is.
        case command([String])
    }

    /// What the run panel calls it: "python block 2".
    public var label: String
    public var source: Source
    /// Where it runs; tutor's own folder if nil.
    public var workingDirectory: String?

    public init(label: String, source: Source, workingDirectory: String?) {
        self.label = label
        self.source = source
        self.workingDirectory = workingDirectory
    }
}

/// What `update` asks the runtime to do; the runtime owns the engine and the disk. Each effect
/// carries all it needs, so the runtime never reads the state.
public enum Effect: Equatable, Sendable {
    case startRun(demo: String, arguments: [String], mode: PacerMode)
    case cancelRun
    case setMode(PacerMode)
    case step(worker: Int)
    case startRepeats(demo: String, arguments: [String], count: Int)
    /// A real program under observation: at full speed (`.fast`) it runs untraced at its own
    /// speed; in any other mode every line of the student's code waits for the pacer.
    case startProgram(ProgramSpec, mode: PacerMode)
    case startProgramRepeats(ProgramSpec, count: Int)
    case cancelRepeats
    case exportTrace
    case saveProgress(Progress)
}
