import FuzzSupport
import LinliGateways

/// Query strings as a request's URL brings them: the whole decoder, then the percent-decoder alone.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        let text = input.text
        if let query = try? QueryString.decode(text) {
            // The first occurrence wins; the decoded map can never hold more names than there are pairs.
            precondition(query.count <= text.utf8.count(where: { $0 == UInt8(ascii: "&") }) + 1)
        }
        _ = QueryString.percentDecoded(Substring(text))
    }
}

/// Fuzzes ``fuzz(_:_:)``.
@main
enum QueryFuzzer {
    static func main() {
        Fuzzer.run(fuzz)
    }
}
