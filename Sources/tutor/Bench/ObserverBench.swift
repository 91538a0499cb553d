import Foundation
import TutorEngine
import TutorLessons

/// What watching real CPython costs: the GIL lesson's first Python block (two threads
/// counting), run plainly and under observation, interleaved, so both see the same machine.
/// Reports the sampler's own CPU time per thread sample, the samples it took per second, and
/// how much longer the observed run took (the probe and the sampler together).
struct ObserverBench {
    let lessons: LessonLibrary
    let python: String

    struct Figures {
        var microsecondsPerThreadSample: Samples
        var samplesPerSecond: Samples
        /// Observed wall time ÷ plain wall time, pair by pair.
        var slowdown: Samples
    }

    func measure(runs: Int) throws -> Figures {
        guard let lesson = lessons.lessons.first(where: { $0.id == "gil" }), let code = lesson.pythonBlocks.first else {
            throw BenchError.missingLesson("gil")
        }
        let interpreter = try PythonInterpreter.resolve(python)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("block.py").path
        try code.write(toFile: script, atomically: true, encoding: .utf8)
        var cost: [Double] = [], rate: [Double] = [], slowdown: [Double] = []
        for _ in 0..<max(1, runs) {
            let plain = try Self.plainSeconds(interpreter, script)
            let run = try DemoRun.start(ObservedProgramDemo(command: [interpreter, script], captured: true),
                                        parameters: ParameterValues([]), mode: .fast)
            guard case .completed(let outcome, _) = run.wait(), let wall = outcome.values["wall_seconds"],
                  let perSample = outcome.values["sampler_us_per_thread_sample"],
                  let samples = outcome.values["samples_per_second"] else { throw BenchError.demoFailed("python") }
            cost.append(perSample)
            rate.append(samples)
            slowdown.append(wall / plain)
        }
        return Figures(microsecondsPerThreadSample: Samples(values: cost), samplesPerSecond: Samples(values: rate),
                       slowdown: Samples(values: slowdown))
    }

    /// The script's wall time without tutor watching (spawn to exit, as the observed run counts).
    private static func plainSeconds(_ interpreter: String, _ script: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [script]
        process.standardOutput = FileHandle.nullDevice
        let start = MonotonicClock.now()
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.demoFailed("python") }
        return Double(MonotonicClock.now() - start) / 1e9
    }
}
