import Foundation
import Testing
@testable import TutorEngine
import TutorLessons

/// The lessons that ship in `Lessons/`: all valid, covering every demo, their Python runnable.
@Suite struct ShippedLessonsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let library = LessonLibrary.load(root.appendingPathComponent("Lessons").path)

    @Test func everyShippedLessonPassesTheCheck() {
        #expect(Self.library.problems.isEmpty, "\(Self.library.problems.map(\.description).joined(separator: "\n"))")
        #expect(Self.library.lessons.map(\.id) == [
            "pool", "jobs", "threads", "locks", "semaphores", "conditions", "deadlock", "concurrency", "gil", "data-structures",
            "summary",
        ])
    }

    @Test func everyDemoTheEngineListsIsUsedByALesson() {
        let used = Set(Self.library.lessons.flatMap { $0.demos.map(\.id) })
        #expect(Set(DemoCatalog.all.map(\.id)).subtracting(used).isEmpty)
    }

    /// Every fenced python block, with the lesson it came from.
    static var pythonBlocks: [(file: String, index: Int, code: String)] {
        library.lessons.flatMap { lesson in
            lesson.body.compactMap { block -> [String]? in
                if case .code("python", let lines) = block { return lines }
                return nil
            }.enumerated().map { ((lesson.file as NSString).lastPathComponent, $0.offset + 1, $0.element.joined(separator: "\n")) }
        }
    }

    /// The lessons' examples import numpy: without it every block would fail for that alone.
    static let numpyProblem: String? = {
        let found = system("python3 -c 'import numpy' >/dev/null 2>&1") == 0
        return found ? nil : "python3 has no numpy, which the lessons' examples use: apt-get install python3-numpy (or pip install numpy)"
    }()

    @Test func everyPythonBlockRunsAndExitsZero() throws {
        if let problem = Self.numpyProblem { Issue.record(Comment(rawValue: problem)); return }
        let blocks = Self.pythonBlocks
        #expect(blocks.count >= 9)
        for block in blocks {
            let result = try runPython(block.code, in: Self.root.path, timeout: 60)
            #expect(result.status == 0, "\(block.file) block \(block.index): \(result.errors)")
        }
    }

    /// Every block also runs under observation (/proc sampling and the probe), as the app runs
    /// it, and ends by itself with status 0 well within its minute.
    @Test func everyPythonBlockRunsUnderObservation() throws {
        if let problem = Self.numpyProblem { Issue.record(Comment(rawValue: problem)); return }
        let python = try PythonInterpreter.resolve("python3")
        for block in Self.pythonBlocks {
            let script = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-observed-\(UUID().uuidString).py")
            try block.code.write(to: script, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: script) }
            let demo = ObservedProgramDemo(command: [python, script.path], captured: true, workingDirectory: Self.root.path)
            let run = try DemoRun.start(demo, parameters: ParameterValues([]), mode: .fast)
            let due = MonotonicClock.now() + 60_000_000_000
            while !run.isFinished, MonotonicClock.now() < due { usleep(10_000) }
            if !run.isFinished { run.cancel() }
            let status = run.wait()
            guard case .completed(let outcome, _) = status else {
                Issue.record("\(block.file) block \(block.index): \(status)")
                continue
            }
            let output = run.recorder.snapshot().output.suffix(5).map(\.text)
            #expect(outcome.values["exit_status"] == 0, "\(block.file) block \(block.index): \(outcome.result) \(output)")
        }
    }

    /// The blocks that start processes also run under spawn, the start method of macOS and
    /// Windows (and, as forkserver, of Linux from 3.14): the child re-imports the script.
    @Test func everyMultiprocessingBlockRunsUnderSpawn() throws {
        if let problem = Self.numpyProblem { Issue.record(Comment(rawValue: problem)); return }
        let blocks = Self.pythonBlocks.filter { $0.code.contains("multiprocessing") || $0.code.contains("ProcessPoolExecutor") }
        #expect(blocks.count >= 3)
        let prelude = "import multiprocessing\nmultiprocessing.set_start_method(\"spawn\", force=True)\n"
        for block in blocks {
            let result = try runPython(prelude + block.code, in: Self.root.path, timeout: 120)
            #expect(result.status == 0, "\(block.file) block \(block.index) under spawn: \(result.errors)")
        }
    }

    /// A sentence of a lesson's prose that reports a measured figure (took, gave, printed, lost
    /// … with a time, a ratio, a share or a count of runs) says where it comes from: a date
    /// and machine, the demo that shows it (`(\`demo\`)`), or the student's own run (`x`).
    @Test func everyMeasuredFigureInTheProseNamesItsSource() throws {
        let figure = try NSRegularExpression(pattern: #"\d[\d,.]*\s*(ms|µs|s|%|x|×)(?![\w])|\b\d[\d,]* of (\d[\d,]*|ten|twenty)\b"#)
        let measured = try NSRegularExpression(pattern: #"\b(took|gave|printed|lost|came out|measured|ran)\b"#)
        let source = try NSRegularExpression(pattern: #"20\d\d|press `x`|your own|yours|\(`[a-z-]+`"#)
        func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
            pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        for lesson in Self.library.lessons {
            let prose: [[Inline]] = lesson.body.flatMap { block -> [[Inline]] in
                switch block {
                case .paragraph(let spans): [spans]
                case .list(let items): items
                case .heading, .code: []
                }
            }
            for spans in prose {
                let paragraph = spans.map { span in
                    switch span {
                    case .text(let text), .emphasis(let text): text
                    case .code(let code): "`" + code + "`"
                    }
                }.joined()
                for sentence in paragraph.components(separatedBy: ". ") where matches(figure, sentence) && matches(measured, sentence) {
                    #expect(matches(source, paragraph), "\((lesson.file as NSString).lastPathComponent): a measured figure with no source: \(sentence)")
                }
            }
        }
    }

    @Test func multiprocessingExamplesHaveTheMainGuard() {
        for block in Self.pythonBlocks where block.code.contains("multiprocessing") {
            #expect(block.code.contains("if __name__ == \"__main__\":"), "\(block.file) block \(block.index)")
        }
    }

    /// Runs `code` with python3 in `folder`; kills it after `timeout` seconds.
    ///
    /// Spawned with the engine's `ChildProcess`, which starts it with no blocked signals: a
    /// test thread's blocked signals would otherwise be inherited, and a `Pool` whose workers
    /// cannot receive SIGTERM never finishes closing.
    func runPython(_ code: String, in folder: String, timeout: Double) throws -> (status: Int32, errors: String) {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-lesson-\(UUID().uuidString).py")
        try code.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "cd '\(folder)' && exec python3 '\(script.path)'"], environment: [:])
        child.closeInput()
        let output = OutputCollector()
        let reader = OSThread { while let line = child.readLine() { output.append(line) } }
        try reader.start()
        guard let ended = child.reap(within: timeout) else {
            child.reap(terminatingWithGrace: 1)
            reader.join()
            return (-1, "timed out after \(timeout) s")
        }
        reader.join()
        let status: Int32 = if case .exited(let code) = ended { code } else { -1 }
        return (status, output.lines.suffix(20).joined(separator: "\n"))
    }
}

/// Lines a reader thread collects.
private final class OutputCollector: @unchecked Sendable {
    private let lock = PthreadMutex()
    private var collected: [String] = []
    func append(_ line: String) { lock.withLock { collected.append(line) } }
    var lines: [String] { lock.withLock { collected } }
}
