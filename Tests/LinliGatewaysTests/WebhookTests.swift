import Foundation
import LinliGateways
import Testing

@Suite("Generic webhook")
struct WebhookTests {
    private func code(_ body: () throws -> Any) -> GatewayError.Code? {
        do {
            _ = try body()
            return nil
        } catch {
            return (error as? GatewayError)?.code
        }
    }

    @Test("HMAC-SHA256 matches the widely published 'quick brown fox' value")
    func knownHMAC() throws {
        let signer = try Webhook.Signer(secret: "key")
        let body = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(signer.signature(for: body) == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        try signer.verify(body: body, header: "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        try signer.verify(body: body, header: "sha256=F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8")
    }

    @Test("wrong, truncated, missing or foreign signatures are refused")
    func wrongHMAC() throws {
        let signer = try Webhook.Signer(secret: "s3cret")
        let body = Array(#"{"user_id":"u1","message_id":"m1","text":"hi"}"#.utf8)
        let good = signer.signature(for: body)
        try signer.verify(body: body, header: good)
        let bad: [String?] = [
            nil, "", String(good.dropLast()), String(good.dropLast()) + (good.hasSuffix("0") ? "1" : "0"),
            String(good.dropFirst(7)), "sha1=" + good.dropFirst(7), try Webhook.Signer(secret: "other").signature(for: body),
            good + "00",
        ]
        for header in bad {
            #expect(code { try signer.verify(body: body, header: header) } == .badSignature, "\(header ?? "nil")")
        }
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "o")
        #expect(code { try signer.verify(body: tampered, header: good) } == .badSignature)
    }

    @Test func emptySecretIsRefused() {
        #expect(code { try Webhook.Signer(secret: "") } == .invalidConfiguration)
    }

    @Test func decodesAValidBody() throws {
        let message = try Webhook.Message.decode(Array(#"{"user_id":"u-1","message_id":"42","text":"楼道灯坏了","extra":{"x":1}}"#.utf8))
        #expect(message == Webhook.Message(userID: "u-1", messageID: "42", text: "楼道灯坏了"))
    }

    @Test("malformed bodies name the offending field", arguments: [
        (#"{"message_id":"m","text":"t"}"#, "user_id"),
        (#"{"user_id":"u","text":"t"}"#, "message_id"),
        (#"{"user_id":"u","message_id":"m"}"#, "text"),
        (#"{"user_id":"","message_id":"m","text":"t"}"#, "user_id"),
        (#"{"user_id":"u","message_id":"m","text":"   "}"#, "text"),
        (#"{"user_id":42,"message_id":"m","text":"t"}"#, "user_id"),
        (#"{"user_id":"u","message_id":7,"text":"t"}"#, "message_id"),
        (#"{"user_id":"u","message_id":"m","text":true}"#, "text"),
        (#"{"user_id":"u","message_id":"m","text":null}"#, "text"),
        (#"{"user_id":"u","message_id":"m","text":["t"]}"#, "text"),
        (#"{"user_id":{"id":"u"},"message_id":"m","text":"t"}"#, "user_id"),
    ])
    func malformedFields(json: String, field: String) {
        do {
            _ = try Webhook.Message.decode(Array(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .malformedJSON)
            #expect(error.value == field)
        }
    }

    @Test("bodies that are not a JSON object", arguments: ["", "not json", "[]", #""text""#, "42", #"{"user_id":"u""#, "null"])
    func notAnObject(json: String) {
        #expect(code { try Webhook.Message.decode(Array(json.utf8)) } == .malformedJSON)
    }

    @Test func oversizedBodyIsRefused() {
        let body = Array(#"{"user_id":"u","message_id":"m","text":"\#(String(repeating: "x", count: 100))"}"#.utf8)
        #expect(code { try Webhook.Message.decode(body, maxSize: 64) } == .bodyTooLarge)
    }

    @Test("replies and callbacks are exact, valid JSON whatever the text holds",
          arguments: ["您好", "line1\nline2", "quote \" backslash \\ slash /", "\u{0}\u{1F}\u{7F}", "tab\t and \u{2028}", ""])
    func encoding(text: String) throws {
        let replies = Webhook.encodeReplies([text, "second"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(replies.utf8)) as? [String: Any])
        let items = try #require(object["replies"] as? [[String: Any]])
        #expect(items.map { $0["text"] as? String } == [text, "second"])

        let callback = Webhook.encodeCallback(userID: "u-1", text: text)
        #expect(callback.hasPrefix(#"{"user_id":"u-1","text":"#))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(callback.utf8)) as? [String: String])
        #expect(parsed == ["user_id": "u-1", "text": text])
    }

    @Test func exactShapes() throws {
        #expect(Webhook.encodeReplies(["好的"]) == #"{"replies":[{"text":"好的"}]}"#)
        #expect(Webhook.encodeReplies([]) == #"{"replies":[]}"#)
        #expect(Webhook.encodeCallback(userID: "u", text: "a\"b") == #"{"user_id":"u","text":"a\"b"}"#)
        // The callback is signed over exactly the bytes produced.
        let signer = try Webhook.Signer(secret: "k")
        let body = Webhook.encodeCallback(userID: "u", text: "您的报修已办结")
        try signer.verify(body: Array(body.utf8), header: signer.signature(for: Array(body.utf8)))
        #expect(Webhook.signatureHeader == "X-Linli-Signature")
    }
}
