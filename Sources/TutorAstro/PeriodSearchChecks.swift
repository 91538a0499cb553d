/// A period that means something, or why a curve has none: the checks around `best()` that
/// turn a degenerate curve into a failed file with its reason, instead of a confident number
/// (equal magnitudes gave a "power" of millions; huge magnitudes or extreme errors gave
/// non-finite sums and a period of 1/fmin).
extension Periodogram {
    /// The highest peak of a curve that can have one.
    /// - Throws: `LightCurveError` naming the file and what to change.
    public func search() throws(LightCurveError) -> Peak {
        if let reason = Self.unusable(curve) {
            throw LightCurveError(file: curve.name, line: nil, message: reason)
        }
        let peak = best()
        guard peak.power.isFinite, (0...(1 + 1e-9)).contains(peak.power) else {
            throw LightCurveError(file: curve.name, line: nil,
                                  message: "the periodogram's sums are not finite (power \(peak.power)): "
                                      + "the magnitudes or errors are too large or too small to compute with; rescale them")
        }
        return peak
    }

    /// Why `curve` has no period to find, or nil.
    static func unusable(_ curve: LightCurve) -> String? {
        // An offset, an amplitude and a phase fit any three points exactly: a "period" of
        // three points is whatever frequency the grid tried, at a power of 1.
        if curve.count < 4 {
            return "only \(curve.count) point\(curve.count == 1 ? "" : "s"): a sinusoid fits any 3 exactly, so a period needs at least 4"
        }
        let prepared = Prepared(curve)
        guard prepared.weights.allSatisfy(\.isFinite) else {
            let errors = (curve.errors.min() ?? 0, curve.errors.max() ?? 0)
            return "the weights 1/error² are not finite numbers (errors from \(errors.0) to \(errors.1)): rescale the errors"
        }
        guard prepared.weightedY.allSatisfy(\.isFinite), prepared.varianceY.isFinite else {
            return "the magnitudes (up to \(curve.magnitudes.map(abs).max() ?? 0)) are too large to square: rescale them"
        }
        let lowest = curve.magnitudes.min() ?? 0, highest = curve.magnitudes.max() ?? 0
        // Equal within rounding: what is left after centring is noise of the last bits.
        if highest - lowest <= 1e-12 * max(1, abs(highest), abs(lowest)) || prepared.varianceY <= 0 {
            return "all \(curve.count) magnitudes are equal (\(lowest)): there is no variation to find a period in"
        }
        return nil
    }
}
