import TutorEngine
import TutorLessons
import TutorTimeline

/// The whole state of the app; `render` draws it and `update` changes it, nothing else.
public struct AppState: Sendable {
    public enum Screen: Equatable, Sendable {
        case lessonList
        case lesson
    }

    /// A window over the lesson screen that takes the keys until closed.
    public enum Overlay: Equatable, Sendable {
        case help
        /// Question `index` of the lesson, with the highlighted choice.
        case question(index: Int, selected: Int)
        case parameters(selected: Int)
    }

    public var width: Int
    public var height: Int
    public var unicode: Bool
    public var lessons: [Lesson]
    /// Lesson files that failed to load, each with its first problem, listed instead.
    public var invalidLessons: [String]
    /// The demos lessons may name, by id: what the UI needs to know of each.
    public let demos: [String: DemoInfo]
    public var screen: Screen = .lessonList
    public var current = 0
    public var listSelection = 0
    public var scroll = 0
    public var overlay: Overlay?
    public var progress: Progress
    /// Which of the lesson's demos the next run starts.
    public var demoIndex = 0
    /// The demo's arguments as the student edited them, per lesson and demo.
    public var editedArguments: [String: [String]] = [:]
    /// The student's own light curves (`tutor --curves`), given to every demo that searches
    /// light curves and was not given files by its lesson.
    public var ownFiles: [String] = []
    public var speed = 1.0
    public var run: RunView?
    public var coreView = false
    public var repeats: RepeatView?
    /// The student's answers to the lesson's questions so far, waiting for the run that judges them.
    public var answers: [Int] = []
    /// The parameters being edited in the parameter overlay.
    public var editing: ParameterValues?
    /// One line of news at the bottom: a saved trace, a warning.
    public var notice: String?
    /// `s` was pressed with no run: the next run starts in step mode, the student the scheduler
    /// from the first step (after the question, if the lesson asks one).
    public var stepOnStart = false
    /// A trace is being written (`e`): the loop polls until the runtime says it is done.
    public var exporting = false {
        didSet { if !exporting { quitAskedWhileExporting = false } }
    }
    /// `q` was pressed once while a trace was being written: the next one stops it and quits.
    public var quitAskedWhileExporting = false
    /// Set once the app is to end; the loop stops after carrying out the last effects.
    public private(set) var quitting = false
    /// The signal that ended the app (SIGINT, SIGTERM, SIGHUP), if one did: it exits 128 + it.
    public private(set) var stopSignal: Int32?
    /// The current lesson laid out for the text column: derived, kept by `update` so a frame
    /// does not lay the text out again.
    public internal(set) var lessonLayout: LessonLayout?

    public init(width: Int, height: Int, unicode: Bool, lessons: [Lesson], invalidLessons: [String],
                demos: [DemoInfo], progress: Progress, startAt lessonID: String? = nil) {
        self.width = width
        self.height = height
        self.unicode = unicode
        self.lessons = lessons
        self.invalidLessons = invalidLessons
        self.demos = Dictionary(demos.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.progress = progress
        let opening = lessonID ?? progress.lastLesson
        if let opening, let index = lessons.firstIndex(where: { $0.id == opening }) {
            current = index
            listSelection = index
            screen = .lesson
        }
        refreshDerived()
    }

    public var lesson: Lesson? { lessons.indices.contains(current) ? lessons[current] : nil }

    /// The demo the next run starts, with the arguments it will get and whether at full speed.
    public var selectedDemo: (id: String, arguments: [String], fast: Bool)? {
        guard let lesson, lesson.demos.indices.contains(demoIndex) else { return nil }
        let demo = lesson.demos[demoIndex]
        var arguments = editedArguments["\(lesson.id)#\(demoIndex)"] ?? demo.arguments
        let searchesFiles = demos[demo.id]?.parameters.contains { $0.name == Self.filesParameter && $0.kind == .paths } ?? false
        if !ownFiles.isEmpty, searchesFiles, !arguments.contains("--\(Self.filesParameter)") {
            arguments += ["--\(Self.filesParameter)"] + ownFiles
        }
        return (demo.id, arguments, demo.fast)
    }

    /// Whether `r` asks the lesson's question before the run: only for its first demo with the
    /// lesson's own parameters (questions are written for them; after `p`, or on the student's
    /// own files, they would mislead).
    public var asksQuestionFirst: Bool {
        guard let lesson, let demo = selectedDemo, demoIndex == 0, !lesson.questions.isEmpty else { return false }
        return demo.arguments == lesson.demos.first?.arguments
    }

    /// The parameter through which a demo takes light-curve files.
    static let filesParameter = "files"

    /// The smallest terminal the lesson screen is laid out for.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Whether a run is on in step mode: the student schedules its workers.
    public var isStepping: Bool { run?.mode == .stepping && run?.status == .running }

    /// Whether something moves on screen, so the loop must wake up without a key.
    /// A paused or stepped run is frozen (nothing to poll) except while a granted step is
    /// still under way.
    public var isAnimating: Bool {
        let running = run.map { run in
            guard run.status == .running else { return false }
            switch run.mode {
            case .fast, .paced: return true
            case .paused: return run.awaitingStep != nil
            // Stepping, the run moves on its own until every worker waits for the student (or
            // is blocked, idle or done): at the start, between steps, and while one computes.
            case .stepping: return run.awaitingStep != nil || run.nextSteps.isEmpty || run.hasWorkerOnItsWay
            }
        } ?? false
        return running || exporting || (repeats.map { !$0.isFinished } ?? false)
    }

    mutating func quit(signal: Int32? = nil) {
        quitting = true
        stopSignal = stopSignal ?? signal
    }

    /// Brings what is derived from the state (the lesson's layout, the run's digest) up to
    /// date with the screen size and the lesson shown.
    mutating func refreshDerived() {
        if let lesson, screen == .lesson {
            let width = ScreenLayout.lesson(self).text.width
            if lessonLayout?.matches(lesson, width: width, unicode: unicode) != true {
                lessonLayout = LessonLayout(lesson, width: width, unicode: unicode)
            }
        }
        if var run, case let columns = ScreenLayout.laneColumns(self, stepping: isStepping), run.digest.columns != columns {
            run.digest = RunDigest(run.recording, columns: columns, watching: run.watch.lostWrites, deadlocks: run.watch.deadlocks)
            self.run = run
        }
    }
}

/// What the UI needs to know of a demo: its parameters and what to watch in its runs.
public struct DemoInfo: Sendable {
    public var id: String
    public var parameters: [ParameterSpec]
    public var watch: DemoWatch

    public init(_ demo: any Demo) {
        id = demo.id
        parameters = demo.parameters
        watch = demo.watch
    }

    /// Every demo a lesson may name: the engine's, and a Python block of the lesson
    /// (`demo: python N`). For whoever builds the app's first state; `update` reads only the
    /// state's own copy.
    public static var lessonDemos: [DemoInfo] {
        (DemoCatalog.all + [ObservedProgramDemo(command: [], captured: true)]).map(DemoInfo.init)
    }
}

/// A demo run as the screen shows it.
public struct RunView: Sendable {
    public var demo: String
    public var arguments: [String]
    /// What the panel's header calls the run, when not its demo and arguments (a program's label).
    public var title: String?
    /// Whether pause, pace and step mode can hold it: every native demo, and a real program
    /// started held before its lines (`s`); one started at full speed runs untraced.
    public var steppable = true
    /// The lesson's Python block it runs (1-based), whose code shows where each thread is.
    public var pythonBlock: Int?
    /// The line of the block each thread last waited at, by worker: where it is now, inside
    /// that line, once let go (blocked on a lock, computing).
    public var lines: [Int: Int] = [:]
    public var watch: DemoWatch
    public var recording: Recording
    /// What the lanes draw, advanced with each snapshot.
    public var digest: RunDigest
    public var status: DemoRun.Status
    public var mode: PacerMode
    public var nextSteps: [Int: String] = [:]
    public var selectedWorker: Int?
    /// The worker granted a step whose step is not yet seen to be over.
    public var awaitingStep: Int?
    public var cpuTime: UInt64 = 0
    /// The student's answers to the lesson's questions, if they were asked before this run.
    public var answers: [Int]

    /// Whether a worker is computing or asleep, not waiting for a step: it moves by itself
    /// (main starting threads while another waits to be stepped), so the screen must follow
    /// it. Blocked and idle workers move only after a step, so they do not keep the loop awake.
    var hasWorkerOnItsWay: Bool {
        zip(recording.tracks, digest.frame.digests).contains { track, digest in
            guard nextSteps[track.info.id] == nil, let state = digest.current?.state else { return false }
            return state == .running || state == .sleeping
        }
    }

    public init(demo: String, arguments: [String], watch: DemoWatch, mode: PacerMode, answers: [Int], columns: Int) {
        self.demo = demo
        self.arguments = arguments
        self.watch = watch
        self.mode = mode
        self.answers = answers
        recording = Recording(origin: 0, end: 0)
        digest = RunDigest(columns: columns, watching: watch.lostWrites, deadlocks: watch.deadlocks)
        status = .running
    }
}

/// Many runs of a nondeterministic demo, and the values they measured.
public struct RepeatView: Sendable, Equatable {
    public var demo: String
    public var measure: String
    /// The measure whose value a run without a race would give, if the demo declares one.
    public var expectedMeasure: String?
    public var count: Int
    public var values: [Double] = []
    public var expected: Double?
    /// Runs whose value of the measure load made unreliable (a busy machine): said beside
    /// the plot, whose spread they widen.
    public var busyRuns = 0
    /// Runs that did not measure it (a Python block that printed no number): counted, so
    /// the histogram still ends, and said.
    public var unmeasured = 0

    public var isFinished: Bool { values.count + unmeasured >= count }
}
