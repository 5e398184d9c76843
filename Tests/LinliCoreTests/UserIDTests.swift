import Foundation
import LinliCore
import Testing

@Suite("user ids")
struct UserIDTests {
    @Test("an id is its channel and the channel's id, written channel:id")
    func parts() throws {
        let id = try UserID("wechat:oAbc:def")
        #expect(id.channel == "wechat")
        #expect(id.id == "oAbc:def")
        #expect(id.rawValue == "wechat:oAbc:def")
        #expect(try UserID(channel: "webhook", id: "u1").rawValue == "webhook:u1")
    }

    @Test("ids are equal by bytes: a look-alike spelling of a staff id is another user")
    func bytes() throws {
        let kate = try UserID("webhook:Kate")
        let kelvin = try UserID("webhook:\u{212A}ate")
        #expect("webhook:Kate" == "webhook:\u{212A}ate", "Swift's String == would confuse them")
        #expect(kate != kelvin)
        #expect(Set([kate, kelvin]).count == 2)
        #expect(kate.dedupeKey(messageID: "1") != kelvin.dedupeKey(messageID: "1"))
    }

    @Test("ids that are empty, too long, or hold control characters are refused", arguments: [
        "webhook:", ":x", "x", "Web:x", "we chat:x", "webhook:a\u{0}b", "webhook:a\nb", "webhook:a\u{7F}", "webhook:a\u{85}",
        "webhook:" + String(repeating: "a", count: 129),
    ])
    func refused(raw: String) {
        #expect(throws: CoreError.self) { try UserID(raw) }
    }

    @Test("128 bytes of id, and any printable Unicode, are accepted")
    func bounds() throws {
        #expect(try UserID("webhook:" + String(repeating: "a", count: 128)).id.utf8.count == 128)
        #expect(try UserID("repl:王网格员").id == "王网格员")
    }

    @Test("a log sees the channel and four characters, never the whole id")
    func redacted() throws {
        let id = try UserID("wechat:oUser1234567890")
        #expect(id.redacted == "wechat:oUse…")
        #expect(!id.redacted.contains("1234567890"))
    }

    @Test("JSON carries an id as its channel:id string and refuses a bad one")
    func codable() throws {
        let id = try UserID("wecom:zhangsan")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["wecom:zhangsan"]"#)
        #expect(try JSONDecoder().decode([UserID].self, from: data) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([UserID].self, from: Data(#"["nochannel"]"#.utf8)) }
    }

    @Test("a dedupe key in an error names the message but only the start of its sender")
    func redactedDedupeKey() throws {
        let key = try UserID("webhook:13711112222").dedupeKey(messageID: "m|1")
        #expect(Redaction.dedupeKey(key) == "webhook:1371…|m|1")
        #expect(!Redaction.dedupeKey("wechat:msg:13711112222").contains("13711112222"))
        #expect(!Redaction.dedupeKey("99:webhook:13711112222|x").contains("13711112222"))
    }

    @Test("a request filter by resident matches ids by bytes, the opener's and the followers'")
    func queriesCompareBytes() {
        let request = ServiceRequest(number: 1, intent: "sanitation", status: .assigned, resident: "webhook:Kate", text: "",
                                     slots: [:], route: "grid_worker", followers: ["webhook:Kim"], openedAt: Date())
        #expect(RequestQuery(resident: "webhook:Kate").matches(request))
        #expect(RequestQuery(resident: "webhook:Kim").matches(request))
        #expect(!RequestQuery(resident: "webhook:\u{212A}ate").matches(request))
        #expect(!RequestQuery(resident: "webhook:\u{212A}im").matches(request))
    }
}
