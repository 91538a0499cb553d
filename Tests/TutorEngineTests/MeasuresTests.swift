import Testing
@testable import TutorEngine

/// Lesson questions compare a demo's measured values by name, so each demo must report exactly
/// the values it declares.
@Suite struct MeasuresTests {
    static let quick: [String: [String]] = [
        "pool": ["--processes", "2", "--nfreq", "200"],
        "locks": ["--threads", "2"],
        "concurrency": ["--tasks", "2", "--seconds", "0"],
        "parallelism": ["--tasks", "2", "--seconds", "0"],
        "gil": ["--units", "5"],
        "data-structures": ["--items", "1000"],
    ]

    @Test(arguments: runnableDemoIDs)
    func aDemoReportsExactlyWhatItMeasures(id: String) throws {
        let demo = try #require(DemoCatalog.demo(id))
        let (_, status) = try runToEnd(demo, Self.quick[id] ?? [])
        let outcome = try #require(status.outcome, "\(status)")
        #expect(Set(outcome.values.keys) == Set(demo.measures))
    }
}
