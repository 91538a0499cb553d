/// An evenly spaced grid of trial frequencies in cycles per day, both ends included.
public struct FrequencyGrid: Sendable, Equatable, Codable {
    public var minimum: Double
    public var maximum: Double
    public var count: Int

    public init(minimum: Double = 0.05, maximum: Double = 10, count: Int = 20_000) {
        self.minimum = minimum
        self.maximum = maximum
        self.count = count
    }

    public static let standard = FrequencyGrid()

    public var step: Double { count > 1 ? (maximum - minimum) / Double(count - 1) : 0 }

    public func frequency(_ index: Int) -> Double { minimum + Double(index) * step }
}
