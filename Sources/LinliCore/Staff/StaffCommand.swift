/// A staff command typed in the chat (interface.md): Chinese word or slash alias, a request
/// number, and text.
enum StaffCommand: Equatable {
    case todo
    case claim(Int?)
    case reply(Int?, String)
    case done(Int?, String?)
    case assign(Int?, String)
    case show(Int?)
    case help

    private static let words: [(String, String)] = [
        ("待办", "todo"), ("/todo", "todo"), ("接单", "claim"), ("/claim", "claim"), ("回复", "reply"), ("/reply", "reply"),
        ("办结", "done"), ("/done", "done"), ("转派", "assign"), ("/assign", "assign"), ("详情", "show"), ("/show", "show"),
        ("帮助", "help"), ("/help", "help"),
    ]

    /// The command in `text`, or nil when it is not a staff command.
    static func parse(_ input: String) -> StaffCommand? {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        for (word, name) in words where text.lowercased().hasPrefix(word) {
            let rest = text.dropFirst(word.count)
            // 接单3 and 接单 #3 both work; 接单员 is not a command.
            if let first = rest.first, !(first.isWhitespace || first.isNumber || first == "#" || first == "＃") { continue }
            let (number, tail) = splitNumber(rest.trimmingCharacters(in: .whitespaces))
            let note = tail.isEmpty ? nil : tail
            switch name {
            case "todo": return tail.isEmpty && number == nil ? .todo : nil
            case "help": return tail.isEmpty && number == nil ? .help : nil
            case "claim": return .claim(number)
            case "reply": return .reply(number, tail)
            case "done": return .done(number, note)
            case "assign": return .assign(number, tail)
            default: return .show(number)
            }
        }
        return nil
    }

    private static func splitNumber(_ text: String) -> (Int?, String) {
        var rest = Substring(text)
        if rest.first == "#" || rest.first == "＃" { rest = rest.dropFirst() }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return (nil, text) }
        return (number, rest.dropFirst(digits.count).trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
