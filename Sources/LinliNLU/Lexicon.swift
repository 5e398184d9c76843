import Foundation
import Yams

/// The normalisation and slot word lists that live in `intents/lexicon/`.
///
/// Data decides what counts (which synonyms, which place words); the normaliser and the
/// slot extractors decide how it is applied.
public struct Lexicon: Sendable {
    /// Phrase → standard form, synonyms and typo fixes together.
    public var replacements: [String: String]
    /// Traditional character → simplified character.
    public var traditional: [Unicode.Scalar: Unicode.Scalar]
    /// Suffixes that end a community name.
    public var communitySuffixes: [String]
    /// Characters a community name never contains.
    public var communityStopChars: Set<Unicode.Scalar>
    /// Names that are not a community although a suffix follows.
    public var communityGenericNames: Set<String>
    /// Words a community name is read after (建议华庭苑 → 华庭苑).
    public var communityCutWords: [String]
    /// Prepositions and adverbs dropped from the start of a name (在凤鸣小区 → 凤鸣小区).
    public var communityLeadWords: [String]
    /// Prepositions a name never ends with (停在小区 is no name).
    public var communityNeverLastChars: Set<Unicode.Scalar>
    /// Name beginnings a lead word is never dropped from (在水一方, 和平里).
    public var communityNameWords: [String]
    /// Ends of a district or road before a name (雁塔区凤鸣小区 → 凤鸣小区).
    public var communityPlaceEnds: [String]
    /// Suffixes that end a name only when an address part or a resident word follows (幸福里3号楼).
    public var communityWeakSuffixes: [String]
    /// Words after a weak suffix that make it a community (御景园业主).
    public var communityWeakFollowers: [String]
    /// Place words for the location slot.
    public var places: [String]
    /// What may follow a place word (旁边, 门口).
    public var placeSuffixes: [String]
    /// Kin words that name a person after a prefix such as 我.
    public var personKin: [String]
    /// Prefixes before kin words.
    public var personPrefixes: [String]
    /// Words that name a person on their own.
    public var personWords: [String]
    /// Titles that follow a surname (大爷, 阿姨).
    public var personTitles: [String]
    /// Common surnames.
    public var surnames: Set<Unicode.Scalar>

    /// An empty lexicon: no replacements and no word lists.
    public init() {
        replacements = [:]
        traditional = [:]
        communitySuffixes = []
        communityStopChars = []
        communityGenericNames = []
        communityCutWords = []
        communityLeadWords = []
        communityNeverLastChars = []
        communityNameWords = []
        communityPlaceEnds = []
        communityWeakSuffixes = []
        communityWeakFollowers = []
        places = []
        placeSuffixes = []
        personKin = []
        personPrefixes = []
        personWords = []
        personTitles = []
        surnames = []
    }

    /// Reads `normalization.yaml` and `slots.yaml` from `directory`.
    public static func load(from directory: URL) throws -> Lexicon {
        let normalization: NormalizationFile = try decodeYAML(directory.appendingPathComponent("normalization.yaml"))
        let slots: SlotsFile = try decodeYAML(directory.appendingPathComponent("slots.yaml"))
        var lexicon = Lexicon()
        lexicon.replacements = normalization.synonyms ?? [:]
        for (typo, fix) in normalization.typos ?? [:] { lexicon.replacements[typo] = fix }
        for (from, to) in normalization.traditional ?? [:] {
            guard from.unicodeScalars.count == 1, to.unicodeScalars.count == 1,
                  let f = from.unicodeScalars.first, let t = to.unicodeScalars.first else {
                throw NLUError(.invalidDataFile, "traditional entries map one character to one character, not '\(from)' → '\(to)'",
                               file: directory.appendingPathComponent("normalization.yaml").path)
            }
            lexicon.traditional[f] = t
        }
        lexicon.communitySuffixes = slots.community_suffixes ?? []
        lexicon.communityStopChars = Set((slots.community_stop_chars ?? "").unicodeScalars)
        lexicon.communityGenericNames = Set(slots.community_generic_names ?? [])
        lexicon.communityCutWords = slots.community_cut_words ?? []
        lexicon.communityLeadWords = slots.community_lead_words ?? []
        lexicon.communityNeverLastChars = Set((slots.community_never_last_chars ?? "").unicodeScalars)
        lexicon.communityNameWords = slots.community_name_words ?? []
        lexicon.communityPlaceEnds = slots.community_place_ends ?? []
        lexicon.communityWeakSuffixes = slots.community_weak_suffixes ?? []
        lexicon.communityWeakFollowers = slots.community_weak_followers ?? []
        lexicon.places = slots.places ?? []
        lexicon.placeSuffixes = slots.place_suffixes ?? []
        lexicon.personKin = slots.person_kin ?? []
        lexicon.personPrefixes = slots.person_prefixes ?? []
        lexicon.personWords = slots.person_words ?? []
        lexicon.personTitles = slots.person_titles ?? []
        lexicon.surnames = Set((slots.surnames ?? "").unicodeScalars)
        return lexicon
    }

    private struct NormalizationFile: Decodable {
        var version: Int?
        var synonyms: [String: String]?
        var typos: [String: String]?
        var traditional: [String: String]?
    }

    // Field names follow the YAML keys.
    private struct SlotsFile: Decodable {
        var version: Int?
        var community_suffixes: [String]?
        var community_stop_chars: String?
        var community_generic_names: [String]?
        var community_cut_words: [String]?
        var community_lead_words: [String]?
        var community_never_last_chars: String?
        var community_name_words: [String]?
        var community_place_ends: [String]?
        var community_weak_suffixes: [String]?
        var community_weak_followers: [String]?
        var places: [String]?
        var place_suffixes: [String]?
        var person_kin: [String]?
        var person_prefixes: [String]?
        var person_words: [String]?
        var person_titles: [String]?
        var surnames: String?
    }
}

/// Decodes one YAML file, turning every failure into an `NLUError` that names the file and,
/// where Yams knows it, the line.
func decodeYAML<T: Decodable>(_ url: URL, as type: T.Type = T.self) throws -> T {
    let text: String
    do {
        text = try String(contentsOf: url, encoding: .utf8)
    } catch {
        throw NLUError(.unreadableFile, "cannot read file: \(error.localizedDescription)", file: url.path)
    }
    do {
        return try YAMLDecoder().decode(T.self, from: text)
    } catch let error as YamlError {
        throw NLUError(.invalidDataFile, "YAML error: \(error)", file: url.path, line: yamlLine(of: error))
    } catch let error as DecodingError {
        // Yams reports syntax errors as data corruption with the YAML error underneath.
        if case .dataCorrupted(let context) = error, let yaml = context.underlyingError as? YamlError {
            throw NLUError(.invalidDataFile, "YAML error: \(yaml)", file: url.path, line: yamlLine(of: yaml))
        }
        throw NLUError(.invalidDataFile, "unexpected shape: \(describe(error))", file: url.path)
    } catch {
        throw NLUError(.invalidDataFile, "\(error)", file: url.path)
    }
}

private func yamlLine(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
        return mark.line
    default:
        return nil
    }
}

private func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "missing key '\(key.stringValue)' at '\(path(context))'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
        return "\(context.debugDescription) at '\(path(context))'"
    @unknown default:
        return "\(error)"
    }
}
