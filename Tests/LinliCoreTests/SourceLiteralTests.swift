import Foundation
import Testing

/// Every word a person reads comes from `responses/`, so a community can change it without
/// touching Swift. This test reads `Sources/` and fails on a string literal that holds a
/// Chinese character outside comments.
///
/// The rule: Chinese in Swift is only allowed where linli *reads* Chinese rather than says
/// it, in the files listed below with their reason. Anything shown to residents, staff or
/// the office (replies, names, headers, statuses, the REPL's lines) belongs in `responses/`;
/// a word linli matches in the dialogue belongs in `responses/words.yaml`.
@Suite("No Chinese string literals in Sources")
struct SourceLiteralTests {
    /// Files (or folders) whose Chinese literals are words linli reads, never says.
    static let allowed: [String: String] = [
        "Sources/LinliNLU/": "the normalizer's and slot extractor's reading rules (numerals, 号楼, 单元); another area's data",
        "Sources/LinliCore/Requests/ServiceTime.swift": "the units it reads in a closing note (用时2小时)",
        "Sources/LinliCore/Deadlines/TimeLimit.swift": "the units it reads in a limit staff type (延期 12 3天)",
        "Sources/linli/Chat/ConversationBenchCommand.swift": "made-up resident messages the benchmark sends, not replies",
    ]

    @Test("No user-facing Chinese string literal in Sources/")
    func noChineseLiterals() throws {
        let root = Chat.root
        let sources = root.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        #expect(files.count > 50, "Sources/ was not found: \(sources.path)")
        var found: [String] = []
        for file in files {
            let relative = String(file.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if Self.allowed.keys.contains(where: { relative.hasPrefix($0) }) { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            var multiline = false
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                // Lines between """ delimiters are literal text throughout.
                let delimiters = line.ranges(of: "\"\"\"").count
                let literals = multiline ? [String(line)] : Self.literals(in: Substring(line))
                if delimiters % 2 == 1 { multiline.toggle() }
                for literal in literals where literal.unicodeScalars.contains(where: Self.isHan) {
                    found.append("\(relative):\(index + 1): \"\(literal)\"")
                }
            }
        }
        #expect(found.isEmpty, "Chinese in Swift string literals; move the words to responses/:\n\(found.joined(separator: "\n"))")
    }

    @Test("The scan finds a literal and skips comments")
    func scanner() {
        #expect(Self.literals(in: #"say("你好") // 注释 "不算""#) == ["你好"])
        #expect(Self.literals(in: #"/// "文档""#).isEmpty)
        #expect(Self.literals(in: #"let a = "x\"好\"y""#) == [#"x\"好\"y"#])
    }

    /// The string literals on one line, up to a `//` comment outside them.
    static func literals(in line: Substring) -> [String] {
        var result: [String] = []
        var current: String?
        var escaped = false
        var previous: Character?
        for character in line {
            if var text = current {
                if escaped { escaped = false; text.append(character); current = text; continue }
                if character == "\\" { escaped = true; text.append(character); current = text; continue }
                if character == "\"" { result.append(text); current = nil; continue }
                text.append(character)
                current = text
            } else {
                if character == "/" && previous == "/" { break }
                if character == "\"" { current = "" }
            }
            previous = character
        }
        return result
    }

    /// CJK ideographs (the unified block and extension A).
    static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
    }
}
