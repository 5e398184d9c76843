import Foundation
import FuzzSupport
import LinliNLU

/// The files of an intents directory the fuzzed text can stand for.
private enum Slot: Int, CaseIterable {
    case intent, normalization, slots
}

/// One scratch intents directory per slot: a `fuzz.yaml` intent and, for the lexicon slots, a
/// `lexicon/` folder whose other file is a stub.
private let directories: [URL] = Slot.allCases.map { slot -> URL in
    let directory = Repository.scratch("intents-\(slot)")
    guard slot != .intent else { return directory }
    let lexicon = directory.appendingPathComponent("lexicon")
    try? FileManager.default.createDirectory(at: lexicon, withIntermediateDirectories: true)
    Repository.write(Array("version: 1\nid: fuzz\nname: 测试\nexamples: [你好, 东关社区7号院路灯坏了]\n".utf8), to: directory.appendingPathComponent("fuzz.yaml"))
    Repository.write(Array("version: 1\n".utf8), to: lexicon.appendingPathComponent("normalization.yaml"))
    Repository.write(Array("version: 1\n".utf8), to: lexicon.appendingPathComponent("slots.yaml"))
    return directory
}

/// Fuzzed YAML as one file of an intents directory (the mode byte picks an intent file,
/// `lexicon/normalization.yaml` or `lexicon/slots.yaml`), loaded by `IntentCatalog.load` as `linli`
/// does at start-up; a catalog that loads is trained into an engine that parses a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        let slot = Slot(rawValue: input.mode(of: Slot.allCases.count))!
        let directory = directories[slot.rawValue]
        let file = switch slot {
        case .intent: directory.appendingPathComponent("fuzz.yaml")
        case .normalization: directory.appendingPathComponent("lexicon/normalization.yaml")
        case .slots: directory.appendingPathComponent("lexicon/slots.yaml")
        }
        Repository.write(input.payload, to: file)
        defer {
            if slot != .intent { Repository.write(Array("version: 1\n".utf8), to: file) }
        }
        guard let catalog = try? IntentCatalog.load(from: directory),
              let nlu = try? NLU(catalog: catalog, configuration: .init(communities: ["凤鸣小区"])) else { return }
        _ = nlu.parse("凤鸣小区3号楼2单元501路灯坏了，电话13912345678")
    }
}

/// Fuzzes ``fuzz(_:_:)``, after loading what it needs.
@main
enum IntentsFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = directories })
    }
}
