import Foundation

/// A time limit as configured or typed by staff: "4h" wall-clock hours, "8wh" working hours,
/// "2wd" working days, "30m" wall-clock minutes, "3d" or "3天" wall-clock days.
public struct TimeLimit: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// What `amount` counts.
    public enum Unit: String, Sendable, Codable, CaseIterable {
        /// Wall-clock minutes.
        case minutes
        /// Wall-clock hours.
        case hours
        /// Wall-clock days.
        case days
        /// Hours of office time: nights, lunch, weekends and holidays do not count.
        case workingHours
        /// Working days: the start's own day does not count; due at the close of the last one.
        case workingDays

        /// Whether the unit skips non-working time.
        public var isWorking: Bool { self == .workingHours || self == .workingDays }

        /// The short suffix of the configuration (`wh`, `wd`, …).
        public var suffix: String {
            switch self {
            case .minutes: return "m"
            case .hours: return "h"
            case .days: return "d"
            case .workingHours: return "wh"
            case .workingDays: return "wd"
            }
        }
    }

    /// How many units; at least 1.
    public var amount: Int
    /// The unit.
    public var unit: Unit

    /// The largest amount accepted: ten years of minutes is already absurd, and a bound
    /// keeps date arithmetic far from overflow.
    public static let maxAmount = 100_000

    /// Creates a limit.
    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Suffixes a limit is written with, longest first so that `wh` wins over `h`. The
    /// Chinese ones are what staff type after 延期 N; they are read here, never shown.
    private static let suffixes: [(String, Unit)] = [
        ("个工作日", .workingDays), ("工作日", .workingDays), ("wd", .workingDays),
        ("个工作小时", .workingHours), ("工作小时", .workingHours), ("wh", .workingHours),
        ("个小时", .hours), ("小时", .hours), ("h", .hours),
        ("分钟", .minutes), ("min", .minutes), ("m", .minutes),
        ("天", .days), ("日", .days), ("d", .days),
    ]

    /// Reads "4h", "8wh", "2wd", "30m", "3d", "3天", "2个工作日"; spaces around are ignored.
    /// Throws `CoreError(.invalidConfiguration)` naming the text for anything else.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let rest = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits.count <= 9, let amount = Int(digits), amount >= 1, amount <= Self.maxAmount,
              let unit = Self.suffixes.first(where: { $0.0 == rest })?.1 else {
            throw CoreError(.invalidConfiguration, "not a time limit: \"\(text)\"; write a whole number and a unit: "
                + "30m (minutes), 4h (hours), 3d (days), 8wh (working hours), 2wd (working days)")
        }
        self.init(amount: amount, unit: unit)
    }

    /// The configuration's form: `2wd`.
    public var description: String { "\(amount)\(unit.suffix)" }
}
