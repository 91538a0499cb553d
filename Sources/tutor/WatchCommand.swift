import ArgumentParser
import Foundation
import TutorEngine
import TutorLessons
import TutorLook
import TutorRuntime
import TutorTerminal
import TutorUI

/// `tutor watch -- COMMAND [ARGS…]`: any program, live, in the full-screen view: its threads
/// and processes on the lanes and the per-core view as it runs. A Python script (`x.py`) runs
/// under the Python given; for Python programs the probe names threads and locks, for any
/// program /proc shows what each thread does. `q` ends the program and its whole tree.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Show a running program's threads and processes live, full screen.",
        discussion: "Everything after -- is the command: tutor watch -- python3 pipeline.py data/"
    )

    @Option(help: "The Python for a command that is a .py file, looked up on PATH.")
    var python = "python3"

    @Flag(help: "Draw with ASCII only (also when the locale is not UTF-8).")
    var ascii = false

    @Flag(help: "Hold every thread before each line of your Python code, for you to step as in the lessons (s, space).")
    var step = false

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func run() throws {
        guard !command.isEmpty else { throw UsageError("watch: name the command after --, e.g. tutor watch -- python3 pool.py") }
        let script = step ? Self.script(of: command) : nil
        if step, script == nil {
            throw UsageError("watch --step holds each line of a Python script: name one it can read, "
                             + "e.g. tutor watch --step -- python3 mine.py")
        }
        if let problem = AppOptions.terminalProblem(instead: "to run a script without one, use `tutor run SCRIPT.py`") {
            throw problem
        }
        let shown = command.joined(separator: " ")
        let lesson = try Self.lesson(for: shown, showing: script)
        let unicode = !ascii && TerminalLocale.prepareForCurses()
        let terminal = try Terminal(color: OutputEnvironment.colorAllowed(ProcessInfo.processInfo.environment))
        defer { terminal.stop() }
        let size = terminal.size
        let state = AppState(width: size.width, height: size.height, unicode: unicode, lessons: [lesson], invalidLessons: [],
                             demos: DemoInfo.lessonDemos, progress: Progress(), startAt: lesson.id)
        // Watching is not a lesson: nothing of it goes into the student's progress.
        var loop = AppLoop(terminal: terminal, runtime: AppRuntime(progressStore: nil, python: python), state: state,
                           crashForTesting: false)
        loop.opening = [.watch(ProgramSpec(label: shown, source: .command(command), workingDirectory: nil), stepped: step)]
        let final = loop.run()
        if let signal = final.stopSignal { throw ExitCode(128 + signal) }
        // As the program ended: its own status, or 130 when q stopped it.
        switch final.run?.status {
        case .completed(let outcome, _):
            if let code = outcome.values["exit_status"], code != 0 { throw ExitCode(Int32(code)) }
        case .cancelled: throw ExitCode(130)
        default: break
        }
    }

    /// The source of the command's Python script (its first `.py` argument), to show beside a
    /// stepped run; nil when there is none to read, or it would not read as one code block.
    static func script(of command: [String]) -> String? {
        guard let path = command.first(where: { $0.hasSuffix(".py") }),
              let source = try? String(contentsOfFile: path, encoding: .utf8), !source.contains("```") else { return nil }
        return source
    }

    /// The screen's text: what is watched and how to read it, and the script when it is stepped.
    static func lesson(for command: String, showing script: String? = nil) throws -> Lesson {
        let title = "Watching " + command.replacingOccurrences(of: "\n", with: " ")
        let text = """
            ---
            id: watch
            title: \(title)
            ---
            tutor runs this command as its child and looks at every thread of every process it
            starts, from outside, about a thousand times a second: running, waiting for the GIL,
            waiting for a lock or a condition, sleeping, or idle. For a Python program the probe
            tutor loads into it names the threads and the locks.

            - `c` shows the CPU cores instead of the threads;
            - `e` exports the run as a trace for Perfetto once it is over;
            - `q` ends the program and every process it started.
            """ + (script.map { """


                Stepped: every thread waits before each line of this code for you. Its row's key
                lets it run one line; `2▸` marks the line row 2 runs next, `2■` the line it is in.

                ```python
                \($0.hasSuffix("\n") ? String($0.dropLast()) : $0)
                ```
                """ } ?? "")
        return try LessonParser.parse(Array(text.utf8), file: "watch").get()
    }
}
