import Foundation

/// The published GCJ-02 offset: WGS-84 to GCJ-02 by the widely documented series over the
/// Krasovsky ellipsoid, and back by fixed-point iteration on it. Outside mainland China
/// GCJ-02 equals WGS-84, as its maps do.
enum ChinaDatum {
    /// The Krasovsky 1940 ellipsoid's semi-major axis and first eccentricity squared.
    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943

    /// Whether a point lies in the rough box where the offset applies.
    static func isInChina(_ point: (latitude: Double, longitude: Double)) -> Bool {
        (0.8293...55.8271).contains(point.latitude) && (72.004...137.8347).contains(point.longitude)
    }

    /// GCJ-02 of a WGS-84 point.
    static func gcj02(fromWGS84 point: (latitude: Double, longitude: Double)) -> (latitude: Double, longitude: Double) {
        guard isInChina(point) else { return point }
        let (dLat, dLon) = offset(point)
        return (point.latitude + dLat, point.longitude + dLon)
    }

    /// WGS-84 of a GCJ-02 point: the WGS-84 point whose GCJ-02 is `point`, found by moving a
    /// guess by the remaining difference until it is under a millimetre.
    static func wgs84(fromGCJ02 point: (latitude: Double, longitude: Double)) -> (latitude: Double, longitude: Double) {
        guard isInChina(point) else { return point }
        var guess = point
        for _ in 0..<10 {
            let there = gcj02(fromWGS84: guess)
            let dLat = point.latitude - there.latitude, dLon = point.longitude - there.longitude
            guess = (guess.latitude + dLat, guess.longitude + dLon)
            if abs(dLat) < 1e-9 && abs(dLon) < 1e-9 { break }
        }
        return guess
    }

    /// The offset in degrees at a WGS-84 point.
    private static func offset(_ point: (latitude: Double, longitude: Double)) -> (Double, Double) {
        let x = point.longitude - 105, y = point.latitude - 35
        var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLat += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        dLat += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLon += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        dLon += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        let radLat = point.latitude / 180 * .pi
        let magic = 1 - ee * sin(radLat) * sin(radLat)
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLon)
    }
}
