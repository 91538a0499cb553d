import Foundation
import TutorEngine

/// Repeated measurements of one figure: the median is what is quoted, min and max show the noise.
struct Samples {
    var values: [Double]

    /// Runs `body` `count` times, keeping what each run measured.
    static func collect(_ count: Int, _ body: () throws -> Double) rethrows -> Samples {
        Samples(values: try (0..<Swift.max(1, count)).map { _ in try body() })
    }

    /// Wall-clock seconds of each of `count` runs of `body`.
    static func seconds(_ count: Int, _ body: () throws -> Void) rethrows -> Samples {
        try collect(count) {
            let start = MonotonicClock.now()
            try body()
            return Double(MonotonicClock.now() - start) / 1e9
        }
    }

    var median: Double { Median.of(values) }
    var minimum: Double { values.min() ?? 0 }
    var maximum: Double { values.max() ?? 0 }

    /// "label: 1.23 unit (min 1.10, max 1.40)".
    func line(_ label: String, _ unit: String, format: String = "%.3f") -> String {
        let number = { (value: Double) in String(format: format, value) }
        return "\(label): \(number(median)) \(unit) (min \(number(minimum)), max \(number(maximum)))"
    }

    func map(_ transform: (Double) -> Double) -> Samples {
        Samples(values: values.map(transform))
    }
}
