import Foundation

extension Open311 {
    /// W3C/ISO 8601 datetimes as GeoReport v2 writes them: seconds, and always the zone offset.
    public enum Datetime {
        /// `date` in `zone`: `2024-04-26T14:20:45+08:00`.
        public static func format(_ date: Date, in zone: TimeZone) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let offset = zone.secondsFromGMT(for: date)
            let minutes = abs(offset) / 60
            return pad(parts.year ?? 0, 4) + "-" + pad(parts.month ?? 0) + "-" + pad(parts.day ?? 0)
                + "T" + pad(parts.hour ?? 0) + ":" + pad(parts.minute ?? 0) + ":" + pad(parts.second ?? 0)
                + (offset < 0 ? "-" : "+") + pad(minutes / 60) + ":" + pad(minutes % 60)
        }

        private static func pad(_ value: Int, _ width: Int = 2) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }

        /// Parses a datetime with its zone (`Z` or `±hh:mm`), with or without fractional seconds;
        /// nil for anything else, a datetime without a zone included: its instant would be a guess.
        public static func parse(_ text: String) -> Date? {
            // A formatter per call: ISO8601DateFormatter is a class that is not Sendable.
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.date(from: text)
        }
    }
}
