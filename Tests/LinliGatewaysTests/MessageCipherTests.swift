import Foundation
import Testing

@testable import LinliGateways

@Suite("WXBizMsgCrypt message cipher")
struct MessageCipherTests {
    // MARK: Official vectors (§7.1)

    @Test("V-C: official safe-mode ciphertext decrypts to the documented JSON")
    func officialSafeModeDecrypt() throws {
        let cipher = try MessageCipher(encodingAESKey: Fixtures.officialKey, receiveID: Fixtures.officialAppID)
        let encrypt = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04="
        let message = try cipher.decryptString(encrypt)
        #expect(message == #"{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}"#)
        #expect(message.utf8.count == 167)
        // The documented framing: random "a8eedb185eb2fecf", 19 bytes of 0x13 padding.
        let raw = try ReferenceCipher(encodingAESKey: Fixtures.officialKey).rawPlaintext(encrypt)
        #expect(raw.count == 224)
        #expect(Array(raw.prefix(16)) == Array("a8eedb185eb2fecf".utf8))
        #expect(raw.suffix(19).allSatisfy { $0 == 0x13 })
    }

    @Test("V-D: official reply encrypts bit-exactly with the documented random")
    func officialReplyEncrypt() throws {
        let cipher = try MessageCipher(encodingAESKey: Fixtures.officialKey, receiveID: Fixtures.officialAppID)
        let encrypted = try cipher.encrypt(#"{"demo_resp":"good luck"}"#, random: Fixtures.fixedRandom("707722b803182950"))
        #expect(encrypted == "ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==")
        #expect(try cipher.decryptString(encrypted) == #"{"demo_resp":"good luck"}"#)
    }

    @Test("V-E, V-F: WeCom sample with a non-canonical key")
    func wecomSample() throws {
        let vectors = try Vectors.load()
        let cipher = try MessageCipher(encodingAESKey: Fixtures.wecomKey, receiveID: Fixtures.wecomCorpID)
        #expect(try cipher.decryptString("fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==")
            == vectors.officialDecrypted.wecomSampleEchostrPlain)
        #expect(try cipher.decryptString(WeComSample.encrypt) == vectors.officialDecrypted.wecomSampleMsgPlain)
    }

    @Test("V-G: wechatpy echostr and fixed-random reply")
    func wechatpyVectors() throws {
        let vectors = try Vectors.load()
        let cipher = try MessageCipher(encodingAESKey: Fixtures.wechatpyKey, receiveID: Fixtures.wechatpyCorpID)
        #expect(try cipher.decryptString("4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==")
            == vectors.officialDecrypted.wechatpyTestEchostrPlain)
    }

    // MARK: Generated vectors (§7.2)

    @Test("every safe vector: key, framing lengths, padding, Encrypt bit-exact both ways")
    func generatedVectors() throws {
        let vectors = try Vectors.load()
        #expect(vectors.safe.map { String($0.name.prefix(2)) } == ["S1", "S2", "S3", "S4", "S5", "H1", "H2"])
        for vector in vectors.safe {
            #expect(Hex.string(try EncodingAESKey.decode(vector.encodingAesKey)) == vector.aesKeyHex, "\(vector.name)")
            #expect(vector.ivHex == String(vector.aesKeyHex.prefix(32)))
            let cipher = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: vector.receiveId)
            #expect(try cipher.decryptString(vector.encryptB64) == vector.msg, "\(vector.name)")
            let encrypted = try cipher.encrypt(Array(vector.msg.utf8), prefix: vector.random)
            #expect(encrypted == vector.encryptB64, "\(vector.name)")
            #expect(Data(base64Encoded: encrypted)?.count == vector.ciphertextLen)

            let raw = try ReferenceCipher(encodingAESKey: vector.encodingAesKey).rawPlaintext(vector.encryptB64)
            #expect(Array(raw[16..<20]) == Hex.bytes(vector.msgLenBeHex), "\(vector.name)")
            #expect(vector.msg.utf8.count == vector.msgUtf8Len)
            #expect(raw.count - vector.padByte == vector.fullstrLen, "\(vector.name)")
            #expect(raw.suffix(vector.padByte).allSatisfy { Int($0) == vector.padByte }, "\(vector.name)")
        }
    }

    @Test("S5: a whole block of 32 × 0x20, which a strict 16-byte PKCS#7 unpadder must refuse, decrypts")
    func paddingEdge() throws {
        let vector = try Vectors.safe("S5")
        #expect(vector.padByte == 32)
        let raw = try ReferenceCipher(encodingAESKey: vector.encodingAesKey).rawPlaintext(vector.encryptB64)
        #expect(raw.last == 0x20)
        #expect(raw.suffix(32).allSatisfy { $0 == 0x20 })
        let cipher = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: vector.receiveId)
        #expect(try cipher.decryptString(vector.encryptB64) == vector.msg)
    }

    // MARK: Independent reference

    @Test("the official sample's algorithm decrypts what we encrypt, and we decrypt what it encrypts",
          arguments: [0, 1, 11, 12, 13, 27, 28, 29, 43, 44, 45, 60, 76, 77, 200, 1000])
    func referenceInterop(length: Int) throws {
        let alphabet = Array("邻里abcXYZ<>&]]>\n")
        let message = String((0..<length).map { alphabet[$0 % alphabet.count] })
        let random: [UInt8] = (0..<16).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
        for (key, id) in [(Fixtures.wecomKey, Fixtures.wecomCorpID), (Fixtures.officialKey, Fixtures.officialAppID), (Fixtures.wechatpyKey, "")] {
            let cipher = try MessageCipher(encodingAESKey: key, receiveID: id)
            let reference = try ReferenceCipher(encodingAESKey: key)
            let ours = try cipher.encrypt(message, random: Fixtures.fixedRandom(random))
            let decoded = try reference.decrypt(ours)
            #expect(String(decoding: decoded.message, as: UTF8.self) == message)
            #expect(decoded.receiveID == id)
            let theirs = try reference.encrypt(message, receiveID: id, random: random)
            #expect(theirs == ours, "same inputs must give the same ciphertext")
            #expect(try cipher.decryptString(theirs) == message)
        }
    }

    @Test func systemRandomnessDiffersEachTime() throws {
        let cipher = try MessageCipher(encodingAESKey: Fixtures.officialKey, receiveID: Fixtures.officialAppID)
        let first = try cipher.encrypt("same", random: .system)
        let second = try cipher.encrypt("same", random: .system)
        #expect(first != second)
        #expect(try cipher.decryptString(first) == "same")
        #expect(try cipher.decryptString(second) == "same")
    }

    // MARK: Keys

    @Test("non-canonical base64 keys are accepted and agree with Foundation's lenient decoder")
    func nonCanonicalKeys() throws {
        for key in [Fixtures.wecomKey, "Pz4mQ8sV1cX7nB3kL9fH2dR6tY0wE5uI8oA3gJ7qM1v", Fixtures.wechatpyKey, Fixtures.officialKey] {
            let ours = try EncodingAESKey.decode(key)
            #expect(ours.count == 32)
            #expect(ours == (try ReferenceCipher(encodingAESKey: key).key), "\(key)")
        }
        // The WeCom sample key's unused low bits are set: canonical re-encoding ends differently.
        let canonical = Data(try EncodingAESKey.decode(Fixtures.wecomKey)).base64EncodedString()
        #expect(canonical.hasSuffix("hUs="))
    }

    @Test(arguments: [42, 44, 0])
    func wrongKeyLengthIsRefused(length: Int) {
        #expect {
            try MessageCipher(encodingAESKey: String(repeating: "A", count: length), receiveID: "wx")
        } throws: { ($0 as? GatewayError)?.code == .invalidConfiguration }
    }

    @Test func keyWithNonBase64CharacterIsRefused() {
        #expect(throws: GatewayError.self) {
            try MessageCipher(encodingAESKey: String(repeating: "A", count: 42) + "=", receiveID: "wx")
        }
        #expect(throws: GatewayError.self) {
            try MessageCipher(encodingAESKey: String(repeating: "A", count: 42) + "-", receiveID: "wx")
        }
    }

    // MARK: Refusals

    @Test("V-C decrypted with AppID wx0000000000000000 is refused, naming the id it found")
    func wrongReceiveID() throws {
        let vector = try Vectors.safe("S1")
        let cipher = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: "wx0000000000000000")
        #expect {
            try cipher.decrypt(vector.encryptB64)
        } throws: { error in
            let error = error as? GatewayError
            return error?.code == .appIdMismatch && error?.value == vector.receiveId
        }
        // A prefix of the right id is not the right id.
        let prefix = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: String(vector.receiveId.dropLast()))
        #expect(throws: GatewayError.self) { try prefix.decrypt(vector.encryptB64) }
    }

    @Test("a flipped bit in the last block breaks the padding check")
    func tamperedPadding() throws {
        for name in ["S1", "S4", "S5"] {
            let vector = try Vectors.safe(name)
            var bytes = try #require(Data(base64Encoded: vector.encryptB64))
            // In CBC, flipping a byte of block n-1 flips the same byte of plaintext block n: here the last pad byte.
            bytes[bytes.count - 17] ^= 0x01
            let cipher = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: vector.receiveId)
            #expect {
                try cipher.decrypt(bytes.base64EncodedString())
            } throws: { ($0 as? GatewayError)?.code == .decryptFailed }
        }
    }

    @Test("tampered ciphertext, wrong length, garbage and a wrong key are refused")
    func tamperedCiphertext() throws {
        let vector = try Vectors.safe("S1")
        let cipher = try MessageCipher(encodingAESKey: vector.encodingAesKey, receiveID: vector.receiveId)
        var bytes = try #require(Data(base64Encoded: vector.encryptB64))
        bytes[0] ^= 0xff  // garbles the random block and the length field
        bytes[20] ^= 0xff
        let candidates = [
            bytes.base64EncodedString(),
            Data(bytes.prefix(bytes.count - 16)).base64EncodedString(),
            Data(bytes.prefix(bytes.count - 3)).base64EncodedString(),
            "",
            "not base64 at all!",
            "AAAA" + vector.encryptB64,
        ]
        for candidate in candidates {
            #expect(throws: GatewayError.self, "\(candidate.prefix(12))") { try cipher.decrypt(candidate) }
        }
        let otherKey = try MessageCipher(encodingAESKey: Fixtures.officialKey, receiveID: vector.receiveId)
        #expect(throws: GatewayError.self) { try otherKey.decrypt(vector.encryptB64) }
    }

    @Test("a plaintext whose length field points past the end is refused")
    func lengthOverflow() throws {
        let cipher = try MessageCipher(encodingAESKey: Fixtures.officialKey, receiveID: "")
        let reference = try ReferenceCipher(encodingAESKey: Fixtures.officialKey)
        for frame: [UInt8] in [
            [UInt8](repeating: 0x41, count: 16) + [0xff, 0xff, 0xff, 0xff],  // length far past the end
            [UInt8](repeating: 0x41, count: 16) + [0x00, 0x00, 0x00, 0x05, 0x41, 0x41],  // length 5, 2 bytes left
            [UInt8](repeating: 0x41, count: 10),  // shorter than the framing itself
        ] {
            var padded = frame
            let pad = 32 - padded.count % 32
            padded += [UInt8](repeating: UInt8(pad), count: pad)
            #expect {
                try cipher.decrypt(reference.rawEncrypt(padded))
            } throws: { ($0 as? GatewayError)?.code == .decryptFailed }
        }
        // Control: a well-formed frame with an empty message and empty receive id decrypts.
        var good = [UInt8](repeating: 0x41, count: 16) + [0, 0, 0, 0]
        good += [UInt8](repeating: 12, count: 12)
        #expect(try cipher.decrypt(reference.rawEncrypt(good)) == [])
    }

    @Test("the 16-byte random prefix must be exactly 16 bytes")
    func prefixLength() throws {
        let cipher = try MessageCipher(encodingAESKey: Fixtures.officialKey, receiveID: Fixtures.officialAppID)
        #expect {
            try cipher.encrypt("x", random: Fixtures.fixedRandom([1, 2, 3]))
        } throws: { ($0 as? GatewayError)?.code == .encryptFailed }
    }

    @Test("PKCS#7 with block size 32")
    func padding() throws {
        for length in 0...70 {
            var bytes = [UInt8](repeating: 7, count: length)
            MessageCipher.pad(&bytes)
            #expect(bytes.count % 32 == 0 && bytes.count > length)
            #expect(bytes.count - length == (length % 32 == 0 ? 32 : 32 - length % 32))
            try MessageCipher.unpad(&bytes)
            #expect(bytes.count == length)
        }
        let bad: [[UInt8]] = [
            [],
            [1, 2, 0],
            [UInt8](repeating: 33, count: 64),
            [5, 5, 5, 4, 5, 5],
            [3, 3],
        ]
        for sample in bad {
            var bytes = sample
            #expect(throws: GatewayError.self, "\(sample)") { try MessageCipher.unpad(&bytes) }
        }
    }
}
