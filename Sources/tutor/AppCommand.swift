import ArgumentParser
import Foundation
import TutorAstro
import TutorEngine
import TutorLessons
import TutorLook
import TutorRuntime
import TutorTerminal
import TutorUI

/// Opens the course in the terminal: what `tutor` (and `swift run tutor`) does with no command.
struct AppOptions: ParsableArguments {
    @Option(help: "Open at this lesson (ids as `tutor list` prints them).")
    var lesson: String?

    @Option(help: "The lessons folder (default: $TUTOR_LESSONS, ./Lessons, the package's Lessons).")
    var lessons: String?

    @Flag(help: "Draw with ASCII only (also when the locale is not UTF-8).")
    var ascii = false

    @Option(help: "The Python that runs the lessons' Python blocks (x), looked up on PATH.")
    var python = "python3"

    /// Not `--files`, the demos' own name for it: the command's options are read before a
    /// subcommand's, and `tutor demo pool --files …` would lose its files to this.
    @Option(parsing: .upToNextOption,
            help: "Your own light curves (.lc, CSV/TSV tables, FITS; files or folders) for the demos that search light curves (the pool and the cluster), instead of the samples.")
    var curves: [String] = []

    /// For the tests of crash handling: crash on purpose once the first screen is drawn.
    @Flag(name: .customLong("crash-for-testing"), help: .hidden)
    var crashForTesting = false

    /// How the app ended: the signal that stopped it, if one did, and why the last save of
    /// progress failed, if it did.
    struct Ending {
        var signal: Int32?
        var unsaved: String?
    }

    /// Runs the app until the student quits or a signal stops it.
    func runApp() throws -> Ending {
        try checkFiles()
        if let problem = Self.terminalProblem(instead: "to run a demo without one, use `tutor demo <id> --plain` (see `tutor list`)") {
            throw problem
        }
        let library = try LessonFolder.load(lessons)
        if let lesson, !library.lessons.contains(where: { $0.id == lesson }) {
            throw UsageError("no lesson '\(lesson)': the lessons are " + library.lessons.map(\.id).joined(separator: ", "))
        }
        let unicode = !ascii && TerminalLocale.prepareForCurses()
        let course = (lessons: Set(library.lessons.map(\.id)),
                      demos: Set(DemoCatalog.all.map(\.id) + [ObservedProgramDemo.lessonDemoID]))
        let store = ProgressStore.standard(course: course)
        let (saved, warning) = store.load()
        let progress = saved.keeping(lessons: course.lessons, demos: course.demos)
        let terminal = try Terminal(color: OutputEnvironment.colorAllowed(ProcessInfo.processInfo.environment))
        defer { terminal.stop() }
        let size = terminal.size
        var state = AppState(width: size.width, height: size.height, unicode: unicode, lessons: library.lessons,
                             invalidLessons: library.invalidFiles.map(\.problem.description),
                             demos: DemoInfo.lessonDemos, progress: progress, startAt: lesson)
        state.notice = warning
        state.ownFiles = curves
        if state.screen == .lesson, let id = state.lesson?.id {
            state.progress.visited.insert(id)
            state.progress.lastLesson = id
        }
        let runtime = AppRuntime(progressStore: store, python: python)
        var loop = AppLoop(terminal: terminal, runtime: runtime, state: state, crashForTesting: crashForTesting)
        return Ending(signal: loop.run().stopSignal, unsaved: runtime.saveFailure)
    }

    /// Refuses `--curves` naming something that is not there, or holding no light curve,
    /// before the screen opens: a demo would only fail later, inside the app.
    private func checkFiles() throws {
        guard !curves.isEmpty else { return }
        let problems: [LightCurveError]
        do {
            problems = try PeriodSearch.filesAndProblems(curves).problems
        } catch {
            throw UsageError("--curves: \(error)")
        }
        if let first = problems.first { throw UsageError("--curves: \(first)") }
    }

    /// Why the app cannot start in this terminal, as a usage error; nil if it can.
    static func terminalProblem(instead: String) -> UsageError? {
        Terminal.unusableReason().map { UsageError("\($0): this needs an interactive terminal; \(instead)") }
    }
}

enum TerminalLocale {
    /// Sets the locale from the environment for curses; returns whether to draw Unicode: only
    /// when the environment names a UTF-8 locale, as `tutor demo` decides (`LANG=C` is a
    /// request for plain bytes). A UTF-8 locale that is named but not installed here falls
    /// back to C.UTF-8, or wide characters would come out blank.
    static func prepareForCurses() -> Bool {
        let name = setlocale(LC_ALL, "").map { String(cString: $0) } ?? ""
        guard OutputEnvironment.localeIsUTF8(ProcessInfo.processInfo.environment) else { return false }
        if OutputEnvironment.namesUTF8(name) { return true }
        return setlocale(LC_CTYPE, "C.UTF-8") != nil
    }
}
