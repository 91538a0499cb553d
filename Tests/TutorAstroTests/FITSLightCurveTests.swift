import Foundation
import Testing
@testable import TutorAstro
import TutorTestSupport

@Suite final class FITSLightCurveTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-fits-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A TESS-like curve: TIME, SAP_FLUX, PDCSAP_FLUX (with _ERR), QUALITY; NaN in a gap, some
    /// rows flagged.
    func tessLike(_ name: String, rows: Int = 1_000) throws -> (path: String, flagged: Int, gaps: Int) {
        let points = SurveyFixtures.points(rows, seed: 21)
        var quality = [Double](repeating: 0, count: rows), flux = points.map { 1_000 * $0.value }
        var flagged = 0, gaps = 0
        for index in 0..<rows {
            if index % 25 == 4 { quality[index] = 128; flagged += 1 } else if (400..<430).contains(index) { flux[index] = .nan; gaps += 1 }
        }
        let path = folder + "/" + name
        try FITSFixture.write(path, columns: [
            ("TIME", points.map { $0.time - 57_000 }), ("SAP_FLUX", flux), ("SAP_FLUX_ERR", points.map { _ in 20 }),
            ("PDCSAP_FLUX", flux), ("PDCSAP_FLUX_ERR", points.map { _ in 20 }), ("QUALITY", quality),
        ])
        return (path, flagged, gaps)
    }

    @Test func aTESSLikeFileGivesItsPeriodAndSaysWhatItUsed() throws {
        let file = try tessLike("star.fits")
        let (curve, summary) = try LightCurveFiles.load(file.path)
        #expect(summary.description == "TIME, PDCSAP_FLUX ± PDCSAP_FLUX_ERR: \(1_000 - file.flagged - file.gaps) of 1,000 rows (\(file.flagged) flagged, \(file.gaps) missing or NaN)")
        #expect(curve.count == summary.kept)
        let peak = Periodogram(curve, grid: FrequencyGrid(minimum: 0.05, maximum: 2, count: 20_000)).best()
        #expect(abs(peak.period - SurveyFixtures.period) / SurveyFixtures.period < 0.005)
    }

    @Test func aGzippedFileReadsTheSame() throws {
        let file = try tessLike("star.fits")
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", file.path]
        try gzip.run()
        gzip.waitUntilExit()
        #expect(gzip.terminationStatus == 0)
        let plain = try LightCurveFiles.load(file.path)
        let packed = try LightCurveFiles.load(file.path + ".gz")
        #expect(plain.curve.times == packed.curve.times && plain.summary.kept == packed.summary.kept)
    }

    @Test func aValueColumnCanBeChosenAndAMissingOneIsNamed() throws {
        let file = try tessLike("choose.fits")
        let (_, summary) = try LightCurveFiles.load(file.path, columns: ColumnChoice(value: "SAP_FLUX"))
        #expect(summary.value == "SAP_FLUX" && summary.error == "SAP_FLUX_ERR")
        do {
            _ = try LightCurveFiles.load(file.path, columns: ColumnChoice(value: "KSPSAP_FLUX"))
            Issue.record("accepted")
        } catch {
            #expect(error.description == "\(file.path): HDU 1: no column 'KSPSAP_FLUX' (--value-column); found: TIME, SAP_FLUX, SAP_FLUX_ERR, PDCSAP_FLUX, PDCSAP_FLUX_ERR, QUALITY")
        }
    }

    @Test func aTableWithoutAnErrorColumnSaysWhatToPass() throws {
        let path = folder + "/noerr.fits"
        try FITSFixture.write(path, extensionName: "OTHER", columns: [("TIME", [1, 2, 3]), ("FLUX", [1, 2, 1])])
        do {
            _ = try LightCurveFiles.load(path)
            Issue.record("accepted")
        } catch {
            #expect(error.description == "\(path): HDU 1: no error column; found: TIME, FLUX — pass --error-column NAME")
        }
    }

    @Test func aFileWithoutATableSaysWhatALightCurveIs() throws {
        let path = folder + "/image.fits"
        try FITSFixture.writeWithoutTable(path)
        do {
            _ = try LightCurveFiles.load(path)
            Issue.record("accepted")
        } catch {
            #expect(error.description == "\(path): no binary table (a light curve is one; e.g. a TESS LIGHTCURVE extension)")
        }
    }

    @Test func aFileThatIsNotFITSFailsWithItsName() throws {
        let path = folder + "/text.fits"
        try "mjd,mag,magerr\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try LightCurveFiles.load(path)
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("\(path): cannot open this FITS file (CFITSIO: "))
        }
    }

    @Test func aFolderStandsForItsLightCurvesOfEveryFormat() throws {
        _ = try tessLike("a.fits")
        try SurveyFixtures.ztf().text.write(toFile: folder + "/b.csv", atomically: true, encoding: .utf8)
        try "1 2 0.1\n".write(toFile: folder + "/c.lc", atomically: true, encoding: .utf8)
        try "notes".write(toFile: folder + "/README.txt", atomically: true, encoding: .utf8)
        let files = try LightCurveFiles.expand([folder])
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["a.fits", "b.csv", "c.lc"])
    }
}
