import Testing
@testable import TutorAstro
import TutorTestSupport

@Suite struct SurveyTableParserTests {
    func parse(_ text: String, _ choice: ColumnChoice = .automatic) throws(LightCurveError) -> (curve: LightCurve, summary: ReadSummary) {
        try SurveyTableParser.parse(Array(text.utf8), name: "star.csv", columns: choice)
    }

    func period(_ curve: LightCurve) -> Double {
        Periodogram(curve, grid: FrequencyGrid(minimum: 0.05, maximum: 2, count: 20_000)).best().period
    }

    @Test func aMultiBandZTFTableNeedsABandAndThenKeepsItsGoodRows() throws {
        let ztf = SurveyFixtures.ztf()
        #expect(throws: LightCurveError.self) { try parse(ztf.text) }
        do { _ = try parse(ztf.text) } catch {
            #expect(error.description.contains("2 bands in one file: "))
            #expect(error.description.contains("zg (\(ztf.perBand["zg"]!) rows)"))
            #expect(error.description.hasSuffix("pick one with --band NAME"))
        }
        let (curve, summary) = try parse(ztf.text, ColumnChoice(band: "zr"))
        #expect(curve.count == ztf.perBand["zr"])
        #expect(summary.time == "mjd" && summary.value == "mag" && summary.error == "magerr")
        #expect(summary.dropped.first { $0.reason == "flagged" }?.count == ztf.flagged)
        #expect(summary.kept == curve.count)
        #expect(summary.description == "mjd, mag ± magerr, band zr: \(curve.count) of 300 rows (\(ztf.flagged) flagged, \(300 - ztf.flagged - curve.count) in other bands)")
        #expect(abs(period(curve) - SurveyFixtures.period) / SurveyFixtures.period < 0.005)
    }

    @Test func asassnUpperLimitsAreLeftOutAndCounted() throws {
        let asassn = SurveyFixtures.asassn()
        let (curve, summary) = try parse(asassn.text)
        #expect(summary.time == "HJD" && summary.value == "mag" && summary.error == "mag_err")
        #expect(summary.dropped.map(\.reason) == ["upper limits"])
        #expect(summary.dropped[0].count == asassn.limits)
        #expect(curve.count == 250 - asassn.limits)
        #expect(abs(period(curve) - SurveyFixtures.period) / SurveyFixtures.period < 0.005)
    }

    @Test func columnsCanBeChosenAndTabsAndSpacesSeparate() throws {
        let rows = SurveyFixtures.points(100, seed: 3)
        let tsv = "# from somewhere\nBJD\tFLUX\tFLUX_ERR\n" + rows.map { "\($0.time)\t\($0.value)\t\($0.error)" }.joined(separator: "\n")
        let (curve, summary) = try parse(tsv)
        #expect(curve.count == 100 && summary.value == "FLUX" && summary.error == "FLUX_ERR")
        let spaces = "when  brightness  sd\n" + rows.map { "\($0.time)   \($0.value) \($0.error)" }.joined(separator: "\n")
        let chosen = try parse(spaces, ColumnChoice(time: "when", value: "Brightness", error: "SD"))
        #expect(chosen.curve.times == curve.times && chosen.curve.magnitudes == curve.magnitudes)
    }

    @Test func missingValuesAreCountedNotFatal() throws {
        let text = "mjd,mag,magerr\n1,15.1,0.02\n2,,0.02\n3,NaN,0.02\n4,15.3,0.02\n5,15.0,null\n6,15.2,0.03\n"
        let (curve, summary) = try parse(text)
        #expect(curve.times == [1, 4, 6])
        #expect(summary.description == "mjd, mag ± magerr: 3 of 6 rows (3 missing or NaN)")
    }

    @Test(arguments: [
        ("mjd,mag\n1,2\n", "star.csv:1: no error column; found: mjd, mag — pass --error-column NAME"),
        ("when,mag,magerr\n1,2,0.1\n", "star.csv:1: no time column; found: when, mag, magerr — pass --time-column NAME"),
        ("mjd,mag,magerr\n1,2,0.1\n2,x,0.1\n", "star.csv:3: value (column mag) is not a number: 'x'"),
        ("mjd,mag,magerr\n1,2,0.1\n2,3\n", "star.csv:3: expected 3 fields as the header names, found 2"),
        ("mjd,mag,magerr\n1,2,0\n", "star.csv:2: error (column magerr) must be > 0, not 0.0"),
        ("# nothing but comments\n", "star.csv: no header line: a table needs one naming its columns (e.g. mjd,mag,magerr)"),
        ("mjd,mag,magerr\n1,2,0.1\n2,3,0.1\n", "star.csv: only 2 data points; a period search needs at least 3"),
    ])
    func errorsNameTheFileTheLineAndTheFix(text: String, message: String) {
        do {
            _ = try parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aChosenColumnOrBandThatIsNotThereIsNamed() {
        do {
            _ = try parse("mjd,mag,magerr\n1,2,0.1\n", ColumnChoice(value: "flux"))
            Issue.record("accepted")
        } catch {
            #expect(error.description == "star.csv:1: no column 'flux' (--value-column); found: mjd, mag, magerr")
        }
        do {
            _ = try parse("mjd,mag,magerr\n1,2,0.1\n", ColumnChoice(band: "zr"))
            Issue.record("accepted")
        } catch {
            #expect(error.description.hasPrefix("star.csv:1: --band was given but there is no band column"))
        }
        do {
            _ = try parse(SurveyFixtures.ztf().text, ColumnChoice(band: "zi"))
            Issue.record("accepted")
        } catch {
            #expect(error.description == "star.csv: no rows in band 'zi'; the bands here: zg, zr")
        }
    }

    @Test func aByteOrderMarkAndCRLFAreRead() throws {
        let (curve, _) = try parse("\u{FEFF}mjd,mag,magerr\r\n1,2,0.1\r\n2,3,0.1\r\n3,2,0.1\r\n")
        #expect(curve.times == [1, 2, 3])
    }
}
