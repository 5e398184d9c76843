import Foundation
import LinliGateways
import Testing

@Suite("Query strings")
struct QueryStringTests {
    @Test func percentDecodingKeepsPlus() throws {
        let query = try QueryString.decode("?a=1&echostr=x%2By%2Fz%3D%3D&b=c+d&empty=&flag&a=2")
        #expect(query["a"] == "1")
        #expect(query["echostr"] == "x+y/z==")
        #expect(query["b"] == "c+d")
        #expect(query["empty"] == "")
        #expect(query["flag"] == "")
    }

    @Test(arguments: ["echostr=%ZZ", "a=%", "a=x%4", "a=%G1", "%=1", "a=%C3%28", "a=%FF"])
    func badPercentEncodingIsRefused(query: String) {
        #expect {
            try QueryString.decode(query)
        } throws: { ($0 as? GatewayError)?.code == .malformedParameter }
    }

    /// The decoder agrees with Foundation's `removingPercentEncoding`, good input and bad:
    /// escapes in both cases of hex, multi-byte UTF-8, raw non-ASCII, truncated and invalid
    /// escapes, and bytes that are not UTF-8.
    @Test(arguments: ["", "plain", "a%20b", "%e4%BD%A0%E5%A5%bd", "邻里%21", "100%25", "%2", "%", "%zz", "%C3%28",
                      "%F0%9F%98%80", "x+y", "%00", "%ED%A0%80"])
    func percentDecodingAgreesWithFoundation(text: String) {
        #expect(QueryString.percentDecoded(text[...]) == text.removingPercentEncoding)
    }
}

@Suite("Gateway error")
struct GatewayErrorTests {
    @Test("attacker-sized values are cut before they can reach a log")
    func valueIsBounded() {
        let error = GatewayError(.badSignature, "signature does not match", value: String(repeating: "f", count: 10_000))
        #expect(error.value?.count == GatewayError.maxValueLength + 1)
        #expect(error.description.count < 300)
        #expect(GatewayError(.missingField, "m", value: "Content").value == "Content")
    }
}
