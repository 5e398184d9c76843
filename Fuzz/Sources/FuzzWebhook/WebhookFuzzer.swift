import FuzzSupport
import LinliGateways

/// Raw bytes as the body of a webhook POST.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        guard let message = try? Webhook.Message.decode(input.bytes) else { return }
        // decode promises three fields that are not blank.
        precondition(![message.userID, message.messageID, message.text].contains { $0.allSatisfy(\.isWhitespace) })
    }
}

/// Fuzzes ``fuzz(_:_:)``.
@main
enum WebhookFuzzer {
    static func main() {
        Fuzzer.run(fuzz)
    }
}
