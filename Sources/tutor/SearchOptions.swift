import ArgumentParser
import TutorAstro
import TutorEngine

/// How each file is searched, for `tutor periods`, its workers and `tutor cluster plan`: the
/// frequency grid (fixed, or from each curve's baseline), the columns to read from tables and
/// FITS, and how many peaks to report.
struct SearchOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Lowest trial frequency, cycles/day (with --baseline-grid: default half a grid step).")
    var fmin: Double?

    @Option(parsing: .unconditional, help: "Highest trial frequency, cycles/day.")
    var fmax: Double = FrequencyGrid.standard.maximum

    @Option(parsing: .unconditional, help: "Number of trial frequencies, 2 to 100,000,000.")
    var nfreq: Int = FrequencyGrid.standard.count

    @Flag(help: "A grid for each curve from its baseline: step 1/(baseline × samples per peak), as astropy's autofrequency.")
    var baselineGrid = false

    @Option(parsing: .unconditional, help: "Grid points per periodogram peak with --baseline-grid, 1 to 100.")
    var samplesPerPeak: Double?

    @Option(help: "The time column of a table or FITS file (default: time, mjd, hjd, bjd, jd, btjd or t).")
    var timeColumn: String?

    @Option(help: "The magnitude or flux column (default: mag, magnitude, flux; in FITS PDCSAP_FLUX, else SAP_FLUX).")
    var valueColumn: String?

    @Option(help: "The error column (default: the value column's own, e.g. flux_err, else magerr, mag_err, err, e_mag, sigma).")
    var errorColumn: String?

    @Option(help: "Keep only this band of a table with several (its filtercode, filter or band column).")
    var band: String?

    @Option(parsing: .unconditional, help: "Report this many of the highest peaks, 1 to 20, each at least 3/baseline from a higher one (closer ones are its side lobes).")
    var peaks: Int = 1

    /// The settings, checked.
    func settings() throws -> SearchSettings {
        let lowest = fmin ?? FrequencyGrid.standard.minimum
        guard fmax.isFinite, fmax > 0, fmax <= 1e6 else { throw UsageError("--fmax must be a number of cycles/day above 0 and at most 1000000, not '\(fmax)'") }
        if let fmin {
            guard fmin.isFinite, fmin >= 0 else { throw UsageError("--fmin must be a number of cycles/day, 0 or more, not '\(fmin)'") }
            guard fmin < fmax else { throw UsageError("--fmax must be greater than --fmin (\(fmin)), not '\(fmax)'") }
        }
        guard (1...20).contains(peaks) else { throw UsageError("--peaks must be an integer from 1 to 20, not '\(peaks)'") }
        let columns = ColumnChoice(time: timeColumn, value: valueColumn, error: errorColumn, band: band)
        if baselineGrid {
            let samples = samplesPerPeak ?? 5
            guard samples.isFinite, (1...100).contains(samples) else {
                throw UsageError("--samples-per-peak must be a number from 1 to 100, not '\(samples)'")
            }
            return SearchSettings(grid: .baseline(samplesPerPeak: samples, minimum: fmin, maximum: fmax), columns: columns, peaks: peaks)
        }
        if samplesPerPeak != nil { throw UsageError("--samples-per-peak goes with --baseline-grid (the step comes from each curve's baseline)") }
        guard lowest < fmax else { throw UsageError("--fmax must be greater than --fmin (\(lowest)), not '\(fmax)'") }
        guard (2...GridRule.largestCount).contains(nfreq) else {
            throw UsageError("--nfreq must be an integer from 2 to \(ReadSummary.grouped(GridRule.largestCount)), not '\(nfreq)'")
        }
        return SearchSettings(grid: .fixed(FrequencyGrid(minimum: lowest, maximum: fmax, count: nfreq)), columns: columns, peaks: peaks)
    }
}
