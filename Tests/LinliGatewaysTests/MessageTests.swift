import LinliGateways
import Testing

@Suite("Typed inbound messages")
struct MessageTests {
    private func message(_ xml: String) throws -> WeChat.Message {
        try WeChat.Message(xml: XML.Reader().parse(xml))
    }

    private func failure(_ xml: String) -> GatewayError? {
        do {
            _ = try message(xml)
            return nil
        } catch {
            return error as? GatewayError
        }
    }

    @Test("text (§3.4 example, with MsgDataId/Idx ignored)")
    func text() throws {
        let parsed = try message("""
            <xml>
            <ToUserName><![CDATA[toUser]]></ToUserName>
            <FromUserName><![CDATA[fromUser]]></FromUserName>
            <CreateTime>1348831860</CreateTime>
            <MsgType><![CDATA[text]]></MsgType>
            <Content><![CDATA[this is a test]]></Content>
            <MsgId>1234567890123456</MsgId>
            <MsgDataId>xxxx</MsgDataId>
            <Idx>xxxx</Idx>
            </xml>
            """)
        #expect(parsed.toUserName == "toUser")
        #expect(parsed.fromUserName == "fromUser")
        #expect(parsed.createTime == 1_348_831_860)
        #expect(parsed.msgType == "text")
        #expect(parsed.msgID == 1_234_567_890_123_456)
        #expect(parsed.agentID == nil)
        #expect(parsed.content == .text("this is a test"))
        #expect(parsed.fields["MsgDataId"] == "xxxx")
        #expect(parsed.dedupeKey == "msg:1234567890123456")
    }

    @Test("numbers may be padded with white space and newlines; blank optional numbers are absent; words are refused")
    func paddedNumbers() throws {
        let head = "<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>x</Content>"
        let padded = try message(head + "<CreateTime>\n\t 1348831860 \r\n</CreateTime><MsgId>\u{3000}42 </MsgId></xml>")
        #expect(padded.createTime == 1_348_831_860)
        #expect(padded.msgID == 42)
        #expect(try message(head + "<CreateTime>7</CreateTime><MsgId> \n </MsgId></xml>").msgID == nil)
        #expect(failure(head + "<CreateTime>1 2</CreateTime></xml>")?.code == .invalidField)
        #expect(failure(head + "<CreateTime> </CreateTime></xml>")?.code == .invalidField)
    }

    @Test("MsgId is a full 64-bit integer (S1: 24567890123456789 exceeds Int32 and Double precision)")
    func largeMsgID() throws {
        let vector = try Vectors.safe("S1")
        let parsed = try message(vector.msg)
        #expect(parsed.msgID == 24_567_890_123_456_789)
        #expect(parsed.content == .text("你好，世界 hello"))
        #expect(try message("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>18446744073709551615</MsgId></xml>").msgID == .max)
    }

    @Test func image() throws {
        let parsed = try message("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p/x.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>5</MsgId></xml>")
        #expect(parsed.content == .image(picURL: "http://p/x.jpg", mediaID: "m1"))
    }

    @Test("voice with recognition (§3.4 example)")
    func voice() throws {
        let parsed = try message("""
            <xml>
            <ToUserName><![CDATA[toUser]]></ToUserName>
            <FromUserName><![CDATA[fromUser]]></FromUserName>
            <CreateTime>1357290913</CreateTime>
            <MsgType><![CDATA[voice]]></MsgType>
            <MediaId><![CDATA[media_id]]></MediaId>
            <Format><![CDATA[Format]]></Format>
            <Recognition><![CDATA[腾讯微信团队]]></Recognition>
            <MsgId>1234567890123456</MsgId>
            </xml>
            """)
        #expect(parsed.content == .voice(mediaID: "media_id", format: "Format", recognition: "腾讯微信团队"))
        let withoutRecognition = try message("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><Format>amr</Format><MsgId>2</MsgId></xml>")
        #expect(withoutRecognition.content == .voice(mediaID: "m", format: "amr", recognition: nil))
    }

    @Test("location and link (§3.4 examples)")
    func locationAndLink() throws {
        let location = try message("""
            <xml>
            <ToUserName><![CDATA[toUser]]></ToUserName>
            <FromUserName><![CDATA[fromUser]]></FromUserName>
            <CreateTime>1351776360</CreateTime>
            <MsgType><![CDATA[location]]></MsgType>
            <Location_X>23.134521</Location_X>
            <Location_Y>113.358803</Location_Y>
            <Scale>20</Scale>
            <Label><![CDATA[位置信息]]></Label>
            <MsgId>1234567890123456</MsgId>
            </xml>
            """)
        #expect(location.content == .location(latitude: 23.134521, longitude: 113.358803, scale: 20, label: "位置信息"))
        let link = try message("""
            <xml>
            <ToUserName><![CDATA[toUser]]></ToUserName>
            <FromUserName><![CDATA[fromUser]]></FromUserName>
            <CreateTime>1351776360</CreateTime>
            <MsgType><![CDATA[link]]></MsgType>
            <Title><![CDATA[公众平台官网链接]]></Title>
            <Description><![CDATA[公众平台官网链接]]></Description>
            <Url><![CDATA[url]]></Url>
            <MsgId>1234567890123456</MsgId>
            </xml>
            """)
        #expect(link.content == .link(title: "公众平台官网链接", description: "公众平台官网链接", url: "url"))
    }

    private static func event(_ body: String, type: String = "event") -> String {
        "<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[\(type)]]></MsgType>\(body)</xml>"
    }

    @Test("events of §3.5 and §4.4", arguments: [
        ("<Event><![CDATA[subscribe]]></Event>", WeChat.Message.Event.subscribe(eventKey: nil, ticket: nil)),
        ("<Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>",
         .subscribe(eventKey: "qrscene_123123", ticket: "TICKET")),
        ("<Event><![CDATA[unsubscribe]]></Event>", .unsubscribe),
        ("<Event><![CDATA[SCAN]]></Event><EventKey><![CDATA[SCENE_VALUE]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>",
         .scan(eventKey: "SCENE_VALUE", ticket: "TICKET")),
        ("<Event><![CDATA[LOCATION]]></Event><Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>",
         .location(latitude: 23.137466, longitude: 113.352425, precision: 119.38504)),
        ("<Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[EVENTKEY]]></EventKey>", .click(eventKey: "EVENTKEY")),
        ("<Event><![CDATA[click]]></Event><EventKey><![CDATA[MENU_HELP]]></EventKey><AgentID>1</AgentID>", .click(eventKey: "MENU_HELP")),
        ("<Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[www.qq.com]]></EventKey><MenuId>MENUID</MenuId>", .view(url: "www.qq.com", menuID: "MENUID")),
        ("<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey><AgentID>1</AgentID>", .enterAgent),
        ("<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200163836</MsgID><Status><![CDATA[success]]></Status>",
         .other(name: "TEMPLATESENDJOBFINISH", eventKey: nil)),
    ])
    func events(body: String, expected: WeChat.Message.Event) throws {
        let parsed = try message(Self.event(body))
        #expect(parsed.content == .event(expected))
        #expect(parsed.msgID == nil)
        #expect(parsed.dedupeKey.hasPrefix("evt:FromUser|123456789|"))
    }

    @Test("MsgType is compared case-insensitively but kept as received")
    func caseInsensitiveType() throws {
        let parsed = try message(Self.event("<Event>Subscribe</Event>", type: "EVENT"))
        #expect(parsed.content == .event(.subscribe(eventKey: nil, ticket: nil)))
        #expect(parsed.msgType == "EVENT")
    }

    @Test("WeCom text (V-F plaintext) carries AgentID")
    func wecomText() throws {
        let vectors = try Vectors.load()
        let parsed = try message(vectors.officialDecrypted.wecomSampleMsgPlain)
        #expect(parsed.agentID == 1_000_002)
        #expect(parsed.content == .text("你好"))
        #expect(parsed.fromUserName == "ChenJiaShun")
        #expect(parsed.msgID == 1_456_453_720)
    }

    @Test("dedupe keys: events differ by Event and EventKey, not only by sender and second")
    func dedupeKeys() throws {
        let click = try message(Self.event("<Event>CLICK</Event><EventKey>A</EventKey>"))
        let otherClick = try message(Self.event("<Event>CLICK</Event><EventKey>B</EventKey>"))
        let view = try message(Self.event("<Event>VIEW</Event><EventKey>A</EventKey>"))
        let again = try message(Self.event("<Event>CLICK</Event><EventKey>A</EventKey>"))
        #expect(click.dedupeKey == again.dedupeKey)
        #expect(Set([click.dedupeKey, otherClick.dedupeKey, view.dedupeKey]).count == 3)
        #expect(click.dedupeKey == "evt:FromUser|123456789|CLICK|A")
    }

    @Test("unknown message types are kept by name", arguments: ["video", "shortvideo", "file"])
    func otherTypes(type: String) throws {
        let parsed = try message("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>\(type)</MsgType><MediaId>m</MediaId><MsgId>9</MsgId></xml>")
        #expect(parsed.content == .other(type: type))
        #expect(parsed.fields["MediaId"] == "m")
    }

    @Test("missing required elements name the element", arguments: [
        ("<xml><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>", "ToUserName"),
        ("<xml><ToUserName>a</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>", "FromUserName"),
        ("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>", "CreateTime"),
        ("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><Content>x</Content></xml>", "MsgType"),
        ("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>", "Content"),
        ("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><PicUrl>p</PicUrl></xml>", "MediaId"),
        ("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>", "Event"),
        ("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>CLICK</Event></xml>", "EventKey"),
        ("<xml><ToUserName></ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>", "ToUserName"),
    ])
    func missingFields(xml: String, field: String) {
        let error = failure(xml)
        #expect(error?.code == .missingField)
        #expect(error?.value == field)
    }

    @Test("unparsable numbers name the element", arguments: [
        ("<CreateTime>yesterday</CreateTime><MsgType>text</MsgType><Content>x</Content>", "CreateTime"),
        ("<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>-1</MsgId>", "MsgId"),
        ("<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>18446744073709551616</MsgId>", "MsgId"),
        ("<CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><AgentID>app</AgentID>", "AgentID"),
        ("<CreateTime>1</CreateTime><MsgType>location</MsgType><Location_X>north</Location_X><Location_Y>1</Location_Y>", "Location_X"),
        ("<CreateTime>1</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>1</Latitude><Longitude>nan</Longitude>", "Longitude"),
    ])
    func invalidFields(body: String, field: String) {
        let error = failure("<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName>\(body)</xml>")
        #expect(error?.code == .invalidField)
        #expect(error?.value == field)
    }

    @Test func rootMustBeXml() {
        #expect(failure("<root><MsgType>text</MsgType></root>")?.code == .malformedXML)
    }
}
