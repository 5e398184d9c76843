import Foundation
import LinliGateways
import Testing

@Suite("Generic webhook")
struct WebhookTests {
    private static let now = Date(timeIntervalSince1970: 1_735_689_600)

    @Test("HMAC-SHA256 matches the widely published 'quick brown fox' value (legacy, body-only form)")
    func knownHMAC() throws {
        let signer = try Webhook.Signer(secret: "key", legacy: true)
        let body = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(signer.legacySignature(for: body) == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        try signer.verify(body: body, timestamp: nil, header: "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", now: Self.now)
        try signer.verify(body: body, timestamp: nil, header: "sha256=F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8", now: Self.now)
    }

    @Test("W1, W2: timestamped and legacy signatures computed with Python's hmac")
    func heldOutVectors() throws {
        let vectors = try Vectors.load().webhook
        #expect(vectors.count == 2)
        for vector in vectors {
            let body = Array(vector.body.utf8)
            let now = Fixtures.at(vector.timestamp)
            let signer = try Webhook.Signer(secret: vector.secret)
            #expect(signer.signature(for: body, timestamp: Int64(vector.timestamp)!) == vector.signature, "\(vector.name)")
            #expect(signer.headers(for: body, now: now) == [
                Webhook.timestampHeader: vector.timestamp, Webhook.signatureHeader: vector.signature,
            ])
            try signer.verify(body: body, timestamp: vector.timestamp, header: vector.signature, now: now)
            let legacy = try Webhook.Signer(secret: vector.secret, legacy: true)
            #expect(legacy.legacySignature(for: body) == vector.legacySignature, "\(vector.name)")
            #expect(legacy.headers(for: body, now: now) == [Webhook.signatureHeader: vector.legacySignature])
            try legacy.verify(body: body, timestamp: nil, header: vector.legacySignature, now: now)
            // A legacy signer still checks the new form when the timestamp header comes.
            try legacy.verify(body: body, timestamp: vector.timestamp, header: vector.signature, now: now)
        }
    }

    @Test("L4: a signature is good for 300 s either side of its timestamp, and no longer")
    func timestampWindow() throws {
        let signer = try Webhook.Signer(secret: "webhook-window-secret")
        let body = Array(#"{"user_id":"u1","message_id":"m1","text":"hi"}"#.utf8)
        let header = signer.signature(for: body, timestamp: 1_735_689_600)
        for skew: TimeInterval in [-300, 0, 300] {
            try signer.verify(body: body, timestamp: "1735689600", header: header, now: Self.now.addingTimeInterval(skew))
        }
        for skew: TimeInterval in [-301, 301, 30 * 86_400] {
            let result = code { try signer.verify(body: body, timestamp: "1735689600", header: header, now: Self.now.addingTimeInterval(skew)) }
            #expect(result == .staleTimestamp)
        }
        // Moving the timestamp into the window breaks the signature, which covers it.
        #expect(code { try signer.verify(body: body, timestamp: "1735689601", header: header, now: Self.now) } == .badSignature)
        #expect(code { try signer.verify(body: body, timestamp: "17356896OO", header: header, now: Self.now) } == .malformedParameter)
    }

    @Test("L4: without X-Linli-Timestamp only a legacy signer accepts the body-only signature")
    func legacyOnlyWhenAllowed() throws {
        let body = Array(#"{"user_id":"u1","message_id":"m1","text":"hi"}"#.utf8)
        let strict = try Webhook.Signer(secret: "webhook-legacy-secret")
        let legacy = try Webhook.Signer(secret: "webhook-legacy-secret", legacy: true)
        let old = legacy.legacySignature(for: body)
        #expect(code { try strict.verify(body: body, timestamp: nil, header: old, now: Self.now) } == .badSignature)
        #expect(code { try strict.verify(body: body, timestamp: "", header: old, now: Self.now) } == .badSignature)
        try legacy.verify(body: body, timestamp: nil, header: old, now: Self.now)
        // The timestamped signature is not a body-only one: a stripped timestamp does not fall back.
        let fresh = strict.signature(for: body, timestamp: 1_735_689_600)
        #expect(code { try legacy.verify(body: body, timestamp: nil, header: fresh, now: Self.now) } == .badSignature)
    }

    @Test("wrong, truncated, missing or foreign signatures are refused")
    func wrongHMAC() throws {
        let signer = try Webhook.Signer(secret: "s3cret-s3cret-s3cret")
        let body = Array(#"{"user_id":"u1","message_id":"m1","text":"hi"}"#.utf8)
        let good = signer.signature(for: body, timestamp: 1_735_689_600)
        try signer.verify(body: body, timestamp: "1735689600", header: good, now: Self.now)
        let bad: [String?] = [
            nil, "", String(good.dropLast()), String(good.dropLast()) + (good.hasSuffix("0") ? "1" : "0"),
            String(good.dropFirst(7)), "sha1=" + good.dropFirst(7),
            try Webhook.Signer(secret: "other-other-other").signature(for: body, timestamp: 1_735_689_600),
            signer.legacySignature(for: body), good + "00",
        ]
        for header in bad {
            #expect(code { try signer.verify(body: body, timestamp: "1735689600", header: header, now: Self.now) } == .badSignature,
                    "\(header ?? "nil")")
        }
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "o")
        #expect(code { try signer.verify(body: tampered, timestamp: "1735689600", header: good, now: Self.now) } == .badSignature)
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

    @Test("L6: ids longer than 128 bytes, a user_id outside printable ASCII, control characters: 400 naming the field",
          arguments: [
              (#"{"user_id":"\#(String(repeating: "a", count: 129))","message_id":"m","text":"t"}"#, "user_id"),
              (#"{"user_id":"u","message_id":"\#(String(repeating: "9", count: 129))","text":"t"}"#, "message_id"),
              (#"{"user_id":"\u212Aate","message_id":"m","text":"t"}"#, "user_id"),
              (#"{"user_id":"张三","message_id":"m","text":"t"}"#, "user_id"),
              (#"{"user_id":"u\u0000","message_id":"m","text":"t"}"#, "user_id"),
              (#"{"user_id":"u\u007F","message_id":"m","text":"t"}"#, "user_id"),
              (#"{"user_id":"u","message_id":"m\u0001","text":"t"}"#, "message_id"),
              (#"{"user_id":"u","message_id":"m\u0085","text":"t"}"#, "message_id"),
              (#"{"user_id":"u","message_id":"m","text":"凤鸣小区3号楼\u0000有人飞线充电"}"#, "text"),
              (#"{"user_id":"u","message_id":"m","text":"a\u001Bb"}"#, "text"),
          ])
    func invalidIdentifiersAndControls(json: String, field: String) {
        do {
            _ = try Webhook.Message.decode(Array(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.value == field)
        }
    }

    @Test("L6, L7: ids of exactly 128 bytes, a 汉字 message id, and tab/LF/CR in text are still fine")
    func boundaryIdentifiers() throws {
        let user = String(repeating: "u", count: 128)
        let messageID = String(repeating: "号", count: 42)  // 126 bytes
        let json = #"{"user_id":"\#(user)","message_id":"\#(messageID)","text":"第一行\n第二行\r\n\t缩进"}"#
        let message = try Webhook.Message.decode(Array(json.utf8))
        #expect(message == Webhook.Message(userID: user, messageID: messageID, text: "第一行\n第二行\r\n\t缩进"))
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
        try signer.verify(body: Array(body.utf8), timestamp: "1735689600",
                          header: signer.signature(for: Array(body.utf8), timestamp: 1_735_689_600), now: Self.now)
        #expect(Webhook.signatureHeader == "X-Linli-Signature")
        #expect(Webhook.timestampHeader == "X-Linli-Timestamp")
    }
}
