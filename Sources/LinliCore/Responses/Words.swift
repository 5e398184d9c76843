import Foundation

/// The words linli reads replies by, from `responses/words.yaml`: what counts as yes and
/// no, a correction, a rating, an answer to a numbered question, and the staff command
/// verbs. A community that says 得行 for "yes" adds it there, not in code.
public struct Words: Sendable, Equatable {
    /// Whole replies that confirm (是, 好的, 得行).
    public var yes: Set<String>
    /// Whole replies that turn a confirmation down (不, 不对).
    public var no: Set<String>
    /// Words that mark a message as correcting what the resident said before (不对, 改成).
    public var corrections: [String]
    /// Rating phrases with their score 1–5; the first the reply contains decides, so a
    /// phrase comes before the shorter ones inside it (不满意 before 满意).
    public var ratings: [(phrase: String, score: Int)]
    /// Units after a score (五星, 4分).
    public var ratingUnits: [String]
    /// Characters that are one star each (⭐⭐⭐).
    public var ratingStars: Set<Character>
    /// Spoken and written digits (一, 两, 叁) with their value; ASCII and full-width digits
    /// need no entry.
    public var numerals: [Character: Int]
    /// Whole replies that turn down every offered choice (都不是, 其他).
    public var noneOfThese: Set<String>
    /// Beginnings of a reply that turn down every choice (都不…).
    public var noneOfTheseStarts: [String]
    /// Words before a choice's number (选, 第), taken off in this order.
    public var choicePrefixes: [String]
    /// Characters after a choice's number (个, 号, 吧), taken off from the end.
    public var choiceSuffixes: Set<Character>
    /// Whole messages asking what linli does (帮助, 菜单).
    public var help: Set<String>
    /// Whole messages asking for one's own requests (我的工单, 进度).
    public var status: Set<String>
    /// Words before a request's number in a resident's question (工单3怎么样了).
    public var requestNumberPrefixes: [String]
    /// What may follow 工单N for the message to ask about that request (怎么样了).
    public var statusAsks: Set<String>
    /// Phrases that hurry an open request (催一下, 怎么还没人来, 都一个礼拜了).
    public var nudges: [String]
    /// Each staff command's words (待办, /todo), longest first so that no word hides a
    /// longer one it begins.
    var staffCommands: [(word: String, verb: StaffCommand.Verb)]

    /// Words that understand nothing: for responses built in code only to render templates.
    public init() {
        yes = []; no = []; corrections = []; ratings = []; ratingUnits = []; ratingStars = []; numerals = [:]
        noneOfThese = []; noneOfTheseStarts = []; choicePrefixes = []; choiceSuffixes = []; staffCommands = []
        help = []; status = []; requestNumberPrefixes = []; statusAsks = []; nudges = []
    }

    public static func == (a: Words, b: Words) -> Bool {
        a.yes == b.yes && a.no == b.no && a.corrections == b.corrections
            && a.ratings.elementsEqual(b.ratings, by: ==) && a.ratingUnits == b.ratingUnits && a.ratingStars == b.ratingStars
            && a.numerals == b.numerals && a.noneOfThese == b.noneOfThese && a.noneOfTheseStarts == b.noneOfTheseStarts
            && a.choicePrefixes == b.choicePrefixes && a.choiceSuffixes == b.choiceSuffixes
            && a.staffCommands.elementsEqual(b.staffCommands, by: ==)
            && a.help == b.help && a.status == b.status && a.requestNumberPrefixes == b.requestNumberPrefixes && a.statusAsks == b.statusAsks
            && a.nudges == b.nudges
    }

    /// Whether `text`, as a whole reply, says yes.
    public func isYes(_ text: String) -> Bool { yes.contains(Self.bare(text)) }

    /// Whether `text`, as a whole reply, says no.
    public func isNo(_ text: String) -> Bool { no.contains(Self.bare(text)) }

    /// Whether `text`, as a whole message, asks what linli does.
    public func isHelp(_ text: String) -> Bool { help.contains(Self.bare(text).lowercased()) }

    /// Whether `text`, as a whole message, asks for one's own requests.
    public func isStatus(_ text: String) -> Bool { status.contains(Self.bare(text)) }

    /// The request number `text` names after a prefix (工单3, #3), with what follows it.
    public func requestNumber(in text: String) -> (number: Int, rest: String)? {
        for prefix in requestNumberPrefixes {
            var search = text[...]
            while let found = search.firstRange(of: prefix) {
                let after = search[found.upperBound...].drop { $0 == " " || $0 == "#" || $0 == "＃" }
                let digits = after.prefix { digit($0) != nil }
                if !digits.isEmpty, digits.count <= 9 {
                    let number = digits.reduce(0) { $0 * 10 + digit($1)! }
                    return (number, String(after.dropFirst(digits.count)))
                }
                search = search[found.upperBound...]
            }
        }
        return nil
    }

    /// The request `text` asks about by number (工单3怎么样了, #3进度): a number after a
    /// prefix followed by nothing, a status word or a question (`status_asks`).
    public func askedRequest(in text: String) -> Int? {
        guard let (number, rest) = requestNumber(in: text) else { return nil }
        let tail = Self.bare(rest)
        return tail.isEmpty || statusAsks.contains(tail) || status.contains(tail) ? number : nil
    }

    /// Whether `text` says it corrects something said before.
    public func isCorrection(_ text: String) -> Bool {
        // firstRange(of:) rather than contains(_:), which goes through NSString with Foundation.
        corrections.contains { text.firstRange(of: $0) != nil }
    }

    /// The value of the digit `character`: a numeral of the list, or an ASCII or full-width digit.
    func digit(_ character: Character) -> Int? {
        numerals[character] ?? (character.isNumber ? character.wholeNumberValue : nil)
    }

    /// `text` without the spaces and punctuation around it.
    static func bare(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
    }
}
