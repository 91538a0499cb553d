import Foundation
import Testing
@testable import TutorEngine

/// The trace is streamed: every event once, in time order, valid JSON whatever the names
/// hold; an export that is stopped or fails leaves no file behind.
@Suite struct TraceExportTests {
    static func recording() throws -> Recording {
        let (recording, status) = try runToEnd(LocksDemo(), ["--threads", "3", "--increments", "50"])
        guard case .completed = status else { throw CancellationError() }
        return recording
    }

    static let info = ChromeTrace.RunInfo(demo: "locks", parameters: [("threads", "3"), ("quote\"and\\slash", "line\nbreak\u{1}")],
                                          result: "Counter: 150", pid: 42)

    @Test func everySliceInstantAndCounterIsWrittenOnceInTimeOrder() throws {
        let recording = try Self.recording()
        let data = try ChromeTrace.json(recording, Self.info)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(object["traceEvents"] as? [[String: Any]])
        let slices = recording.tracks.reduce(0) { $0 + $1.slices(until: recording.end).count }
        let marks = recording.tracks.reduce(0) { $0 + $1.events.filter { $0.kind == .instant || $0.kind == .counter }.count }
        #expect(events.filter { $0["ph"] as? String == "X" }.count == slices, "a slice per state, no pacing in a fast run")
        #expect(events.filter { ["i", "C"].contains($0["ph"] as? String) }.count == marks)
        let times = events.compactMap { $0["ph"] as? String == "M" ? nil : $0["ts"] as? Double }
        #expect(times == times.sorted())
        let other = try #require(object["otherData"] as? [String: Any])
        #expect((other["parameters"] as? [String: String])?["quote\"and\\slash"] == "line\nbreak\u{1}", "strings escaped and read back")
        #expect(other["result"] as? String == "Counter: 150")
    }

    @Test func microsecondsKeepEveryNanosecond() {
        #expect(JSONText.micros(1_234_567) == "1234.567")
        #expect(JSONText.micros(1_234_500) == "1234.5")
        #expect(JSONText.micros(2_000) == "2")
        #expect(JSONText.micros(7) == "0.007")
    }

    @Test func aStoppedExportLeavesNoFileBehind() throws {
        let recording = try Self.recording()
        let folder = try PrivateFolder.make("tutor-trace-test")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = try TraceTarget.check(folder + "/run.json")
        var asked = 0
        #expect(throws: TraceTargetError.self) {
            try target.write { (descriptor: Int32) throws(ChromeTrace.WriteError) in
                try ChromeTrace.write(recording, Self.info, to: descriptor, stop: { asked += 1; return true })
            }
        }
        #expect(asked >= 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "neither the trace nor its hidden partial file")
    }

    /// Stopped while writing over an existing file, the file keeps what it had: the trace is
    /// written beside it first and copied in only once whole.
    @Test func aStoppedExportLeavesAnExistingFileAsItWas() throws {
        let recording = try Self.recording()
        let folder = try PrivateFolder.make("tutor-trace-test")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "the old trace".write(toFile: folder + "/run.json", atomically: true, encoding: .utf8)
        let target = try TraceTarget.check(folder + "/run.json")
        #expect(throws: TraceTargetError.self) {
            try target.write { (descriptor: Int32) throws(ChromeTrace.WriteError) in
                try ChromeTrace.write(recording, Self.info, to: descriptor, stop: { true })
            }
        }
        #expect(try String(contentsOfFile: folder + "/run.json", encoding: .utf8) == "the old trace")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["run.json"], "no hidden part left")
        // Not stopped, the same target gets the whole trace, in the same file.
        var before = stat(), after = stat()
        stat(folder + "/run.json", &before)
        try target.write { (descriptor: Int32) throws(ChromeTrace.WriteError) in try ChromeTrace.write(recording, Self.info, to: descriptor) }
        stat(folder + "/run.json", &after)
        #expect(before.st_ino == after.st_ino)
        #expect((try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/run.json")))) != nil)
    }

    /// A link to nothing is refused: a new file renamed over it would replace the link.
    @Test func aLinkToNothingIsRefused() throws {
        let folder = try PrivateFolder.make("tutor-trace-test")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/dangling.json", withDestinationPath: folder + "/nowhere/new.json")
        #expect(throws: TraceTargetError.self) { try TraceTarget.check(folder + "/dangling.json") }
        #expect(TraceTarget.danglingLink(folder + "/dangling.json") == folder + "/nowhere/new.json")
    }

    @Test func aFullDiskIsAnErrorNotATruncatedTrace() throws {
        let recording = try Self.recording()
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        #expect(throws: ChromeTrace.WriteError.failed(ENOSPC)) { try ChromeTrace.write(recording, Self.info, to: descriptor) }
    }
}
