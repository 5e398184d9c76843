import Foundation

/// The service time a staff member writes in a closing note: 用时2小时, 1.5小时, 40分钟.
///
/// The note is typed by a person and arrives from outside, so every number is checked
/// before it becomes an `Int`: a conversion that does not fit traps, and a trap inside a
/// message's transaction takes the whole server down, again on every retry.
enum ServiceTime {
    /// The longest service time a note may record; anything longer is a typo (or worse)
    /// and is ignored, so that the time since the claim is recorded instead.
    static let maxHours: Double = 10_000

    private static let hourUnits = ["小时", "个小时", "h"]
    private static let minuteUnits = ["分钟", "分", "min"]

    /// Minutes of the first number in `note` that carries a unit and lies within 0…`maxHours`,
    /// or nil when there is none.
    static func minutes(in note: String) -> Int? {
        let characters = Array(note)
        var index = 0
        while index < characters.count {
            guard isDigit(characters[index]) else { index += 1; continue }
            // .5小时 is half an hour; a number after a minus sign is negative, so out of range.
            let start = index > 0 && characters[index - 1] == "." ? index - 1 : index
            let negative = start > 0 && ["-", "－", "−"].contains(characters[start - 1])
            var end = index
            while end < characters.count, isDigit(characters[end]) || characters[end] == "." { end += 1 }
            let rest = String(characters[end...])
            let perUnit: Double? = hourUnits.contains(where: rest.hasPrefix) ? 60
                : minuteUnits.contains(where: rest.hasPrefix) ? 1 : nil
            if let perUnit, !negative, let value = Double(String(characters[start..<end])),
               let minutes = wholeMinutes(value * perUnit) {
                return minutes
            }
            index = end
        }
        return nil
    }

    /// Whole minutes from `start` to `end`, at least one: the service time when the note
    /// gives none. Nil only for a span no `Int` holds, which clocks do not produce.
    static func minutes(from start: Date, to end: Date) -> Int? {
        let minutes = (end.timeIntervalSince(start) / 60).rounded(.down)
        return minutes.isFinite ? Int(exactly: max(minutes, 1)) : nil
    }

    /// `minutes` rounded to a whole number when it is finite and within 0…`maxHours`.
    private static func wholeMinutes(_ minutes: Double) -> Int? {
        guard minutes.isFinite, minutes >= 0, minutes <= maxHours * 60 else { return nil }
        return Int(exactly: minutes.rounded())
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
