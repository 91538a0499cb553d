import TutorAstro

/// The period-search options shared by the `pool` demo and `tutor periods`.
public enum PeriodSearchParameters {
    public static let specs: [ParameterSpec] = [
        ParameterSpec("fmin", .number(0.0001...1_000), default: .number(FrequencyGrid.standard.minimum),
                      "lowest trial frequency, cycles/day"),
        ParameterSpec("fmax", .number(0.0001...1_000), default: .number(FrequencyGrid.standard.maximum),
                      "highest trial frequency, cycles/day"),
        ParameterSpec("nfreq", .integer(2...2_000_000), default: .integer(FrequencyGrid.standard.count),
                      "number of trial frequencies"),
    ]

    /// The grid the values describe. - Throws: `ParameterError` unless fmin < fmax.
    public static func grid(_ values: ParameterValues) throws(ParameterError) -> FrequencyGrid {
        let grid = FrequencyGrid(minimum: values.number("fmin"), maximum: values.number("fmax"),
                                 count: values.integer("nfreq"))
        guard grid.minimum < grid.maximum else {
            throw .invalidValue(name: "fmax", value: "\(grid.maximum)", allowed: "greater than --fmin (\(grid.minimum))",
                                meaning: "highest trial frequency, cycles/day")
        }
        return grid
    }
}
