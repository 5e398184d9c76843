import Foundation
import LinliGateways

/// Shared fixtures: deterministic randomness and the official vector constants of §7.1.
enum Fixtures {
    /// A random source that always yields `bytes`, so encryption reproduces published vectors.
    static func fixedRandom(_ bytes: [UInt8]) -> RandomSource {
        RandomSource { _ in bytes }
    }

    static func fixedRandom(_ ascii: String) -> RandomSource {
        fixedRandom(Array(ascii.utf8))
    }

    /// A date at the given Unix second.
    static func at(_ seconds: String) -> Date {
        Date(timeIntervalSince1970: TimeInterval(Int64(seconds)!))
    }

    // V-C / V-D: official 公众号 safe-mode example, key = 32 zero bytes.
    static let officialToken = "AAAAA"
    static let officialKey = String(repeating: "A", count: 43)
    static let officialAppID = "wxba5fad812f8e6fb9"

    // V-E / V-F: official WeCom sample; its key is non-canonical base64.
    static let wecomToken = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
    static let wecomKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
    static let wecomCorpID = "ww1436e0e65a779aee"

    // V-G: wechatpy tests/test_crypto.py (WeCom).
    static let wechatpyToken = "123456"
    static let wechatpyKey = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
    static let wechatpyCorpID = "wx49f0ab532d5d035a"
}

/// The official WeCom sample POST of §4.3 / V-F.
enum WeComSample {
    static let timestamp = "1476422779"
    static let nonce = "1597212914"
    static let msgSignature = "0c3914025cb4b4d68103f6bfc8db550f79dcf48e"
    static let encrypt = "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+"
    static let body = """
        <xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>
        <Encrypt><![CDATA[\(encrypt)]]></Encrypt>
        <AgentID><![CDATA[1000002]]></AgentID>
        </xml>
        """
}
