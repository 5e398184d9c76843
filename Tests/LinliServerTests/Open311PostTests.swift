import Foundation
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import LinliSQLite
import Testing

/// `POST /open311/v2/requests.json|xml`, with the scenarios of mySociety's open311-adapter
/// (`t/open311/endpoint.t`) ported to linli's catalog: `flying_wire_charging` plays their `POT`
/// (two required attributes), `human_handoff` their `BIN` (none).
@Suite("open311 POST")
struct Open311PostTests {
    static let key = "test-open311-key"
    static let place = "service_code=flying_wire_charging&attribute%5Bcommunity%5D=%E5%87%A4%E9%B8%A3%E5%B0%8F%E5%8C%BA"
        + "&attribute%5Bbuilding%5D=4&address_string=22+Acacia+Avenue&first_name=Bob&last_name=Mould"
    static let reporter = Open311.Access.reporter(forKey: key)

    static func harness(key: String? = Self.key, jurisdiction: String? = "linli.example") throws -> Harness {
        var harness = try Harness()
        harness.configuration.open311 = Open311.Access(apiKey: key, jurisdictionID: jurisdiction)
        return harness
    }

    @Test("a POST is refused, and nothing stored, without a service_code, an api_key, a known code, a required attribute or a location", arguments: [
        ("api_key=\(key)", 400, "service_code is required"),
        ("service_code=human_handoff&address_string=here", 403, "api_key is missing or not valid"),
        ("api_key=wrong&service_code=human_handoff&address_string=here", 403, "api_key is missing or not valid"),
        ("api_key=\(key)&service_code=BADGER&address_string=here", 404, "no service with code BADGER"),
        ("api_key=\(key)&service_code=greeting&address_string=here", 404, "no service with code greeting"),
        ("api_key=\(key)&service_code=flying_wire_charging&address_string=here&attribute%5Bcommunity%5D=x", 400, "attribute[building] is required"),
        ("api_key=\(key)&service_code=flying_wire_charging&address_string=here&attribute%5Bbuilding%5D=4&attribute%5Bcommunity%5D=+", 400, "attribute[community] is required"),
        ("api_key=\(key)&service_code=human_handoff", 400, "a location is required: lat and long, address_string or address_id"),
        ("api_key=\(key)&service_code=human_handoff&lat=34.1", 400, "lat and long go together"),
        ("api_key=\(key)&service_code=human_handoff&lat=91&long=108", 400, "lat is not a WGS-84 coordinate"),
        ("api_key=\(key)&service_code=human_handoff&lat=34&long=nan", 400, "long is not a WGS-84 coordinate"),
        ("api_key=\(key)&service_code=human_handoff&address_id=7&media_url=javascript:alert(1)", 400, "media_url is not an http(s) URL"),
        ("api_key=\(key)&service_code=human_handoff&address_id=7&description=a%01b", 400, "description holds a control character"),
        ("api_key=\(key)&service_code=human_handoff&address_id=7&description=\(String(repeating: "x", count: 4_001))", 400, "description is longer than 4000 characters"),
        ("api_key=\(key)&jurisdiction_id=elsewhere&service_code=human_handoff&address_id=7", 404, "jurisdiction_id not found"),
        ("api_key=\(key)&service_code=human_handoff&address_id=%ZZ", 400, "bad percent-encoding in a parameter value"),
    ])
    func refused(form: String, status: Int, description: String) async throws {
        let harness = try Self.harness()
        let (json, xml) = try await harness.test { client in
            (try await client.open311Post("/open311/v2/requests.json", form: form), try await client.open311Post("/open311/v2/requests.xml", form: form))
        }
        #expect(json.status.code == status)
        #expect(json.text == #"[{"code":\#(status),"description":"\#(description)"}]"#)
        #expect(xml.status.code == status)
        #expect(xml.text == #"<?xml version="1.0" encoding="utf-8"?><errors><error><code>\#(status)</code><description>\#(description)</description></error></errors>"#)
        let counts = try harness.counts()
        #expect(counts.inbox == 0 && counts.requests == 0 && counts.events == 0 && counts.outbox == 0)
    }

    @Test("with no api_key configured POST is refused 403; POST to another resource is 404; a body over the cap is 413")
    func disabled() async throws {
        let off = try Self.harness(key: nil)
        let refused = try await off.test { client in try await client.open311Post("/open311/v2/requests.json", form: "api_key=&\(Self.place)") }
        #expect(refused.status == .forbidden && refused.text == #"[{"code":403,"description":"POST is not enabled on this server"}]"#)
        let on = try Self.harness()
        let other = try await on.test { client in try await client.open311Post("/open311/v2/services.json", form: "api_key=\(Self.key)&\(Self.place)") }
        #expect(other.status == .notFound && other.text == #"[{"code":404,"description":"no such resource"}]"#)
        let large = try await on.test { client in
            try await client.open311Post("/open311/v2/requests.xml", form: "api_key=\(Self.key)&\(Self.place)&description=" + String(repeating: "x", count: 70_000))
        }
        #expect(large.status == .contentTooLarge)
        #expect(large.text == #"<?xml version="1.0" encoding="utf-8"?><errors><error><code>413</code><description>body over 65536 bytes</description></error></errors>"#)
        #expect(try off.counts().requests == 0 && on.counts().requests == 0)
    }

    @Test("a valid POST opens and routes a request like a chat report: JSON and XML answers in the spec's shape")
    func opens() async throws {
        let harness = try Self.harness()
        let (json, xml) = try await harness.test { client in
            (try await client.open311Post("/open311/v2/requests.json", form: "api_key=\(Self.key)&jurisdiction_id=linli.example&\(Self.place)"),
             try await client.open311Post("/open311/v2/requests.xml", form: "api_key=\(Self.key)&\(Self.place)&description=%E7%94%B5%E7%BA%BF%E4%BB%8E%E4%B8%89%E6%A5%BC%E6%8B%89%E4%B8%8B%E6%9D%A5"))
        }
        #expect(json.status == .ok && json.headers[.contentType] == "application/json; charset=utf-8")
        #expect(json.text == #"[{"service_request_id":"1","service_notice":"已受理，工单号 #1（飞线充电），已派给东关第一网格的工作人员，有进展会第一时间通知您。"}]"#)
        #expect(xml.status == .ok && xml.headers[.contentType] == "text/xml; charset=utf-8")
        #expect(xml.text == #"<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>2</service_request_id>"#
            + "<service_notice>已受理，工单号 #2（飞线充电），已派给东关第一网格的工作人员，有进展会第一时间通知您。</service_notice></request></service_requests>")
        let requests = try harness.requests()
        #expect(requests.map(\.number) == [1, 2])
        let first = try #require(requests.first)
        #expect(first.status == .assigned && first.grid == "g1" && first.route == "grid_worker" && first.intent == "flying_wire_charging")
        #expect(first.resident == Self.reporter && first.resident.hasPrefix("georeport:") && !first.resident.contains(Self.key))
        #expect(first.slots == ["community": "凤鸣小区", "building": "4", "location": "22 Acacia Avenue"])
        #expect(first.text == "飞线充电" && requests[1].text == "电线从三楼拉下来")
        let events = try harness.sqlite.read { try $0.events(request: 1) }
        #expect(events.map(\.kind) == [.opened, .assigned] && events.first?.actor == Self.reporter)
        let told = try harness.outbox(for: "wechat:worker-openid")
        #expect(told.count == 2 && told[0].contains("#1") && told[0].contains("凤鸣小区"))
        #expect(try harness.counts().inbox == 2)
    }

    @Test("any attributes are let through; an empty optional attribute is no attribute; a point and a picture are attachments")
    func attributes() async throws {
        let harness = try Self.harness()
        let form = "api_key=\(Self.key)&service_code=human_handoff&lat=34.26&long=108.94&first_name=Bob"
            + "&attribute%5Bshape%5D=starfish&attribute%5BWhat+is+this%3F%5D=starfish&attribute%5Bunit%5D=&attribute%5Bcommunity%5D=%E4%B8%9C%E5%85%B3%E7%A4%BE%E5%8C%BA"
            + "&media_url=https%3A%2F%2Fexample.org%2Fa.jpg&phone=13812345678"
        let answer = try await harness.test { client in try await client.open311Post("/open311/v2/requests.json", form: form) }
        #expect(answer.status == .ok)
        #expect(answer.text == #"[{"service_request_id":"1","service_notice":"好的，已请工作人员联系您（工单 #1），请稍候。"}]"#)
        let request = try #require(try harness.requests().first)
        #expect(request.slots == ["community": "东关社区", "phone": "13812345678"])
        #expect(request.attachments == ["位置：34.26000,108.94000", "图片：https://example.org/a.jpg"])
        #expect(request.grid == "g1" && request.route == "grid_worker")
    }

    @Test("a POST's lat/long come back on GET for a shared place's problem (WGS-84, six places), never for one person's case")
    func pointsOnGet() async throws {
        let harness = try Self.harness()
        let sanitation = "api_key=\(Self.key)&service_code=sanitation&attribute%5Bcommunity%5D=%E5%87%A4%E9%B8%A3%E5%B0%8F%E5%8C%BA"
            + "&lat=34.2612345&long=108.9401234"
        let handoff = "api_key=\(Self.key)&service_code=human_handoff&lat=34.26&long=108.94"
        let (report, own, xml) = try await harness.test { client in
            _ = try await client.open311Post("/open311/v2/requests.json", form: sanitation)
            _ = try await client.open311Post("/open311/v2/requests.json", form: handoff)
            return (try await client.open311Get("/open311/v2/requests/1.json").text, try await client.open311Get("/open311/v2/requests/2.json").text,
                    try await client.open311Get("/open311/v2/requests/1.xml").text)
        }
        #expect(report.contains(#""lat":34.261235,"long":108.940123,"#), "\(report)")
        #expect(xml.contains("<lat>34.261235</lat><long>108.940123</long>"), "\(xml)")
        #expect(own.contains(#""lat":null,"long":null,"#), "\(own)")
        let stored = try #require(try harness.requests().first { $0.number == 1 })
        #expect(stored.place == Place(latitude: 34.2612345, longitude: 108.9401234, datum: .wgs84))
    }

    @Test("a retried POST answers the same id and opens nothing; another POST opens another request")
    func retry() async throws {
        let harness = try Self.harness()
        let form = "api_key=\(Self.key)&\(Self.place)"
        let (first, again, other) = try await harness.test { client in
            (try await client.open311Post("/open311/v2/requests.json", form: form).text,
             try await client.open311Post("/open311/v2/requests.json", form: form + "&api_key=ignored-second").text,
             try await client.open311Post("/open311/v2/requests.json", form: form + "&attribute%5Bunit%5D=2").text)
        }
        #expect(first == again && first.contains(#""service_request_id":"1""#))
        #expect(other.contains(#""service_request_id":"2""#))
        let counts = try harness.counts()
        #expect(counts.requests == 2 && counts.events == 4 && counts.outbox == 2)
    }

    @Test("a POST about a place another resident reported is linked to that request, as the chat links it")
    func linked() async throws {
        let harness = try Self.harness()
        try harness.sqlite.write { transaction in
            try transaction.save(ServiceRequest(number: 1, intent: "flying_wire_charging", status: .assigned, resident: "wechat:resident", text: "飞线",
                                                slots: ["community": "凤鸣小区", "building": "4"], grid: "g1", route: "grid_worker",
                                                openedAt: Open311RouteTests.now.addingTimeInterval(-60)))
        }
        let answer = try await harness.test { client in try await client.open311Post("/open311/v2/requests.json", form: "api_key=\(Self.key)&\(Self.place)") }
        #expect(answer.text == #"[{"service_request_id":"1","service_notice":"这个问题已经有人反映过了（工单 #1），正在处理中，办好后会一并通知您。"}]"#)
        #expect(try harness.requests().count == 1 && harness.requests().first?.followers == [Self.reporter])
    }

    @Test("GET after POST: the list, the filters and requests/{id} show the posted requests in the spec's shape, without the reporter")
    func readBack() async throws {
        let harness = try Self.harness()
        let (all, filtered, none, single) = try await harness.test { client in
            _ = try await client.open311Post("/open311/v2/requests.json", form: "api_key=\(Self.key)&\(Self.place)")
            _ = try await client.open311Post("/open311/v2/requests.json", form: "api_key=\(Self.key)&\(Self.place)&attribute%5Bunit%5D=2")
            return (try await client.open311Get("/open311/v2/requests.xml").text,
                    try await client.open311Get("/open311/v2/requests.xml", query: "service_code=flying_wire_charging&jurisdiction_id=linli.example").text,
                    try await client.open311Get("/open311/v2/requests.xml", query: "service_code=sanitation").text,
                    try await client.open311Get("/open311/v2/requests/1.xml").text)
        }
        let request1 = "<request><service_request_id>1</service_request_id><status>open</status><status_notes>已派单，等待接单</status_notes>"
            + "<service_name>飞线充电</service_name><service_code>flying_wire_charging</service_code><description>飞线充电</description>"
            + "<agency_responsible>东关第一网格</agency_responsible><service_notice></service_notice>"
            + "<requested_datetime>2024-04-26T14:20:45+08:00</requested_datetime><updated_datetime>2024-04-26T14:20:45+08:00</updated_datetime>"
            + "<expected_datetime></expected_datetime><address>凤鸣小区 4号楼 22 Acacia Avenue</address><address_id></address_id>"
            + "<zipcode></zipcode><lat></lat><long></long><media_url></media_url></request>"
        let head = #"<?xml version="1.0" encoding="utf-8"?><service_requests>"#
        #expect(single == head + request1 + "</service_requests>")
        #expect(all.hasPrefix(head + "<request><service_request_id>2</service_request_id>") && all.hasSuffix(request1 + "</service_requests>"))
        #expect(filtered == all)
        #expect(none == head + "</service_requests>")
        #expect(!all.contains("georeport") && !all.contains(Self.key))
    }

    @Test("jurisdiction_id: a GET naming another one is 404; naming none or the configured one passes")
    func jurisdiction() async throws {
        let harness = try Self.harness()
        let (other, none, same) = try await harness.test { client in
            (try await client.open311Get("/open311/v2/services.json", query: "jurisdiction_id=elsewhere"),
             try await client.open311Get("/open311/v2/services/human_handoff.xml"),
             try await client.open311Get("/open311/v2/requests/1.json", query: "jurisdiction_id=linli.example"))
        }
        #expect(other.status == .notFound && other.text == #"[{"code":404,"description":"jurisdiction_id not found"}]"#)
        #expect(none.status == .ok)
        #expect(same.status == .notFound && same.text.contains("no service request with id 1"))
    }

    @Test("GET services and a definition: every field of one service and of a definition, in both formats (endpoint.t's first subtests)")
    func exactShapes() async throws {
        let harness = try Self.harness()
        let (json, xml, definition) = try await harness.test { client in
            (try await client.open311Get("/open311/v2/services.json").text, try await client.open311Get("/open311/v2/services.xml").text,
             try await client.open311Get("/open311/v2/services/flying_wire_charging.xml").text)
        }
        let intent = try #require(Harness.nlu.catalog.intent("human_handoff"))
        let about = intent.description.trimmingCharacters(in: .whitespacesAndNewlines)
        let keywords = intent.keywords.joined(separator: ",")
        #expect(json.contains(#"{"service_code":"human_handoff","service_name":"转人工","description":"\#(about)","metadata":false,"type":"realtime","keywords":"\#(keywords)","group":"handoff"}"#))
        #expect(xml.contains("<service><service_code>human_handoff</service_code><service_name>转人工</service_name><description>\(about)</description>"
            + "<metadata>false</metadata><type>realtime</type><keywords>\(keywords)</keywords><group>handoff</group></service>"))
        #expect(definition == #"<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>flying_wire_charging</service_code><attributes>"#
            + "<attribute><variable>true</variable><code>community</code><datatype>string</datatype><required>true</required><datatype_description></datatype_description><order>1</order><description>请问是哪个小区（社区）？</description></attribute>"
            + "<attribute><variable>true</variable><code>building</code><datatype>string</datatype><required>true</required><datatype_description></datatype_description><order>2</order><description>请问是几号楼？</description></attribute>"
            + "</attributes></service_definition>")
    }
}
