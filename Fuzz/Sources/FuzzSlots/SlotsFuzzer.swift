import FuzzSupport
@testable import LinliNLU

/// The extractors in the order `SlotExtractor.extract` runs them, then `extract` itself.
private let extractorCount = 8

/// The mode byte picks one slot extractor, which gets the rest of the input normalised as `extract`
/// would hand it over (internal functions, reached with `@testable`: scripts/fuzz builds with -enable-testing).
/// Every range an extractor returns is read back from the text, as `extract` does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        let extractor: SlotExtractor = realNLU.slots
        let text = realNLU.normalizer.normalize(input.payloadText)
        let scalars = Array(text.scalars.prefix(2000))
        /// The ranges `extract` has claimed before the skipping extractors run.
        func taken() -> [Range<Int>] {
            [extractor.phone(in: scalars)?.range, extractor.plate(in: scalars)?.range, extractor.community(in: scalars)?.range]
                .compactMap { $0 }
        }
        switch input.mode(of: extractorCount) {
        case 0:
            if let phone = extractor.phone(in: scalars) { _ = text.originalText(phone.range) }
        case 1:
            if let plate = extractor.plate(in: scalars) { _ = text.originalText(plate.range) }
        case 2:
            if let community = extractor.community(in: scalars) { _ = text.originalText(community.range) }
        case 3:
            var slots: [String: String] = [:]
            extractor.address(in: scalars, skipping: taken(), into: &slots)
        case 4:
            _ = extractor.age(in: scalars, skipping: taken())
        case 5:
            if let location = extractor.location(in: scalars, skipping: taken()) { _ = text.originalText(location) }
        case 6:
            if let person = extractor.person(in: scalars) { _ = text.originalText(person) }
        default:
            _ = extractor.extract(text)
        }
    }
}

/// Fuzzes ``fuzz(_:_:)``, after loading what it needs.
@main
enum SlotsFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = realNLU.slots(of: "凤鸣小区3号楼2单元501") })
    }
}
