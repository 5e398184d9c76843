import FuzzSupport
import LinliGateways

/// Raw bytes to the XML reader, as a POST body reaches it; a parsed document is also read back as
/// a WeChat message, the next step every callback takes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        guard let root = try? XML.Reader().parse(input.bytes) else { return }
        _ = try? WeChat.Message(xml: root)
    }
}

/// Fuzzes ``fuzz(_:_:)``.
@main
enum XMLFuzzer {
    static func main() {
        Fuzzer.run(fuzz)
    }
}
