/// Everything one file's search gives a student: the highest peaks with their false-alarm
/// probabilities, the grid searched, and what the reader took from the file.
public struct PeriodFinding: Codable, Sendable, Equatable {
    public struct FoundPeak: Codable, Sendable, Equatable {
        public var period: Double
        public var frequency: Double
        public var power: Double
        /// Baluev's false-alarm probability of a peak this high (`FalseAlarm`).
        public var falseAlarm: Double

        public init(period: Double, frequency: Double, power: Double, falseAlarm: Double) {
            self.period = period
            self.frequency = frequency
            self.power = power
            self.falseAlarm = falseAlarm
        }
    }

    /// Highest first; never empty.
    public var peaks: [FoundPeak]
    /// The rows searched, of the `rows` the file's table has.
    public var points: Int
    public var rows: Int
    public var grid: FrequencyGrid
    /// What the reader used and left out (`ReadSummary.description`).
    public var used: String

    public init(peaks: [FoundPeak], points: Int, rows: Int, used: String, grid: FrequencyGrid) {
        precondition(!peaks.isEmpty)
        self.peaks = peaks
        self.points = points
        self.rows = rows
        self.used = used
        self.grid = grid
    }

    public var period: Double { peaks[0].period }
    public var power: Double { peaks[0].power }
    public var falseAlarm: Double { peaks[0].falseAlarm }
}

/// How `tutor periods`, its workers and the pool demo search each file: the grid rule, the
/// columns to read, how many peaks to report.
public struct SearchSettings: Sendable, Equatable {
    public var grid: GridRule
    public var columns: ColumnChoice
    public var peaks: Int

    public init(grid: GridRule = .fixed(.standard), columns: ColumnChoice = .automatic, peaks: Int = 1) {
        self.grid = grid
        self.columns = columns
        self.peaks = peaks
    }

    public init(grid: FrequencyGrid) {
        self.init(grid: .fixed(grid))
    }

    /// Reads `path` and searches it.
    /// - Throws: `LightCurveError` naming the file (and line) and what to change.
    public func search(_ path: String) throws(LightCurveError) -> PeriodFinding {
        let (curve, summary) = try LightCurveFiles.load(path, columns: columns)
        let grid = try self.grid.grid(for: curve)
        let periodogram = Periodogram(curve, grid: grid)
        let best = try periodogram.search()
        let peaks = peaks > 1 ? periodogram.peaks(peaks) : [best]
        return PeriodFinding(
            peaks: peaks.map {
                .init(period: $0.period, frequency: $0.frequency, power: $0.power,
                      falseAlarm: FalseAlarm.baluev(power: $0.power, curve: curve, maximumFrequency: grid.maximum))
            },
            points: curve.count, rows: summary.rows, used: summary.description, grid: grid)
    }

    /// The options that give `tutor worker` these settings.
    public var arguments: [String] {
        grid.arguments + columns.arguments + (peaks > 1 ? ["--peaks", "\(peaks)"] : [])
    }
}
