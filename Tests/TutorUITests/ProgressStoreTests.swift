import Foundation
import Testing
@testable import TutorUI

@Suite final class ProgressStoreTests {
    /// This test's own folder, removed when the test ends (one instance per test).
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-progress-\(UUID())")

    deinit { try? FileManager.default.removeItem(at: folder) }

    func temporaryStore() throws -> ProgressStore {
        ProgressStore(path: folder.appendingPathComponent("tutor/progress.json").path)
    }

    @Test func progressSurvivesASaveAndLoad() throws {
        let store = try temporaryStore()
        var progress = Progress()
        progress.lastLesson = "locks"
        progress.visited = ["pool", "locks"]
        progress.answered["locks"] = true
        #expect(store.save(progress) == nil)
        let (loaded, warning) = store.load()
        #expect(loaded == progress && warning == nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (store.path as NSString).deletingLastPathComponent)
        #expect(leftovers == ["progress.json"], "the atomic write leaves no temporary file")
    }

    /// A file that cannot be read at all. (Made a folder, not chmod 000: CI runs as root,
    /// and root reads a file whatever its permissions.)
    @Test func anUnreadableFileIsMovedAsideWithAWarning() throws {
        let store = try temporaryStore()
        try FileManager.default.createDirectory(atPath: store.path + "/not-a-file", withIntermediateDirectories: true)
        let (loaded, warning) = store.load()
        #expect(loaded == Progress())
        #expect(warning?.contains("moved to \(store.path).corrupt-") == true)
        #expect(store.save(loaded) == nil, "and a fresh start can be saved")
        #expect(store.load() == (Progress(), nil))
    }

    @Test(arguments: ["", "{\"visited\": [", "\u{0}\u{1}garbage", "[1, 2, 3]"])
    func aCorruptFileIsMovedAsideWithAWarning(contents: String) throws {
        let store = try temporaryStore()
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try contents.write(toFile: store.path, atomically: true, encoding: .utf8)
        let (loaded, warning) = store.load()
        #expect(loaded == Progress())
        #expect(warning?.contains("moved to \(store.path).corrupt-") == true)
        #expect(!FileManager.default.fileExists(atPath: store.path))
        #expect(store.save(loaded) == nil, "and a fresh start can be saved")
    }

    /// Two instances on one state folder: each save keeps what the other saved.
    @Test func twoInstancesKeepEachOthersProgress() throws {
        let store = try temporaryStore()
        var first = Progress(), second = Progress()
        first.visited = ["pool"]
        first.answered["pool"] = true
        second.visited = ["locks"]
        second.lastLesson = "locks"
        #expect(store.save(first) == nil)
        #expect(store.save(second) == nil)
        let (loaded, _) = store.load()
        #expect(loaded.visited == ["pool", "locks"] && loaded.answered == ["pool": true] && loaded.lastLesson == "locks")
    }

    /// Ids foreign to the course in the file on disk are not merged back by a save: the file
    /// stays the course's size (60,000 of them once grew it past the limit, losing all).
    @Test func aSaveKeepsOnlyTheCoursesIdsFromTheFileOnDisk() throws {
        let plain = try temporaryStore()
        var foreign = Progress()
        foreign.visited = Set((0..<500).map { "old-lesson-\($0)" } + ["locks"])
        foreign.demosRun = ["no-such-demo", "locks"]
        #expect(plain.save(foreign) == nil)
        let store = ProgressStore(path: plain.path, course: (lessons: ["locks", "pool"], demos: ["locks"]))
        var mine = Progress()
        mine.visited = ["pool"]
        #expect(store.save(mine) == nil)
        let (loaded, _) = store.load()
        #expect(loaded.visited == ["locks", "pool"] && loaded.demosRun == ["locks"], "\(loaded.visited.count) visited")
    }

    @Test func aSymlinkedProgressFileStaysALink() throws {
        let store = try temporaryStore()
        let folder = (store.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let real = folder + "/elsewhere.json"
        try "{}".write(toFile: real, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: store.path, withDestinationPath: real)
        var progress = Progress()
        progress.visited = ["gil"]
        #expect(store.save(progress) == nil)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: store.path) == real)
        #expect(store.load().0.visited == ["gil"])
    }

    @Test func aHugeFileIsMovedAsideAndProgressKeepsOnlyTheCourse() throws {
        let store = try temporaryStore()
        var bloated = Progress()
        bloated.visited = Set((0..<60_000).map { "lesson-\($0)" } + ["pool"])
        bloated.demosRun = ["pool", "no-such-demo"]
        #expect(store.save(bloated) == nil)
        let (loaded, warning) = store.load()
        #expect(loaded == Progress())
        #expect(warning?.contains("MB, far more than progress takes: moved to") == true, "\(String(describing: warning))")
        let kept = bloated.keeping(lessons: ["pool", "locks"], demos: ["pool"])
        #expect(kept.visited == ["pool"] && kept.demosRun == ["pool"])
    }

    @Test func theStandardPlaceFollowsXDGStateHome() {
        #expect(ProgressStore.standard(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/s"]).path
                == "/x/state/tutor/progress.json")
        #expect(ProgressStore.standard(environment: ["HOME": "/home/s"]).path == "/home/s/.local/state/tutor/progress.json")
        #expect(ProgressStore.standard(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/s"]).path
                == "/home/s/.local/state/tutor/progress.json", "a relative XDG path is ignored, as the spec says")
    }
}
