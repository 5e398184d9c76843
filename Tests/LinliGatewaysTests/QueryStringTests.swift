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

    @Test func badPercentEncodingIsRefused() {
        #expect {
            try QueryString.decode("echostr=%ZZ")
        } throws: { ($0 as? GatewayError)?.code == .malformedParameter }
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
