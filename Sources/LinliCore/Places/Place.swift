import Foundation

/// Where a request is, as a point: from a location message in the chat, or from an Open311
/// POST's `lat`/`long`.
///
/// Kept in the datum it arrived in. WeChat and WeCom send location messages in GCJ-02, the
/// offset datum Chinese maps must use; Open311 clients send WGS-84 (GPS). Converting on
/// arrival would lose the original for nothing: `wgs84` converts when a WGS-84 reader asks.
public struct Place: Sendable, Codable, Equatable {
    /// A geodetic datum.
    public enum Datum: String, Sendable, Codable {
        /// GPS, and what Open311 means by `lat`/`long`.
        case wgs84
        /// 国测局坐标 (the "Mars" offset), what WeChat and WeCom location messages carry.
        case gcj02
    }

    /// Degrees north.
    public var latitude: Double
    /// Degrees east.
    public var longitude: Double
    /// The datum the coordinates are in.
    public var datum: Datum
    /// The place's name as the platform labelled it (e.g. a street address), if any.
    public var label: String?

    /// Creates a place.
    public init(latitude: Double, longitude: Double, datum: Datum, label: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.datum = datum
        self.label = label.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The coordinates in WGS-84, converting from GCJ-02 when needed (to within a few metres).
    public var wgs84: (latitude: Double, longitude: Double) {
        switch datum {
        case .wgs84: return (latitude, longitude)
        case .gcj02: return ChinaDatum.wgs84(fromGCJ02: (latitude, longitude))
        }
    }

    /// The coordinates in GCJ-02, converting from WGS-84 when needed.
    public var gcj02: (latitude: Double, longitude: Double) {
        switch datum {
        case .gcj02: return (latitude, longitude)
        case .wgs84: return ChinaDatum.gcj02(fromWGS84: (latitude, longitude))
        }
    }

    /// The point as staff read it: the label, or the coordinates to five places (about a metre).
    public var text: String {
        label ?? String(format: "%.5f,%.5f", latitude, longitude)
    }

    /// Metres between this place and `other` along the earth's surface (haversine), both
    /// taken in GCJ-02 so that points of either datum compare; the datum's offset is the same
    /// within a city, so distances between nearby points are not distorted by it.
    public func metres(to other: Place) -> Double {
        let a = gcj02, b = other.gcj02
        let radians = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * radians, dLon = (b.longitude - a.longitude) * radians
        let h = sin(dLat / 2) * sin(dLat / 2)
            + cos(a.latitude * radians) * cos(b.latitude * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(min(1, sqrt(h)))
    }
}
