import Foundation
import TutorAstro

/// Survey-shaped light curves written by the tests: a sinusoid of known period sampled
/// irregularly, in the layouts ZTF, ASAS-SN and TESS use, with the bad rows those surveys have.
public enum SurveyFixtures {
    public static let period = 2.7183

    /// Times over 60 nights and magnitudes of a sinusoid with small noise.
    public static func points(_ count: Int, seed: UInt64) -> [(time: Double, value: Double, error: Double)] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let time = 58_000 + Double.random(in: 0..<60, using: &random)
            let value = 15 + 0.3 * sin(2 * Double.pi * time / period) + Double.random(in: -0.02...0.02, using: &random)
            return (time, value, 0.02)
        }.sorted { $0.time < $1.time }
    }

    /// A ZTF (IRSA) CSV with two bands and some flagged epochs: each good row's band alternates,
    /// every 10th row has catflags 32768.
    public static func ztf(rows: Int = 300) -> (text: String, flagged: Int, perBand: [String: Int]) {
        var text = "oid,expid,hjd,mjd,mag,magerr,catflags,filtercode,ra,dec\n"
        var flagged = 0
        var perBand: [String: Int] = [:]
        for (index, point) in points(rows, seed: 11).enumerated() {
            let band = index % 2 == 0 ? "zg" : "zr"
            let flags = index % 10 == 3 ? 32_768 : 0
            if flags != 0 { flagged += 1 } else { perBand[band, default: 0] += 1 }
            text += "6863320100\(index % 3),\(index),\(point.time + 0.0007),\(point.time),\(point.value),\(point.error),\(flags),\(band),123.4,-5.6\n"
        }
        return (text, flagged, perBand)
    }

    /// An ASAS-SN Sky Patrol CSV with upper limits written both ways.
    public static func asassn(rows: Int = 250) -> (text: String, limits: Int) {
        var text = "HJD,UT Date,Camera,FWHM,Limit,mag,mag_err,flux(mJy),flux_err,Filter\n"
        var limits = 0
        for (index, point) in points(rows, seed: 12).enumerated() {
            if index % 12 == 5 {
                limits += 1
                text += "\(point.time),2018-01-01,bd,1.5,16.2,\">16.214\",99.990,0.1,0.05,V\n"
            } else if index % 12 == 7 {
                limits += 1
                text += "\(point.time),2018-01-01,bd,1.5,16.2,16.5,99.990,0.1,0.05,V\n"
            } else {
                text += "\(point.time),2018-01-01,bd,1.5,16.2,\(point.value),\(point.error),1.0,0.05,V\n"
            }
        }
        return (text, limits)
    }
}
