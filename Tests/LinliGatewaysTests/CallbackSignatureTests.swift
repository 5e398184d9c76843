import Foundation
import LinliGateways
import Testing

@Suite("SHA-1 callback signatures")
struct CallbackSignatureTests {
    /// 3-part signatures published in §7.1 (official, wechatpy, real capture).
    @Test(arguments: [
        ("AAAAA", "1714036504", "1514711492", "f464b24fc39322e44b38aa78f5edd27bd1441696"),  // V-A
        ("AAAAA", "1714037059", "486452656", "899cf89e464efb63f54ddac96b0a0a235f53aa78"),  // V-B
        ("AAAAA", "1714112445", "415670741", "6c5c811b55cc85e0e1b54100749188c20beb3f5d"),  // V-C URL signature
        ("test", "1410685589", "test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"),  // V-G
        ("weixin", "1414243737", "1792106704", "35703636de2f9df2a77a662b68e521ce17c34db4"),  // V-H
    ])
    func publishedThreePart(token: String, timestamp: String, nonce: String, expected: String) throws {
        #expect(CallbackSignature.compute(token: token, timestamp: timestamp, nonce: nonce) == expected)
        try CallbackSignature.verify(expected, token: token, timestamp: timestamp, nonce: nonce)
    }

    /// 4-part signatures of §7.1: the official safe-mode request, reply, and the WeCom samples.
    @Test(arguments: [
        (
            "AAAAA", "1714112445", "415670741",
            "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=",
            "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"
        ),
        (
            "AAAAA", "1713424427", "415670741",
            "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==",
            "1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1"
        ),
        (
            "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "1476416373", "47744683",
            "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
            "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb"
        ),
        (
            "123456", "1411443780", "437374425",
            "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==",
            "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96"
        ),
    ])
    func publishedFourPart(token: String, timestamp: String, nonce: String, encrypted: String, expected: String) {
        #expect(CallbackSignature.compute(token: token, timestamp: timestamp, nonce: nonce, encrypted: encrypted) == expected)
    }

    @Test("P1, P2 and every safe vector of vectors.json")
    func generatedVectors() throws {
        let vectors = try Vectors.load()
        #expect(vectors.plain.count == 3)
        for vector in vectors.plain {
            #expect(CallbackSignature.compute(token: vector.token, timestamp: vector.timestamp, nonce: vector.nonce) == vector.signature, "\(vector.name)")
            // The vector spells out the sort order; a String-collation sort would put "aB3xY9" before "Zebra".
            let sorted = [vector.token, vector.timestamp, vector.nonce].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            #expect(sorted == vector.sorted, "\(vector.name)")
            #expect(CallbackSignature.compute(vector.sorted.reversed()) == vector.signature, "order of the input must not matter")
        }
        for vector in vectors.safe {
            #expect(
                CallbackSignature.compute(token: vector.token, timestamp: vector.timestamp, nonce: vector.nonce, encrypted: vector.encryptB64)
                    == vector.msgSignature, "\(vector.name)")
            if let urlSignature = vector.urlSignature {
                #expect(CallbackSignature.compute(token: vector.token, timestamp: vector.timestamp, nonce: vector.nonce) == urlSignature)
            }
        }
    }

    @Test func wrongSignatureIsRejected() {
        // V-A with the last hex digit changed.
        #expect {
            try CallbackSignature.verify(
                "f464b24fc39322e44b38aa78f5edd27bd1441697", token: "AAAAA", timestamp: "1714036504", nonce: "1514711492")
        } throws: { ($0 as? GatewayError)?.code == .badSignature }
        // Upper case is not what the platform sends and is not accepted.
        #expect(throws: GatewayError.self) {
            try CallbackSignature.verify(
                "F464B24FC39322E44B38AA78F5EDD27BD1441696", token: "AAAAA", timestamp: "1714036504", nonce: "1514711492")
        }
        // The 3-part signature must not be accepted where the 4-part one is required.
        #expect(throws: GatewayError.self) {
            try CallbackSignature.verify(
                "6c5c811b55cc85e0e1b54100749188c20beb3f5d", token: "AAAAA", timestamp: "1714112445", nonce: "415670741",
                encrypted: "AAAA")
        }
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abc", "abd"))
        #expect(!ConstantTime.equals("abc", "ab"))
        #expect(!ConstantTime.equals("", "a"))
        #expect(ConstantTime.equals("", ""))
        #expect(!ConstantTime.equals([0x00, 0x80] as [UInt8], [0x80, 0x00] as [UInt8]))
    }
}

@Suite("Timestamp window")
struct TimestampWindowTests {
    let window = TimestampWindow()
    let now = Fixtures.at("1714112445")

    @Test(arguments: [0, 1, -1, 300, -300])
    func withinWindow(offset: Int64) throws {
        try window.check(String(1_714_112_445 + offset), now: now)
    }

    @Test(arguments: [301, -301, 86_400])
    func outsideWindow(offset: Int64) {
        #expect {
            try window.check(String(1_714_112_445 + offset), now: now)
        } throws: { ($0 as? GatewayError)?.code == .staleTimestamp }
    }

    @Test(arguments: ["", "abc", "-5", "+5", "1714112445.5", " 1714112445", "9999999999999"])
    func malformed(timestamp: String) {
        #expect {
            try window.check(timestamp, now: now)
        } throws: { ($0 as? GatewayError)?.code == .malformedParameter }
    }

    @Test func toleranceIsConfigurable() throws {
        let strict = TimestampWindow(tolerance: 10)
        try strict.check("1714112455", now: now)
        #expect(throws: GatewayError.self) { try strict.check("1714112456", now: now) }
    }
}
