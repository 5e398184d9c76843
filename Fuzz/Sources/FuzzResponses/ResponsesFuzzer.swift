import Foundation
import FuzzSupport
import LinliCore

/// The real response files the fuzzed text can stand for.
private let files = ["bot.yaml", "faq.yaml", "words.yaml", "address.yaml"]

/// One scratch responses directory per file, holding the real other file.
private let directories: [URL] = files.map { replaced -> URL in
    let directory = Repository.scratch("responses-\(replaced)")
    for file in files where file != replaced {
        Repository.copy(Repository.responses.appendingPathComponent(file), into: directory)
    }
    return directory
}

/// Values like the engine's, so that sections and variables of the templates are exercised.
nonisolated(unsafe) private let values: [String: Any] = [
    "number": 42, "intent_name": "路灯维修", "note": "已修好", "place": "凤鸣小区3号楼", "text": "谢谢", "status_name": "已接单",
    "staff_name": "王网格员", "last": true, "grid": "东关第一网格", "claimer": "王网格员", "summary": "凤鸣小区3号楼",
    "time": "12-01 09:30", "count": 3, "reason": "", "what": "路灯", "target": "李四", "resident": "张三",
    "items": [["number": 1, "status_name": "待办"], ["number": 2, "status_name": "已接单"]],
]

/// Fuzzed YAML as one of the `responses/` files (the mode byte picks), loaded by
/// `Responses.load` as `linli` does at start-up; responses that load render every key and answer a question.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        let index = input.mode(of: files.count)
        let directory = directories[index]
        Repository.write(input.payload, to: directory.appendingPathComponent(files[index]))
        guard let responses = try? Responses.load(from: directory) else { return }
        for key in ResponseKey.allCases {
            _ = responses.render(key, values)
        }
        _ = responses.answer(question: "高龄补贴怎么年审")
    }
}

/// Fuzzes ``fuzz(_:_:)``, after loading what it needs.
@main
enum ResponsesFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = directories })
    }
}
