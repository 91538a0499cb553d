import Testing
import TutorEngine
import TutorLessons
@testable import TutorUI

/// `tutor --curves`: the student's own light curves go to the demos that search light curves,
/// unless a lesson names files itself; other demos are not touched.
@Suite struct OwnFilesTests {
    static let lesson = try! LessonParser.parse(Array("""
        ---
        id: pool
        title: A pool
        demo: pool --processes 1
        demo: pool --files lessons/own
        demo: locks --threads 2
        question: Is each file done once?
        choice: yes | each_file_once == 1
        choice: no | each_file_once == 0
        ---
        Text.
        """.utf8), file: "pool.md").get()

    func state(files: [String]) -> AppState {
        var state = AppState(width: 80, height: 24, unicode: true, lessons: [Self.lesson], invalidLessons: [],
                             demos: catalog, progress: Progress(), startAt: "pool")
        state.ownFiles = files
        return state
    }

    @Test func theStudentsFilesGoToThePoolAndItsQuestionIsLeftForTheSamples() {
        var state = self.state(files: ["/data/ztf", "/data/tess.fits"])
        // The question is written for the samples: with other files, the run starts at once.
        #expect(update(&state, .key(.character("r"))) == [.startRun(demo: "pool",
            arguments: ["--processes", "1", "--files", "/data/ztf", "/data/tess.fits"], mode: PoolDemo().watch.paced(1))])
        #expect(state.overlay == nil)
    }

    @Test func aLessonsOwnFilesAndOtherDemosAreLeftAlone() {
        var state = self.state(files: ["/data/ztf"])
        state.demoIndex = 1
        #expect(state.selectedDemo?.arguments == ["--files", "lessons/own"])
        state.demoIndex = 2
        #expect(state.selectedDemo?.arguments == ["--threads", "2"])
        var samples = self.state(files: [])
        #expect(samples.selectedDemo?.arguments == ["--processes", "1"])
        #expect(update(&samples, .key(.character("r"))).isEmpty, "with the samples, the question comes first")
    }
}
