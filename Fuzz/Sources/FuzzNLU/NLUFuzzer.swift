import FuzzSupport
import LinliNLU

/// A resident's message to the normaliser and to `NLU.parse`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        let text = input.text
        let normalized = realNLU.normalizer.normalize(text)
        _ = normalized.text
        // Every normalised scalar maps back to the original: whole-text views must not trap.
        _ = normalized.normalizedText(0..<normalized.scalars.count)
        _ = normalized.originalText(0..<normalized.scalars.count)
        let understanding = realNLU.parse(text)
        precondition(understanding.confidence >= 0 && understanding.confidence <= 1)
    }
}

/// Fuzzes ``fuzz(_:_:)``, after loading what it needs.
@main
enum NLUFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = realNLU.parse("你好") })
    }
}
