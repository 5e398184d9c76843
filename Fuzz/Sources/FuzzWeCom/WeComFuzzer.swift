import FuzzEnvelope
import FuzzSupport
import LinliGateways

private let corpID = "wwfuzz0123456789"
private let agentID = 1_000_002
private let sealer = Sealer(receiveID: corpID)
private let endpoint = harness("WeCom test endpoint") {
    try WeCom.Endpoint(configuration: .init(
        token: Sealer.token, corpID: corpID, encodingAESKey: Sealer.encodingAESKey, agentID: agentID))
}

/// A WeCom app push, validly signed, with the mode byte choosing the fuzzed part (see ``PushMode``;
/// one more mode sends the payload as the `echostr` of URL verification, signed). Decrypted messages
/// naming another app are refused, so only those naming this app or none must come through.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        PushMode.exercise(
            input, sealer: sealer,
            decode: { try? endpoint.decodeInbound(query: $0, body: $1, now: Sealer.now).message },
            accepts: { $0.agentID == nil || $0.agentID == agentID },
            extra: { payload in
                // A form decoder may have turned the echostr's '+' into ' '; the signature covers the original.
                let echo = String(decoding: payload, as: UTF8.self)
                var query = sealer.query(signing: echo.replacing(" ", with: "+"))
                query["echostr"] = echo
                _ = try? endpoint.verifyURL(query: query, now: Sealer.now)
            })
    }
}

/// Fuzzes ``fuzz(_:_:)``, after building the endpoint.
@main
enum WeComFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = (sealer, endpoint) })
    }
}
