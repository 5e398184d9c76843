import Foundation
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import LinliSQLite
import Testing

@Suite("open311 routes")
struct Open311RouteTests {
    /// 2024-04-26T14:20:45+08:00, the harness's clock.
    static let now = Date(timeIntervalSince1970: TimeInterval(Harness.start))
    static let resident = "wechat:resident-openid-7f3a"

    /// A harness with three requests: #1 open (a phone number in its words), #2 resolved, #3 opened 100 days ago.
    static func harness() throws -> Harness {
        let harness = try Harness()
        var first = ServiceRequest(
            number: 1, intent: "facility_repair", status: .claimed, resident: resident,
            text: "凤鸣小区4号楼3单元楼道灯坏了，电话138 1234 5678", slots: ["community": "凤鸣小区", "building": "4",
                                                                "unit": "3", "room": "302", "phone": "13812345678"],
            grid: "g1", route: "grid_worker", claimer: "wechat:worker-openid", openedAt: now.addingTimeInterval(-3_600),
            claimedAt: now.addingTimeInterval(-1_800))
        first.followers = ["wechat:follower-openid"]
        let second = ServiceRequest(
            number: 2, intent: "sanitation", status: .resolved, resident: resident, text: "垃圾没人收",
            slots: ["community": "东关社区"], grid: "g1", route: "grid_worker", openedAt: now.addingTimeInterval(-86_400),
            resolvedAt: now.addingTimeInterval(-600))
        let old = ServiceRequest(
            number: 3, intent: "sanitation", status: .open, resident: resident, text: "旧的", slots: [:], route: "grid_worker",
            openedAt: now.addingTimeInterval(-100 * 86_400))
        try harness.sqlite.write { transaction in
            for request in [first, second, old] { try transaction.save(request) }
            try transaction.append(RequestEvent(request: 1, kind: .opened, actor: resident, at: first.openedAt))
            try transaction.append(RequestEvent(request: 1, kind: .claimed, actor: "wechat:worker-openid", at: now.addingTimeInterval(-1_800)))
            try transaction.append(RequestEvent(request: 2, kind: .resolved, actor: "wechat:worker-openid", at: now.addingTimeInterval(-600)))
        }
        return harness
    }

    @Test("services.json lists the intents that open requests, booleans as booleans")
    func servicesJSON() async throws {
        let (status, type, text) = try await Self.get("/open311/v2/services.json")
        #expect(status == 200)
        #expect(type == "application/json; charset=utf-8")
        let services = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        let codes = services.compactMap { $0["service_code"] as? String }
        #expect(codes.contains("facility_repair") && codes.contains("human_handoff") && codes.contains("micro_wish"))
        #expect(!codes.contains("greeting") && !codes.contains("status_query") && !codes.contains("cancel_request"))
        let repair = try #require(services.first { $0["service_code"] as? String == "facility_repair" })
        #expect(Set(repair.keys) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"])
        #expect(repair["metadata"] as? Bool == true && repair["type"] as? String == "realtime" && repair["group"] as? String == "report")
        #expect(text.contains(#""metadata":true"#))
        let handoff = try #require(services.first { $0["service_code"] as? String == "human_handoff" })
        #expect(text.contains(#""service_code":"human_handoff""#) && handoff["metadata"] as? Bool == false)
    }

    @Test("services.xml is UTF-8 XML with one service element per service")
    func servicesXML() async throws {
        let (status, type, text) = try await Self.get("/open311/v2/services.xml")
        #expect(status == 200 && type == "text/xml; charset=utf-8")
        #expect(text.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?><services><service><service_code>"#))
        #expect(text.contains("<service_code>facility_repair</service_code><service_name>"))
        #expect(text.contains("<metadata>true</metadata><type>realtime</type>"))
        #expect(text.hasSuffix("</service></services>"))
    }

    @Test("a service's definition has one required string attribute per required slot")
    func definition() async throws {
        let json = try await Self.get("/open311/v2/services/flying_wire_charging.json")
        #expect(json.status == 200)
        #expect(json.text == #"{"service_code":"flying_wire_charging","attributes":["#
            + #"{"variable":true,"code":"community","datatype":"string","required":true,"datatype_description":null,"order":1,"description":"请问是哪个小区（社区）？"},"#
            + #"{"variable":true,"code":"building","datatype":"string","required":true,"datatype_description":null,"order":2,"description":"请问是几号楼？"}]}"#)
        let xml = try await Self.get("/open311/v2/services/human_handoff.xml")
        #expect(xml.text == #"<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>human_handoff</service_code><attributes></attributes></service_definition>"#)
    }

    @Test("an unknown service, a chat-only intent or format is 404 with the error list", arguments: [
        ("/open311/v2/services/nope.json", #"[{"code":404,"description":"no service with code nope"}]"#),
        ("/open311/v2/services/greeting.json", #"[{"code":404,"description":"no service with code greeting"}]"#),
        ("/open311/v2/services/nope.xml", #"<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>no service with code nope</description></error></errors>"#),
        ("/open311/v2/services.html", #"[{"code":404,"description":"no such resource: the format is json or xml"}]"#),
    ])
    func unknownService(path: String, body: String) async throws {
        let (status, _, text) = try await Self.get(path)
        #expect(status == 404)
        #expect(text == body)
    }

    @Test("requests/{id} is a one-element list in the spec's shape, with no resident id or phone number")
    func singleRequest() async throws {
        let (status, _, text) = try await Self.get("/open311/v2/requests/1.json", harness: Self.harness())
        #expect(status == 200)
        #expect(text == "[{" + #""service_request_id":"1","status":"open","status_notes":"处理中","service_name":"设施报修","#
            + #""service_code":"facility_repair","description":"凤鸣小区4号楼3单元楼道灯坏了，电话***","agency_responsible":"东关第一网格","#
            + #""service_notice":null,"requested_datetime":"2024-04-26T13:20:45+08:00","updated_datetime":"2024-04-26T13:50:45+08:00","#
            + #""expected_datetime":null,"address":"凤鸣小区 4号楼 3单元","address_id":null,"zipcode":null,"lat":null,"long":null,"media_url":null}]"#)
        for secret in ["resident-openid", "follower-openid", "worker-openid", "13812345678", "5678", "302"] {
            #expect(!text.contains(secret), "\(secret) appears")
        }
    }

    @Test("requests/{id}.xml is a service_requests list; an unknown or non-numeric id is 404")
    func singleRequestXMLAndMissing() async throws {
        let harness = try Self.harness()
        let xml = try await Self.get("/open311/v2/requests/2.xml", harness: harness)
        #expect(xml.text.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>2</service_request_id><status>closed</status>"#))
        #expect(xml.text.contains("<expected_datetime></expected_datetime>") && xml.text.hasSuffix("</request></service_requests>"))
        for path in ["/open311/v2/requests/99.json", "/open311/v2/requests/abc.json"] {
            let missing = try await Self.get(path, harness: harness)
            #expect(missing.status == 404 && missing.text.hasPrefix(#"[{"code":404,"description":"no service request with id "#))
        }
    }

    @Test("requests.json filters by window, status, code and ids, newest first", arguments: [
        ("", ["1", "2"]),
        ("status=open", ["1"]),
        ("status=closed", ["2"]),
        ("status=open,closed", ["1", "2"]),
        ("service_code=sanitation", ["2"]),
        ("start_date=2024-04-26T00:00:00%2B08:00", ["1"]),
        ("end_date=2024-04-26T00:00:00Z", ["2"]),
        ("start_date=2024-01-01T00:00:00Z&end_date=2024-02-01T00:00:00Z", ["3"]),
        ("service_request_id=3,1,42&status=closed", ["3", "1"]),
    ])
    func filters(query: String, ids: [String]) async throws {
        let (status, _, text) = try await Self.get("/open311/v2/requests.json", query: query, harness: Self.harness())
        #expect(status == 200)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(list.map { $0["service_request_id"] as? String ?? "" } == ids)
    }

    @Test("bad dates and statuses are 400 with the error list", arguments: [
        ("status=pending", "status is open or closed"),
        // Found by schemathesis: empty values were taken as absent.
        ("status=", "status is open or closed"),
        ("start_date=", "start_date is not an ISO 8601 datetime with its zone"),
        ("end_date=", "end_date is not an ISO 8601 datetime with its zone"),
        ("start_date=yesterday", "start_date is not an ISO 8601 datetime with its zone"),
        ("end_date=2024-04-26T00:00:00", "end_date is not an ISO 8601 datetime with its zone"),
        ("start_date=2024-04-26T00:00:00Z&end_date=2024-04-01T00:00:00Z", "end_date is before start_date"),
        ("start_date=2023-01-01T00:00:00Z&end_date=2024-04-01T00:00:00Z", "start_date to end_date spans more than 90 days"),
    ])
    func badQuery(query: String, description: String) async throws {
        let json = try await Self.get("/open311/v2/requests.json", query: query)
        #expect(json.status == 400)
        #expect(json.text == #"[{"code":400,"description":"\#(description)"}]"#)
        let xml = try await Self.get("/open311/v2/requests.xml", query: query)
        #expect(xml.status == 400 && xml.text.contains("<errors><error><code>400</code><description>\(description)</description>"))
    }

    private static func get(_ path: String, query: String = "", harness: Harness? = nil) async throws -> (status: Int, type: String?, text: String) {
        let harness = try harness ?? Harness()
        return try await harness.test { client in
            let response = try await client.open311Get(path, query: query)
            return (response.status.code, response.headers[.contentType], response.text)
        }
    }
}

@Suite("open311 formats")
struct Open311FormatTests {
    @Test("phone-like numbers are masked, short numbers kept", arguments: [
        ("电话13812345678", "电话***"),
        ("打138-1234-5678或029 8765 4321", "打***或***"),
        ("＋86 １３８１２３４５６７８谢谢", "＋***谢谢"),
        ("身份证61010319800101123X", "身份证***"),
        ("4号楼302室，2024年", "4号楼302室，2024年"),
        ("+8613812345678", "***"),
    ])
    func masking(text: String, masked: String) {
        #expect(Open311.Privacy.maskingPhoneNumbers(in: text) == masked)
    }

    @Test("datetimes carry their zone; parsing needs one")
    func datetimes() throws {
        let date = Date(timeIntervalSince1970: 1_714_112_445)
        #expect(Open311.Datetime.format(date, in: Engine.Configuration.chinaTime) == "2024-04-26T14:20:45+08:00")
        #expect(Open311.Datetime.format(date, in: TimeZone(secondsFromGMT: -5 * 3600 - 1800)!) == "2024-04-26T00:50:45-05:30")
        #expect(Open311.Datetime.parse("2024-04-26T14:20:45+08:00") == date)
        #expect(Open311.Datetime.parse("2024-04-26T06:20:45Z") == date)
        #expect(Open311.Datetime.parse("2024-04-26T06:20:45.000Z") == date)
        #expect(Open311.Datetime.parse("2024-04-26T06:20:45") == nil)
    }

    @Test("JSON escapes quotes, backslashes and controls; XML escapes markup")
    func escaping() {
        let document = Open311.errors(code: 400, description: "a \"b\" \\ <c> & \u{1}\n")
        #expect(document.json == #"[{"code":400,"description":"a \"b\" \\ <c> & \u0001\n"}]"#)
        #expect(document.xml.hasSuffix("<description>a \"b\" \\ &lt;c&gt; &amp; \u{FFFD}\n</description></error></errors>"))
    }
}

@Suite("open311 request updates")
struct Open311UpdateTests {
    @Test("servicerequestupdates lists status changes in the window, oldest first, without actors or notes")
    func updates() async throws {
        let harness = try Open311RouteTests.harness()
        try harness.sqlite.write { transaction in
            try transaction.append(RequestEvent(request: 1, kind: .replied, actor: "wechat:worker-openid",
                                                at: Open311RouteTests.now.addingTimeInterval(-60), note: "请拨13812345678"))
        }
        let (json, xml) = try await harness.test { client in
            (try await client.open311Get("/open311/v2/servicerequestupdates.json", query: "start_date=2024-04-26T13:00:00%2B08:00").text,
             try await client.open311Get("/open311/v2/servicerequestupdates.xml").text)
        }
        #expect(json == "[" + #"{"update_id":"1-1714108845000-opened","service_request_id":"1","status":"open","updated_datetime":"2024-04-26T13:20:45+08:00","description":"已受理","media_url":null},"#
            + #"{"update_id":"1-1714110645000-claimed","service_request_id":"1","status":"in_progress","updated_datetime":"2024-04-26T13:50:45+08:00","description":"处理中","media_url":null},"#
            + #"{"update_id":"2-1714111845000-resolved","service_request_id":"2","status":"fixed","updated_datetime":"2024-04-26T14:10:45+08:00","description":"已办结","media_url":null}]"#)
        #expect(xml.hasPrefix(#"<?xml version="1.0" encoding="utf-8"?><service_requests_updates><request_update><update_id>1-1714108845000-opened</update_id>"#))
        for secret in ["openid", "13812345678", "请拨"] {
            #expect(!json.contains(secret) && !xml.contains(secret))
        }
        let bad = try await harness.test { client in try await client.open311Get("/open311/v2/servicerequestupdates.json", query: "end_date=soon") }
        #expect(bad.status == .badRequest && bad.text == #"[{"code":400,"description":"end_date is not an ISO 8601 datetime with its zone"}]"#)
    }
}

extension Open311RouteTests {
    @Test("expected_datetime is the current stage's deadline, with its zone; none once resolved")
    func expected() async throws {
        var harness = try Self.harness()
        let policy = DeadlinePolicy(default: StageLimits(claim: TimeLimit(amount: 1, unit: .hours)), perIntent: [:],
                                    calendar: WorkCalendar())
        harness.configuration.engine = Engine(nlu: Harness.nlu, responses: Harness.responses, directory: Harness.directory,
                                              store: harness.store, configuration: .init(deadlines: policy), logger: harness.configuration.logger)
        try harness.sqlite.write { transaction in
            try transaction.save(ServiceRequest(number: 4, intent: "parking", status: .assigned, resident: Self.resident, text: "车堵门口",
                                                slots: ["community": "凤鸣小区"], grid: "g1", route: "grid_worker",
                                                openedAt: Self.now.addingTimeInterval(-1_800)))
        }
        let text = try await harness.test { client in
            try await client.open311Get("/open311/v2/requests.json", query: "service_request_id=4,2").text
        }
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(list.count == 2)
        #expect(list.first?["expected_datetime"] as? String == "2024-04-26T14:50:45+08:00")
        #expect(list.last?["expected_datetime"] is NSNull)
    }
}
