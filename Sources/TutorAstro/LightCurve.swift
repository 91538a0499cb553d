/// One star's brightness over time: times in days, magnitudes, and magnitude errors (all > 0).
public struct LightCurve: Sendable, Equatable {
    public var name: String
    public var times: [Double]
    public var magnitudes: [Double]
    public var errors: [Double]

    public init(name: String, times: [Double], magnitudes: [Double], errors: [Double]) {
        precondition(times.count == magnitudes.count && times.count == errors.count)
        self.name = name
        self.times = times
        self.magnitudes = magnitudes
        self.errors = errors
    }

    public var count: Int { times.count }
}
