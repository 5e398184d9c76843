import Foundation

/// A 双报到 registration being asked for step by step, as a resident's form is: a party
/// member's (name, unit, phone, community, offers, times) or a unit's (unit, contact,
/// phone, community, offers with capacity, times). Kept in the applicant's conversation.
public struct EnrolmentDraft: Sendable, Codable, Equatable {
    /// Who registers.
    public enum Kind: String, Sendable, Codable {
        case member, unit
    }

    /// The questions, named as the registration request's slots are.
    public enum Field: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
        case name, unit, contact, phone, community, offers, times
    }

    /// A member's or a unit's registration.
    public var kind: Kind
    /// The answers so far, by field.
    public var answers: [Field: String]
    /// The field last asked for; nil once every field is answered.
    public var asking: Field?
    /// Whether the applicant is being asked to confirm the summary.
    public var confirming: Bool
    /// The applicant's own words, every turn.
    public var text: String

    /// The slot of the registration request that says whose it is: `member` or `unit`.
    public static let kindSlot = "enrol_kind"

    /// A registration started by `text`.
    public init(kind: Kind, text: String) {
        self.kind = kind
        self.answers = [:]
        self.asking = nil
        self.confirming = false
        self.text = text
    }

    /// The fields this kind of registration asks, in order.
    public var fields: [Field] {
        kind == .member ? [.name, .unit, .phone, .community, .offers, .times] : [.unit, .contact, .phone, .community, .offers, .times]
    }

    /// The first field still unanswered.
    var missing: Field? {
        fields.first { answers[$0] == nil }
    }

    /// The answers as the registration request's slots.
    var slots: [String: String] {
        var slots = Dictionary(uniqueKeysWithValues: answers.map { ($0.key.rawValue, $0.value) })
        slots[Self.kindSlot] = kind.rawValue
        return slots
    }

    /// Sets `field` from the applicant's answer; false (changing nothing) when it cannot be
    /// taken: empty, too long, a phone without enough digits, or a community not configured.
    @discardableResult
    mutating func fill(_ field: Field, with input: String, words: EnrolmentWords, communities: [String]) -> Bool {
        let text = Words.bare(input)
        guard !text.isEmpty, text.count <= 200 else { return false }
        switch field {
        case .name, .contact:
            guard text.count <= 20 else { return false }
            answers[field] = text
        case .unit:
            guard text.count <= 50 else { return false }
            // "No unit" is kept in the data's own first word for it (无), as the summary shows it.
            answers[field] = kind == .member && words.saysNoUnit(text) ? words.noUnitAnswer ?? text : text
        case .phone:
            guard let phone = Self.phone(in: text) else { return false }
            answers[field] = phone
        case .community:
            // A member serves the grids of a configured community; with none configured,
            // any name is kept as written.
            guard !communities.isEmpty else { answers[field] = text; return true }
            guard let known = Self.community(text, among: communities) else { return false }
            answers[field] = known
        case .offers, .times:
            answers[field] = text
        }
        return true
    }

    /// The configured community `text` names: itself, else the longest configured name it
    /// contains (凤鸣小区3号楼 → 凤鸣小区), else the shortest one it begins (凤鸣 → 凤鸣小区).
    static func community(_ text: String, among communities: [String]) -> String? {
        if communities.contains(text) { return text }
        if let contained = communities.filter({ text.contains($0) }).max(by: { $0.count < $1.count }) { return contained }
        return communities.filter { $0.hasPrefix(text) }.min { $0.count < $1.count }
    }

    /// The phone number in `text`: its ASCII or full-width digits, 7 (a landline without
    /// area code) to 12 of them.
    static func phone(in text: String) -> String? {
        let digits = String(text.compactMap { $0.isNumber ? $0.wholeNumberValue.map { Character(String($0)) } : nil })
        return (7...12).contains(digits.count) ? digits : nil
    }
}
