import FuzzEnvelope
import FuzzSupport
import LinliGateways

private let appID = "wxfuzz0123456789"
private let sealer = Sealer(receiveID: appID)
private let encrypted = harness("WeChat encrypted endpoint") {
    try WeChat.Endpoint(configuration: .init(token: Sealer.token, appID: appID, encodingAESKey: Sealer.encodingAESKey))
}
private let plain = harness("WeChat plain endpoint") { try WeChat.Endpoint(configuration: .init(token: Sealer.token, appID: appID)) }

/// A WeChat Official Account push, validly signed, with the mode byte choosing the fuzzed part (see
/// ``PushMode``; one more mode sends the payload as the body of a signed plain-mode push).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        PushMode.exercise(
            input, sealer: sealer,
            decode: { try? encrypted.decodeInbound(query: $0, body: $1, now: Sealer.now).message },
            extra: { _ = try? plain.decodeInbound(query: sealer.plainQuery(), body: $0, now: Sealer.now) })
    }
}

/// Fuzzes ``fuzz(_:_:)``, after building the endpoints.
@main
enum WeChatFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = (sealer, encrypted, plain) })
    }
}
