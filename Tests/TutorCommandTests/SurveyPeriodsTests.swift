import Foundation
import Testing
import TutorTestSupport

/// `tutor periods` on the files surveys give, through its worker processes, as a student runs it.
@Suite final class SurveyPeriodsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-survey-\(UUID())").path

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try SurveyFixtures.ztf().text.write(toFile: folder + "/ztf.csv", atomically: true, encoding: .utf8)
        let points = SurveyFixtures.points(800, seed: 9)
        try FITSFixture.write(folder + "/tess.fits", columns: [
            ("TIME", points.map { $0.time }), ("PDCSAP_FLUX", points.indices.map { $0 % 40 == 0 ? .nan : points[$0].value }),
            ("PDCSAP_FLUX_ERR", points.map { $0.error }), ("QUALITY", points.indices.map { $0 % 25 == 1 ? 4 : 0 }),
        ])
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    @Test func aFolderOfTablesAndFITSGivesEachPeriodAndWhatWasUsed() throws {
        let result = try Tutor.run(["periods", folder, "--band", "zr", "--json", "--peaks", "3", "--processes", "2"])
        #expect(result.status == 0, "\(result.errors)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(result.output.joined(separator: "\n").utf8)) as? [[String: Any]])
        #expect(records.count == 2)
        for record in records {
            let period = try #require(record["period"] as? Double)
            #expect(abs(period - SurveyFixtures.period) / SurveyFixtures.period < 0.005, "\(record)")
            let peaks = try #require(record["peaks"] as? [[String: Any]])
            #expect(peaks.count == 3)
            let powers = peaks.compactMap { $0["power"] as? Double }
            #expect(powers == powers.sorted(by: >) && powers[0] == record["power"] as? Double)
            let alarms = peaks.compactMap { $0["falseAlarm"] as? Double }
            #expect(alarms.count == 3 && alarms.allSatisfy { (0...1).contains($0) } && alarms == alarms.sorted())
        }
        let fits = try #require(records.first { ($0["file"] as? String)?.hasSuffix("tess.fits") == true })
        #expect(fits["used"] as? String == "TIME, PDCSAP_FLUX ± PDCSAP_FLUX_ERR: 748 of 800 rows (32 flagged, 20 missing or NaN)")
        let ztf = try #require(records.first { ($0["file"] as? String)?.hasSuffix("ztf.csv") == true })
        #expect((ztf["used"] as? String)?.hasPrefix("mjd, mag ± magerr, band zr: ") == true)
    }

    @Test func withoutABandTheTableFailsAloneAndSaysWhichBandsThereAre() throws {
        let result = try Tutor.run(["periods", folder])
        #expect(result.status == 1)
        #expect(result.output.contains { $0.contains("ztf.csv  error: ") && $0.contains("2 bands in one file") && $0.hasSuffix("pick one with --band NAME  pid " + ($0.split(separator: " ").last.map(String.init) ?? "")) })
        #expect(result.output.contains { $0.contains("tess.fits  period ") && $0.contains("  FAP ") })
        #expect(result.output.contains("    used TIME, PDCSAP_FLUX ± PDCSAP_FLUX_ERR: 748 of 800 rows (32 flagged, 20 missing or NaN)"))
    }

    @Test func aBaselineGridIsEachCurvesOwnAndPrinted() throws {
        let result = try Tutor.run(["periods", folder + "/tess.fits", "--baseline-grid", "--samples-per-peak", "10", "--fmax", "2"])
        #expect(result.status == 0, "\(result.errors)")
        let grid = try #require(result.output.first { $0.hasPrefix("    grid ") })
        // 60 nights at 10 samples per peak: a step of about 1/600 c/d, so about 1,200 frequencies up to 2 c/d.
        let count = try #require(Int(grid.split(separator: " ").dropLast().last!.replacingOccurrences(of: ",", with: "")))
        #expect((1_150...1_250).contains(count), "\(grid)")
    }

    @Test func tenMillionFrequenciesRunAndMoreThanMemoryAllowsIsRefused() throws {
        let large = try Tutor.run(["periods", folder + "/tess.fits", "--nfreq", "10000000", "--fmax", "20", "--processes", "1"])
        #expect(large.status == 0, "\(large.errors)")
        let line = try #require(large.output.first)
        let period = try #require(Double(line.split(separator: " ")[2]))
        #expect(abs(period - SurveyFixtures.period) / SurveyFixtures.period < 0.001)
        let refused = try Tutor.run(["periods", folder + "/tess.fits", "--nfreq", "100000000", "--processes", "64"])
        #expect(refused.status == 2)
        #expect(refused.errors.contains { $0.contains("a grid of 100,000,000 frequencies needs about") && $0.contains("use fewer --nfreq or --processes") })
        let tooMany = try Tutor.run(["periods", folder, "--nfreq", "100000001"])
        #expect(tooMany.status == 2 && tooMany.errors.contains { $0.contains("--nfreq must be an integer from 2 to 100,000,000") })
    }
}
