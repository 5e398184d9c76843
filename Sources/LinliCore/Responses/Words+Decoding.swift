import Foundation

/// Reading `words:` of a responses file, refusing lists that would leave linli deaf to a
/// reply (an empty yes list) or make it read one reply two ways (a word both yes and no).
extension Words: Decodable {
    enum CodingKeys: String, CodingKey {
        case yes = "yes_words", no = "no_words", corrections, ratings
        case ratingUnits = "rating_units", ratingStars = "rating_stars", numerals
        case noneOfThese = "none_of_these", noneOfTheseStarts = "none_of_these_starts"
        case choicePrefixes = "choice_prefixes", choiceSuffixes = "choice_suffixes"
        case staffCommands = "staff_commands"
        case help = "help_words", status = "status_words", requestNumberPrefixes = "request_number_prefixes", statusAsks = "status_asks"
        case nudges = "nudge_words"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func words(_ key: CodingKeys) throws -> [String] {
            let list = try c.decode([String].self, forKey: key).map(Words.bare)
            guard !list.isEmpty, !list.contains(where: \.isEmpty) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) needs at least one word and no empty ones")
            }
            return list
        }
        func characters(_ key: CodingKeys) throws -> [Character] {
            let list = try words(key)
            guard list.allSatisfy({ $0.count == 1 }) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.stringValue) lists single characters")
            }
            return list.map { $0.first! }
        }
        self.init()
        yes = Set(try words(.yes))
        no = Set(try words(.no))
        if let both = yes.intersection(no).sorted().first {
            throw DecodingError.dataCorruptedError(forKey: .no, in: c, debugDescription: "'\(both)' is both a yes and a no word")
        }
        corrections = try words(.corrections)
        for entry in try c.decode([[String: Int]].self, forKey: .ratings) {
            guard entry.count == 1, let (phrase, score) = entry.first, !phrase.isEmpty, (1...5).contains(score) else {
                throw DecodingError.dataCorruptedError(forKey: .ratings, in: c, debugDescription: "each rating is one 'phrase: score' with a score 1–5")
            }
            ratings.append((phrase, score))
        }
        ratingUnits = try words(.ratingUnits)
        ratingStars = Set(try characters(.ratingStars))
        for (numeral, value) in try c.decode([String: Int].self, forKey: .numerals) {
            guard numeral.count == 1, (0...9).contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: .numerals, in: c, debugDescription: "numerals map one character to a digit 0–9, not '\(numeral)': \(value)")
            }
            numerals[numeral.first!] = value
        }
        noneOfThese = Set(try words(.noneOfThese))
        noneOfTheseStarts = try words(.noneOfTheseStarts)
        choicePrefixes = try words(.choicePrefixes)
        choiceSuffixes = Set(try characters(.choiceSuffixes))
        help = Set(try words(.help).map { $0.lowercased() })
        status = Set(try words(.status))
        requestNumberPrefixes = try c.decode([String].self, forKey: .requestNumberPrefixes).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !requestNumberPrefixes.isEmpty, !requestNumberPrefixes.contains(where: \.isEmpty) else {
            throw DecodingError.dataCorruptedError(forKey: .requestNumberPrefixes, in: c, debugDescription: "request_number_prefixes needs at least one word and no empty ones")
        }
        statusAsks = Set(try words(.statusAsks))
        nudges = try words(.nudges)
        let commands = try c.decode([String: [String]].self, forKey: .staffCommands)
        for verb in StaffCommand.Verb.allCases where (commands[verb.rawValue] ?? []).isEmpty {
            throw DecodingError.dataCorruptedError(forKey: .staffCommands, in: c, debugDescription: "staff command '\(verb.rawValue)' has no words")
        }
        for (name, list) in commands {
            guard let verb = StaffCommand.Verb(rawValue: name) else {
                throw DecodingError.dataCorruptedError(forKey: .staffCommands, in: c, debugDescription:
                    "unknown staff command '\(name)'; they are \(StaffCommand.Verb.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            staffCommands += list.map { ($0.trimmingCharacters(in: .whitespaces).lowercased(), verb) }
        }
        var seen = Set<String>()
        for (word, verb) in staffCommands where word.isEmpty || !seen.insert(word).inserted {
            throw DecodingError.dataCorruptedError(forKey: .staffCommands, in: c, debugDescription:
                "staff command '\(verb.rawValue)' has an empty word or one another command has: '\(word)'")
        }
        staffCommands.sort { ($0.word.count, $1.word) > ($1.word.count, $0.word) }
    }
}
