import Foundation
import Testing
import TutorEngine
import TutorRuntime
import TutorUI

/// The runtime carries out effects on the real engine and reports what came of them as
/// messages; checked here without a terminal. Only thread demos run: worker processes would be
/// this test binary re-run, not `tutor`.
@Suite struct AppRuntimeTests {
    /// A private folder for one test's files, removed when the test ends.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-runtime-\(UUID())").path

        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    func runtime(_ folder: Folder) -> AppRuntime {
        AppRuntime(progressStore: ProgressStore(path: folder.path + "/state/progress.json"), traceFolder: folder.path)
    }

    /// Polls until `done` says so of the messages so far, for at most `seconds`.
    func poll(_ runtime: AppRuntime, within seconds: Double = 30, until done: ([Message]) -> Bool) -> [Message] {
        var messages: [Message] = []
        let deadline = Date().addingTimeInterval(seconds)
        while !done(messages), Date() < deadline {
            messages += runtime.poll()
            usleep(2_000)
        }
        return messages
    }

    static func snapshots(_ messages: [Message]) -> [RunSnapshot] {
        messages.compactMap { if case .run(let snapshot) = $0 { snapshot } else { nil } }
    }

    @Test func aRunIsReportedUntilItEndsThenItsTraceIsExported() throws {
        let folder = try Folder()
        let runtime = runtime(folder)
        defer { runtime.shutDown() }
        #expect(runtime.perform([.startRun(demo: "locks", arguments: ["--threads", "3", "--increments", "50"], mode: .fast)]).isEmpty)
        let messages = poll(runtime) { Self.snapshots($0).last?.status != .running && !Self.snapshots($0).isEmpty }
        let last = try #require(Self.snapshots(messages).last)
        guard case .completed(let outcome, let checks) = last.status else {
            Issue.record("the run did not complete: \(last.status)")
            return
        }
        #expect(outcome.values["counter"] == 150 && checks.allSatisfy(\.passed))
        #expect(last.recording.tracks.count == 4, "main and three threads")
        #expect(Self.snapshots(runtime.poll()).isEmpty, "nothing more once the end was reported")

        // Written on its own thread: the effect says where, a poll says when it is whole.
        let started = runtime.perform([.exportTrace])
        guard case .exportStarted(let shown) = started.first else {
            Issue.record("export reported \(started)")
            return
        }
        let finished = poll(runtime) { $0.contains { if case .traceExported = $0 { true } else { false } } }
        guard case .traceExported(let path) = finished.last else {
            Issue.record("export ended with \(finished)")
            return
        }
        #expect(path == shown && path.hasPrefix(folder.path + "/locks-") && path.hasSuffix(".json"), "\(path)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((json?["traceEvents"] as? [Any])?.isEmpty == false)
    }

    /// Ending the app while a trace is written leaves a whole trace or none: never a part.
    /// A signal stops the write (`shutDown(stopping:)`); quitting lets it finish.
    @Test func shuttingDownDuringAnExportLeavesNoPartOfAFile() throws {
        for stopping in [true, false] {
            let folder = try Folder()
            let runtime = runtime(folder)
            _ = runtime.perform([.startRun(demo: "locks", arguments: ["--threads", "4", "--increments", "20000"], mode: .fast)])
            _ = poll(runtime, within: 120) { Self.snapshots($0).last.map { $0.status != .running } ?? false }
            let started = runtime.perform([.exportTrace])
            #expect({ if case .exportStarted = started.first { true } else { false } }(), "\(started)")
            runtime.shutDown(stopping: stopping)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "state" }
            #expect(!files.contains { $0.hasPrefix(".tutor-trace-") }, "a hidden part was left: \(files)")
            if !stopping { #expect(files.count == 1, "quitting finishes the trace: \(files)") }
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + file))
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(file) is not a whole trace")
            }
        }
    }

    @Test func aSteppedRunMovesOnlyWhenAWorkerIsGranted() throws {
        let folder = try Folder()
        let runtime = runtime(folder)
        defer { runtime.shutDown() }
        _ = runtime.perform([.startRun(demo: "locks", arguments: ["--threads", "2", "--no-lock"], mode: .stepping)])
        let waiting = poll(runtime) { Self.snapshots($0).last?.nextSteps.count == 2 }
        let steps = try #require(Self.snapshots(waiting).last?.nextSteps)
        #expect(steps.values.allSatisfy { $0 == "read counter" }, "\(steps)")
        let worker = try #require(steps.keys.min())
        _ = runtime.perform([.step(worker: worker)])
        let after = poll(runtime) { Self.snapshots($0).last?.nextSteps[worker]?.hasPrefix("write counter") == true }
        #expect(Self.snapshots(after).last?.nextSteps[worker] == "write counter = 1")
        _ = runtime.perform([.cancelRun])
        #expect(Self.snapshots(runtime.poll()).isEmpty, "a cancelled run is gone")
    }

    @Test func repeatsReportEachRunsValues() throws {
        let folder = try Folder()
        let runtime = runtime(folder)
        defer { runtime.shutDown() }
        _ = runtime.perform([.startRepeats(demo: "locks", arguments: ["--threads", "2", "--increments", "10"], count: 3)])
        let messages = poll(runtime) { $0.count >= 3 }
        let values = messages.compactMap { if case .repeatResult(let values, _) = $0 { values } else { nil } }
        #expect(values.count == 3 && values.allSatisfy { $0["counter"] == 20 && $0["expected"] == 20 })
        usleep(100_000)
        #expect(runtime.poll().isEmpty, "no fourth run")
        _ = runtime.perform([.cancelRepeats])
    }

    @Test func failuresComeBackAsMessages() throws {
        let folder = try Folder()
        let runtime = runtime(folder)
        defer { runtime.shutDown() }
        let unknown = runtime.perform([.startRun(demo: "no-such-demo", arguments: [], mode: .fast)])
        #expect(unknown.count == 1 && { if case .runFailed(let text) = unknown[0] { text.contains("no-such-demo") } else { false } }())
        let bad = runtime.perform([.startRun(demo: "locks", arguments: ["--threads", "0"], mode: .fast)])
        #expect(bad.count == 1 && { if case .runFailed(let text) = bad[0] { text.hasPrefix("could not start locks") } else { false } }())
        let export = runtime.perform([.exportTrace])
        #expect(export.count == 1 && { if case .failed = export[0] { true } else { false } }())
    }

    /// A trace folder that cannot be made says which part is in the way, before the path.
    @Test func aTraceFolderInTheWayIsNamed() throws {
        let folder = try Folder()
        try Data().write(to: URL(fileURLWithPath: folder.path + "/blocked"))
        let runtime = AppRuntime(progressStore: nil, traceFolder: folder.path + "/blocked/traces")
        defer { runtime.shutDown() }
        _ = runtime.perform([.startRun(demo: "threads", arguments: [], mode: .fast)])
        _ = poll(runtime) { Self.snapshots($0).last.map { $0.status != .running } ?? false }
        let failed = runtime.perform([.exportTrace])
        guard case .exportFailed(let reason) = failed.first else {
            Issue.record("export reported \(failed)")
            return
        }
        #expect(reason == "no trace written: \(folder.path)/blocked is not a folder")
    }

    @Test func progressIsSavedAsTheEffectCarriesIt() throws {
        let folder = try Folder()
        let runtime = runtime(folder)
        var progress = Progress()
        progress.visited = ["locks"]
        #expect(runtime.perform([.saveProgress(progress)]).isEmpty)
        #expect(ProgressStore(path: folder.path + "/state/progress.json").load() == (progress, nil))
        // A file where the state folder should be: the save fails, and says so.
        try Data().write(to: URL(fileURLWithPath: folder.path + "/blocked"))
        let blocked = AppRuntime(progressStore: ProgressStore(path: folder.path + "/blocked/progress.json"))
        let failed = blocked.perform([.saveProgress(progress)])
        #expect(failed.count == 1 && { if case .failed = failed[0] { true } else { false } }())
    }

    /// A lesson's Python block runs in real CPython from the runtime's scratch folder, which
    /// is gone after shut-down; repeats of it report each run's values.
    @Test func aPythonBlockRunsAndRepeats() throws {
        let folder = try Folder()
        let runtime = runtime(folder)
        let spec = ProgramSpec(label: "python block 1", source: .python("import threading\nprint('Counter:', 7)\n"),
                               workingDirectory: folder.path)
        #expect(runtime.perform([.startProgram(spec, mode: .fast)]).isEmpty)
        let messages = poll(runtime) { Self.snapshots($0).last.map { $0.status != .running } ?? false }
        let last = try #require(Self.snapshots(messages).last)
        guard case .completed(let outcome, _) = last.status else {
            Issue.record("\(last.status)")
            return
        }
        #expect(outcome.values["exit_status"] == 0 && outcome.values["printed_number"] == 7)
        #expect(last.recording.output.map(\.text) == ["Counter: 7"])
        #expect(last.recording.tracks.first?.info.name == "MainThread")
        _ = runtime.perform([.startProgramRepeats(spec, count: 2)])
        let repeats = poll(runtime) { $0.count >= 2 }.compactMap { if case .repeatResult(let values, _) = $0 { values } else { nil } }
        #expect(repeats.count == 2 && repeats.allSatisfy { $0["printed_number"] == 7 })
        let scratch = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        runtime.shutDown()
        let after = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        #expect(after.filter { $0.hasPrefix("tutor-blocks-") }.count < scratch.filter { $0.hasPrefix("tutor-blocks-") }.count,
                "the scratch folder is removed")
    }
}
