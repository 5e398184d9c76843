import Foundation
import LinliCore
import LinliGateways
import Testing

/// 订阅通知: the consent events a service account receives, and the notices it sends.
@Suite("订阅通知 events and notices")
struct SubscriptionTests {
    static func event(_ name: String, _ container: String, _ lists: String) -> String {
        """
        <xml><ToUserName><![CDATA[gh_123456789abc]]></ToUserName><FromUserName><![CDATA[otFpruAK8D-E6EfStSYonYSBZ8_4]]></FromUserName>
        <CreateTime>1610969440</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[\(name)]]></Event>
        <\(container)>\(lists)</\(container)></xml>
        """
    }

    static func list(_ template: String, _ status: String, scene: String? = "2") -> String {
        "<List><TemplateId><![CDATA[\(template)]]></TemplateId><SubscribeStatusString><![CDATA[\(status)]]></SubscribeStatusString>"
            + (scene.map { "<PopupScene>\($0)</PopupScene>" } ?? "") + "</List>"
    }

    static func parse(_ xml: String) throws -> WeChat.Message {
        try WeChat.Message(xml: XML.Reader().parse(xml))
    }

    @Test("a pop-up answer gives one choice per template; a banned template's status is no answer")
    func popup() throws {
        let message = try Self.parse(Self.event("subscribe_msg_popup_event", "SubscribeMsgPopupEvent",
                                                Self.list("TPL-A", "accept") + Self.list("TPL-B", "reject") + Self.list("TPL-C", "ban")))
        #expect(message.content == .event(.subscriptionChoices([.init(templateID: "TPL-A", accepted: true),
                                                                .init(templateID: "TPL-B", accepted: false)])))
        #expect(message.fromUserName == "otFpruAK8D-E6EfStSYonYSBZ8_4")
    }

    @Test("a change in the settings is a refusal, under either element name the platform uses")
    func change() throws {
        for container in ["SubscribeMsgChangeEvent", "SubscribeMsgPopupEvent"] {
            let message = try Self.parse(Self.event("subscribe_msg_change_event", container, Self.list("TPL-A", "reject", scene: nil)))
            #expect(message.content == .event(.subscriptionChoices([.init(templateID: "TPL-A", accepted: false)])))
        }
    }

    @Test("an event without a template id, or with no answer at all, is refused naming the element")
    func malformed() {
        let missing = #expect(throws: GatewayError.self) {
            try Self.parse(Self.event("subscribe_msg_popup_event", "SubscribeMsgPopupEvent",
                                      "<List><SubscribeStatusString>accept</SubscribeStatusString></List>"))
        }
        #expect(missing?.value == "TemplateId")
        let empty = #expect(throws: GatewayError.self) {
            try Self.parse(Self.event("subscribe_msg_popup_event", "SubscribeMsgPopupEvent", ""))
        }
        #expect(empty?.code == .missingField)
    }

    @Test("values are fitted to their field types: thing 20 with …, phrase 5 Han, character_string 32 ASCII, number digits")
    func fitting() throws {
        let message = try SubscribeMessage(templateID: "TPL", page: "https://linli.example.cn/r/12", values: [
            "thing1": "凤鸣小区3号楼楼道灯坏了好几天晚上黑乎乎的很危险",
            "phrase2": "已办结 ok",
            "character_string3": "#12 工单",
            "number4": "共 3.5 小时",
            "time5": "2026年12月6日 15:01",
            "name6": "王网格员王网格员王网格员",
        ])
        #expect(message.data["thing1"] == "凤鸣小区3号楼楼道灯坏了好几天晚上黑乎…")
        #expect(message.data["thing1"]?.count == 20)
        #expect(message.data["phrase2"] == "已办结")
        #expect(message.data["character_string3"] == "#12")
        #expect(message.data["number4"] == "3.5")
        #expect(message.data["time5"] == "2026年12月6日 15:01")
        #expect(message.data["name6"] == "王网格员王网格员王网")
        #expect(message.body(to: "openid-1") == #"{"touser":"openid-1","template_id":"TPL","page":"https://linli.example.cn/r/12","data":{"#
            + ##""character_string3":{"value":"#12"},"name6":{"value":"王网格员王网格员王网"},"number4":{"value":"3.5"},"phrase2":{"value":"已办结"},"##
            + #""thing1":{"value":"凤鸣小区3号楼楼道灯坏了好几天晚上黑乎…"},"time5":{"value":"2026年12月6日 15:01"}}}"#)
    }

    @Test("an unknown field type, or a value nothing of which fits, is refused before sending")
    func refused() {
        for (key, value) in [("keyword1", "x"), ("thing", "x"), ("phrase1", "ok"), ("number1", "三")] {
            let error = #expect(throws: GatewayError.self) { try SubscribeMessage(templateID: "TPL", values: [key: value]) }
            #expect(error?.value == key)
        }
    }

    @Test("the send is a POST to bizsend with the token in the query and the notice as JSON")
    func request() throws {
        let api = WeChatAPI(configuration: .init(appID: "wx1", appSecret: "s", apiBase: URL(string: "http://127.0.0.1:9/t")!),
                            httpClient: URLSessionHTTPClient())
        let message = try SubscribeMessage(templateID: "TPL", values: ["thing1": "路灯"])
        let request = try api.subscribeRequest(message, to: "openid-1", accessToken: "TOKEN-1")
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "http://127.0.0.1:9/t/cgi-bin/message/subscribe/bizsend?access_token=TOKEN-1")
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"touser":"openid-1","template_id":"TPL","data":{"thing1":{"value":"路灯"}}}"#)
    }
}
