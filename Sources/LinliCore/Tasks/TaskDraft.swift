import Foundation

/// A task being put together by 发布任务, asked field by field as a resident's form is, or
/// given at once on one line (`发布任务 标题 | 地点 | 时间 | 人数 | 时长`). Kept in the admin's
/// conversation between messages.
public struct TaskDraft: Sendable, Codable, Equatable {
    /// The fields, in the order they are asked.
    public enum Field: String, Sendable, Codable, CaseIterable {
        case title, place, time, needed, hours
    }

    /// What is to be done.
    public var title: String?
    /// Where.
    public var place: String?
    /// When, as written.
    public var time: String?
    /// How many people.
    public var needed: Int?
    /// Expected minutes.
    public var expectedMinutes: Int?
    /// The field last asked for.
    public var asking: Field?

    /// The most people one task may ask for; a larger number is a typo.
    static let maxNeeded = 1_000

    /// An empty draft.
    public init() {}

    /// A draft from the one-line form: the fields in order, separated by `|` or `｜`; empty
    /// or unreadable parts stay missing and are asked for.
    init(oneLine text: String) {
        let separators: Set<Character> = ["|", "\u{FF5C}"]
        let parts = text.split(omittingEmptySubsequences: false) { separators.contains($0) }
        for (field, part) in zip(Field.allCases, parts) { _ = fill(field, with: String(part)) }
    }

    /// The first field still missing, nil when the draft is complete.
    var missing: Field? {
        Field.allCases.first { field in
            switch field {
            case .title: return title == nil
            case .place: return place == nil
            case .time: return time == nil
            case .needed: return needed == nil
            case .hours: return expectedMinutes == nil
            }
        }
    }

    /// Sets `field` from what the admin wrote; false (changing nothing) when it cannot be read.
    @discardableResult
    mutating func fill(_ field: Field, with input: String) -> Bool {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return false }
        switch field {
        case .title: title = text
        case .place: place = text
        case .time: time = text
        case .needed:
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits.prefix(6)), (1...Self.maxNeeded).contains(number) else { return false }
            needed = number
        case .hours:
            guard let minutes = Self.minutes(in: text) else { return false }
            expectedMinutes = minutes
        }
        return true
    }

    /// Minutes of a duration staff write for a task: 4小时, 90分钟, or a bare 4 meaning hours;
    /// nil when there is none or it is zero.
    static func minutes(in input: String) -> Int? {
        let text = input.trimmingCharacters(in: .whitespaces)
        let bare = text.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." } && !text.isEmpty
        guard let minutes = ServiceTime.minutes(in: bare ? text + "h" : text), minutes > 0 else { return nil }
        return minutes
    }
}
