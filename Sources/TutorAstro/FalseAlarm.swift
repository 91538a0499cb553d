#if canImport(Glibc)
import Glibc
#endif

/// The false-alarm probability of a peak: the chance that pure noise, sampled as this curve is,
/// would give a peak at least this high somewhere on the grid up to `maximumFrequency`.
///
/// Baluev's (2008, MNRAS 385, 1279, eq. 6) alias-free approximation, for this periodogram's
/// normalisation (the "standard" one: floating mean, errors as weights), as astropy's
/// `false_alarm_probability(method="baluev")` computes it, so a student can quote either.
public enum FalseAlarm {
    public static func baluev(power: Double, curve: LightCurve, maximumFrequency: Double) -> Double {
        let n = Double(curve.count)
        let nullFreedom = n - 1, modelFreedom = n - 3
        guard modelFreedom > 0, power > 0 else { return 1 }
        let z = min(power, 1)
        // The single-frequency probability (1 − z)^((N−3)/2)…
        let single = pow(1 - z, 0.5 * modelFreedom)
        // …and the expected number of upcrossings over the band, from the effective baseline
        // sqrt(4π·Var(t)) with the error weights.
        let inverse = curve.errors.map { 1 / ($0 * $0) }
        let total = inverse.reduce(0, +)
        let mean = zip(curve.times, inverse).reduce(0) { $0 + $1.0 * $1.1 } / total
        let variance = zip(curve.times, inverse).reduce(0) { $0 + ($1.0 - mean) * ($1.0 - mean) * $1.1 } / total
        let width = maximumFrequency * (4 * Double.pi * variance).squareRoot()
        let tau = gammaFactor(nullFreedom) * width * pow(1 - z, 0.5 * (modelFreedom - 1)) * (0.5 * nullFreedom * z).squareRoot()
        return min(1, max(0, -expm1(-tau) + single * exp(-tau)))
    }

    /// sqrt(2/N)·Γ(N/2)/Γ((N−1)/2), computed through log-gamma so it does not overflow.
    private static func gammaFactor(_ n: Double) -> Double {
        (2 / n).squareRoot() * exp(lgamma(n / 2) - lgamma((n - 1) / 2))
    }
}
