import Foundation
import LinliGateways
import Testing

/// What the XML gateways refuse before anything reaches the store or a log line: control
/// characters (L7), oversized or invisible sender ids (L6), unbounded error text (L8).
@Suite("Input bounds of the XML gateways")
struct InputBoundsTests {
    private func failure(_ text: String) -> GatewayError? {
        do {
            _ = try XML.Reader().parse(text)
            return nil
        } catch {
            return error
        }
    }

    private func messageFailure(from user: String) -> GatewayError? {
        let xml = "<xml><ToUserName>gh</ToUserName><FromUserName><![CDATA[\(user)]]></FromUserName><CreateTime>1</CreateTime>"
            + "<MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>"
        do {
            _ = try WeChat.Message(xml: XML.Reader().parse(xml))
            return nil
        } catch {
            return error
        }
    }

    @Test("L7: raw C0 controls other than tab, LF and CR are refused wherever they stand", arguments: [
        "<xml><Content>凤鸣小区3号楼\u{0}有人飞线充电</Content></xml>",
        "<xml><Content><![CDATA[a\u{1}b]]></Content></xml>",
        "<xml><Content a=\"\u{1F}\">x</Content></xml>",
        "<xml><!-- \u{8} --><A/></xml>",
        "<xml>\u{B}<A/></xml>",
    ])
    func rawControls(text: String) throws {
        let error = try #require(failure(text))
        #expect(error.code == .malformedXML)
        #expect(error.position != nil)
    }

    @Test("L7: control characters as references are refused too", arguments: ["&#1;", "&#x1F;", "&#0;", "&#x0B;", "&#27;"])
    func referencedControls(reference: String) throws {
        #expect(failure("<xml><Content>a\(reference)b</Content></xml>")?.code == .malformedXML)
    }

    @Test("L7: tab, LF and CR, raw or referenced, are still text")
    func allowedWhitespace() throws {
        let root = try XML.Reader().parse("<xml><Content>a\tb\r\nc&#9;&#10;&#13;d</Content></xml>")
        #expect(root.value("Content") == "a\tb\r\nc\t\n\rd")
    }

    @Test("L8: a 60 KB element name gives a short error")
    func longNameInError() throws {
        let name = String(repeating: "A", count: 60_000)
        let error = try #require(failure("<xml><\(name)></xml>"))
        #expect(error.code == .malformedXML)
        #expect(error.description.count < 400)
        #expect(error.message.count <= GatewayError.maxValueLength + 1)
        let unclosed = try #require(failure("<xml><\(name)>text"))
        #expect(unclosed.description.count < 400)
    }

    @Test("L8: every error keeps message and value within maxValueLength")
    func errorsAreCapped() {
        let long = String(repeating: "x", count: 10_000)
        let error = GatewayError(.malformedXML, long, value: long)
        #expect(error.message.count == GatewayError.maxValueLength + 1)
        #expect(error.value?.count == GatewayError.maxValueLength + 1)
    }

    @Test("L6: a FromUserName longer than 128 bytes or with a control character is refused, naming the field", arguments: [
        String(repeating: "o", count: 129), String(repeating: "张", count: 43), "oUser\u{7F}", "oUser\u{85}x",
    ])
    func badSender(user: String) throws {
        let error = try #require(messageFailure(from: user))
        #expect(error.code == .invalidField)
        #expect(error.value == "FromUserName")
    }

    @Test("L6: OpenIDs, WeCom UserIDs and a 128-byte id are accepted", arguments: [
        "oQx7a5KJ2d8nA1bC3dE4fG5hI6jK", "ZhangSan", "li.si@corp", String(repeating: "o", count: 128),
    ])
    func goodSender(user: String) {
        #expect(messageFailure(from: user) == nil)
    }
}
