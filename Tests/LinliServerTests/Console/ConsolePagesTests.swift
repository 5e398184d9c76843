import Foundation
import HTTPTypes
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
import Testing

@Suite("console pages")
struct ConsolePagesTests {
    static let now = Date(timeIntervalSince1970: TimeInterval(Harness.start))
    static let resident = "wechat:resident-openid-7f3a"
    static let worker = "wechat:worker-openid"
    static let admin = "wechat:admin-openid"

    /// #1 claimed by the worker (a phone number), #2 resolved and rated, #3 in a grid the
    /// worker does not serve, #4 waiting for a claim, #5 cancelled; a day apart, #1 newest.
    static func harness() throws -> Harness {
        let harness = try Harness()
        func request(_ number: Int, _ intent: String, _ status: ServiceRequest.Status, grid: String, text: String,
                     daysAgo: Double) -> ServiceRequest {
            ServiceRequest(number: number, intent: intent, status: status, resident: resident, text: text,
                           slots: ["community": "凤鸣小区", "building": "4"], grid: grid, route: "grid_worker",
                           openedAt: now.addingTimeInterval(-daysAgo * 86_400 - 3_600))
        }
        var first = request(1, "facility_repair", .claimed, grid: "g1", text: "4号楼楼道灯坏了", daysAgo: 0)
        first.slots["phone"] = "13812345678"
        first.claimer = worker
        first.claimedAt = now.addingTimeInterval(-1_800)
        var second = request(2, "sanitation", .rated, grid: "g1", text: "垃圾没人收", daysAgo: 1)
        second.claimer = worker
        second.claimedAt = second.openedAt.addingTimeInterval(600)
        second.resolvedAt = second.openedAt.addingTimeInterval(7_200)
        second.rating = 5
        let third = request(3, "sanitation", .open, grid: "g2", text: "别的网格的事", daysAgo: 2)
        let fourth = request(4, "facility_repair", .assigned, grid: "g1", text: "电梯坏了", daysAgo: 3)
        let fifth = request(5, "facility_repair", .cancelled, grid: "g1", text: "不用了", daysAgo: 4)
        try harness.sqlite.write { t in
            for r in [first, second, third, fourth, fifth] {
                try t.save(r)
                try t.append(RequestEvent(request: r.number, kind: .opened, actor: resident, at: r.openedAt))
            }
            try t.append(RequestEvent(request: 1, kind: .claimed, actor: worker, at: first.claimedAt!))
            try t.append(RequestEvent(request: 2, kind: .claimed, actor: worker, at: second.claimedAt!))
            try t.append(RequestEvent(request: 2, kind: .resolved, actor: worker, at: second.resolvedAt!))
        }
        return harness
    }

    /// The request numbers a queue page or its rows list, in order.
    static func numbers(_ html: String) -> [Int] {
        html.components(separatedBy: "href=\"/console/requests/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    @Test("signed out: pages send to the sign-in page, actions and live rows are refused")
    func signedOut() async throws {
        try await Self.harness().console { client in
            let page = try await client.get("/console", as: nil)
            #expect(page.status == .seeOther && page.headers[.location] == "/console/login")
            #expect(try await client.get("/console/report", as: nil).status == .seeOther)
            #expect(try await client.get("/console/requests/1", as: nil).status == .seeOther)
            let rows = try await client.get("/console/rows", as: nil)
            #expect(rows.status == .unauthorized && rows.headers[.init("HX-Redirect")!] == "/console/login")
            let post = try await client.post("/console/requests/1/claim", as: nil, form: [("csrf", TestSignIn.csrf)])
            #expect(post.status == .forbidden)
        }
    }

    @Test("the queue shows the worker's open requests, masked phones and a live-refreshing table")
    func queue() async throws {
        try await Self.harness().console { client in
            let page = try await client.get("/console", as: Self.worker)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(Self.numbers(page.text) == [1, 4])
            // Every word comes from responses/console.yaml: a missing one would show its key.
            #expect(!page.text.contains("console_") && page.text.contains("全部网格"))
            #expect(page.text.contains("***5678") && !page.text.contains("13812345678"))
            #expect(page.text.contains(#"hx-get="/console/rows?status=active""#) && page.text.contains("every 15s"))
            // The admin sees every grid.
            #expect(Self.numbers(try await client.get("/console", as: Self.admin).text) == [1, 3, 4])
        }
    }

    @Test("filters and search narrow the list, within what the staff member may see", arguments: [
        ("status=all", Self.worker, [1, 2, 4, 5]),
        ("status=done", Self.worker, [2]),
        ("status=all&intent=sanitation", Self.worker, [2]),
        ("status=all&intent=sanitation", Self.admin, [2, 3]),
        ("status=all&grid=g2", Self.worker, []),
        ("status=all&grid=g2", Self.admin, [3]),
        ("status=all&staff=wechat%3Aworker-openid", Self.admin, [1, 2]),
        ("status=all&from=2024-04-23&to=2024-04-24", Self.admin, [3, 4]),
        ("status=all&q=5678", Self.worker, [1]),
        ("status=all&q=%E7%94%B5%E6%A2%AF", Self.worker, [4]),
        ("status=all&q=5", Self.worker, [5]),
    ])
    func filters(query: String, staff: String, expected: [Int]) async throws {
        try await Self.harness().console { client in
            let rows = try await client.get("/console/rows?" + query, as: staff)
            #expect(rows.status == .ok && !rows.text.contains("<html"))
            #expect(Self.numbers(rows.text) == expected)
        }
    }

    @Test("a request's page shows its history to those who serve it; another grid's worker gets 403")
    func requestPage() async throws {
        try await Self.harness().console { client in
            let page = try await client.get("/console/requests/1", as: Self.worker)
            #expect(page.status == .ok)
            #expect(page.text.contains("4号楼楼道灯坏了") && page.text.contains("13812345678"))
            #expect(page.text.contains("<strong>王网格员</strong> 接单") && page.text.contains("<strong>居民</strong> 受理"))
            #expect(page.text.contains(#"name="csrf" value="test-csrf""#))
            #expect(!page.text.contains("console_"))
            let refused = try await client.get("/console/requests/1", as: "other-grid")
            #expect(refused.status == .forbidden && !refused.text.contains("4号楼楼道灯坏了"))
            #expect(try await client.get("/console/requests/3", as: Self.worker).status == .forbidden)
            #expect(try await client.get("/console/requests/3", as: Self.admin).status == .ok)
            #expect(try await client.get("/console/requests/99", as: Self.admin).status == .notFound)
        }
    }

    @Test("every page carries the content-security policy: scripts only from the console's files, no framing")
    func contentSecurityPolicy() async throws {
        try await Self.harness().console { client in
            let pages = [
                try await client.get("/console", as: Self.worker),
                try await client.get("/console/rows", as: Self.worker),
                try await client.get("/console/requests/1", as: Self.worker),
                try await client.get("/console/requests/3", as: Self.worker),
                try await client.get("/console/report", as: Self.admin),
            ]
            #expect(pages.map(\.status) == [.ok, .ok, .ok, .forbidden, .ok])
            for page in pages {
                let policy = page.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self';") && policy.contains("frame-ancestors 'none'")
                        && policy.contains("object-src 'none'") && policy.contains("img-src 'self' data:;"))
            }
        }
        // Media links on another host are allowed as images, and nothing else is.
        let signer = try MediaLinkSigner(secret: "s", baseURL: "https://media.example.org:8443/linli/", lifetime: 60)
        #expect(signer.origin == "https://media.example.org:8443")
        let policy = ConsolePagesController.contentSecurityPolicy(mediaOrigin: signer.origin)
        #expect(policy.contains("img-src 'self' data: https://media.example.org:8443;") && policy.contains("script-src 'self';"))
    }

    @Test("a POST without the session's CSRF token is refused and changes nothing")
    func csrf() async throws {
        let harness = try Self.harness()
        try await harness.console { client in
            let missing = try await client.post("/console/requests/4/claim", as: Self.worker, form: [("nonce", "a")])
            #expect(missing.status == .forbidden)
            let wrong = try await client.post("/console/requests/1/reply", as: Self.worker,
                                              form: [("csrf", "forged"), ("nonce", "b"), ("text", "你好")])
            #expect(wrong.status == .forbidden)
        }
        #expect(try harness.sqlite.read { try $0.request(number: 4) }?.claimer == nil)
        #expect(try harness.outbox(for: Self.resident).isEmpty)
    }

    @Test("a reply through the console goes through the engine to the resident's outbox, once per form")
    func reply() async throws {
        let harness = try Self.harness()
        try await harness.console { client in
            let form = [("csrf", TestSignIn.csrf), ("nonce", "form-1-reply"), ("text", "明天上午 9 点来修")]
            let page = try await client.post("/console/requests/1/reply", as: Self.worker, form: form)
            #expect(page.status == .ok && page.text.contains("系统回复"))
            #expect(page.text.contains("<strong>王网格员</strong> 回复居民"))
            // The same form sent again is the same message: handled once.
            #expect(try await client.post("/console/requests/1/reply", as: Self.worker, form: form).status == .ok)
            let claim = try await client.post("/console/requests/4/claim", as: Self.worker,
                                              form: [("csrf", TestSignIn.csrf), ("nonce", "form-2-claim")])
            #expect(claim.status == .ok)
        }
        let outbox = try harness.outbox(for: Self.resident)
        #expect(outbox.filter { $0.contains("明天上午 9 点来修") }.count == 1)
        let events = try harness.sqlite.read { try $0.events(request: 1) }
        #expect(events.last?.kind == .replied && events.last?.actor == Self.worker)
        #expect(try harness.sqlite.read { try $0.request(number: 4) }?.claimer == Self.worker)
    }

    @Test("the report page's figures are linli report's on the same data")
    func report() async throws {
        let harness = try Self.harness()
        let engine = harness.configuration.engine
        let made = try ConsoleReport.make(engine: engine, grids: nil, days: 30, now: Self.now)
        #expect(made.current == (try engine.report(since: made.since, now: Self.now)))
        #expect(made.current.total.opened == 5 && made.current.total.resolved == 1)
        #expect(made.charts.opened.reduce(0, +) == 5 && made.charts.resolved.reduce(0, +) == 1)
        try await harness.console { client in
            let page = try await client.get("/console/report", as: Self.admin)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<span class="title">受理</span>"#) && page.text.contains(#"<span class="value">5</span>"#))
            #expect(page.text.contains("/console?status=done&amp;from=") || page.text.contains("/console?status=done&from="))
            #expect(page.text.contains("暂无数据") && page.text.contains("echarts-6.1.0.min.js"))
            #expect(page.text.contains(#"id="chart-data">{"#))
            #expect(!page.text.contains("console_") && page.text.contains("仍在办且当前环节已超时限"))
        }
    }

    @Test("volunteer hours: a task's recorded hours are on the report's card and chart, for the grids that task is in")
    func taskHours() async throws {
        let harness = try Self.harness()
        let day = Self.now.addingTimeInterval(-86_400)
        try harness.sqlite.write { t in
            // Two hours and a half for the worker in 凤鸣小区 (grid g1), three for the admin in a
            // community no grid has; and an old task, before the period, that must not count.
            try t.save(ServiceTask(number: 1, title: "清理楼道", place: "凤鸣小区", community: "凤鸣小区", time: "周六上午",
                                   needed: 2, expectedMinutes: 180, status: .done, publisher: Self.admin, publishedAt: day))
            try t.save(TaskClaim(task: 1, member: Self.worker, claimedAt: day, minutes: 150))
            try t.save(ServiceTask(number: 2, title: "义诊", place: "别处", community: nil, time: "周日",
                                   needed: 1, expectedMinutes: 180, status: .done, publisher: Self.admin, publishedAt: day))
            try t.save(TaskClaim(task: 2, member: Self.admin, claimedAt: day, minutes: 180))
            let old = Self.now.addingTimeInterval(-45 * 86_400)
            try t.save(ServiceTask(number: 3, title: "旧任务", place: "凤鸣小区", community: "凤鸣小区", time: "", needed: 1,
                                   expectedMinutes: 60, status: .done, publisher: Self.admin, publishedAt: old))
            try t.save(TaskClaim(task: 3, member: Self.worker, claimedAt: old, minutes: 600))
        }
        let engine = harness.configuration.engine
        let all = try ConsoleReport.make(engine: engine, grids: nil, days: 30, now: Self.now)
        #expect(all.current.tasks.hours == 5.5 && all.current.tasks.published == 2)
        #expect(all.charts.members == ["社区办公室", "王网格员"] && all.charts.memberHours == [3, 2.5])
        #expect(all.previous.tasks.hours == 10)
        let mine = try ConsoleReport.make(engine: engine, grids: ["g1"], days: 30, now: Self.now)
        #expect(mine.current.tasks.hours == 2.5 && mine.charts.members == ["王网格员"])
        try await harness.console { client in
            let page = try await client.get("/console/report", as: Self.admin)
            #expect(page.status == .ok && page.text.contains(#"id="chart-hours""#) && !page.text.contains("暂无数据"))
            #expect(page.text.contains(#"<span class="value">5.5 小时</span>"#))
        }
    }

    /// 双报到's unit 县民政局 of 凤鸣小区, offering 免费理发 as R9-1.
    static func pairUnit(_ harness: Harness) throws {
        try harness.sqlite.write { t in
            try t.save(CommunityUnit(id: "unit-9", name: "县民政局", contactID: "wecom:liu", contactName: "刘科长", phone: "13900005678",
                                     community: "凤鸣小区", registration: 9, joinedAt: now))
            try t.save(Offer(id: "R9-1", ownerKind: .unit, ownerID: "unit-9", serviceType: "理发", text: "免费理发", community: "凤鸣小区"))
        }
    }

    @Test("the admin's report page has 双报到 and the three lists' line, as linli report; a worker's does not")
    func lists() async throws {
        let harness = try Self.harness()
        try Self.pairUnit(harness)
        let engine = harness.configuration.engine
        let made = try ConsoleReport.make(engine: engine, grids: nil, days: 30, now: Self.now)
        #expect(made.current.lists == (try engine.report(since: made.since, now: Self.now)).lists)
        #expect(made.current.lists.units == 1 && made.current.lists.resources == 1)
        #expect(try ConsoleReport.make(engine: engine, grids: ["g1"], days: 30, now: Self.now).current.lists == .none)
        try await harness.console { client in
            let page = try await client.get("/console/report", as: Self.admin)
            #expect(page.text.contains(#"<p class="lists">双报到：单位 1 个，党员 0 名；资源清单 1 项；"#), "\(page.text)")
            let workers = try await client.get("/console/report", as: Self.worker)
            #expect(workers.status == .ok && !workers.text.contains(#"class="lists""#))
        }
    }

    @Test("an admin confirms a need's match on its page, as 确认匹配 in the chat; a worker is offered none")
    func confirmMatch() async throws {
        let harness = try Self.harness()
        try Self.pairUnit(harness)
        try harness.sqlite.write { t in
            try t.save(ServiceRequest(number: 6, intent: "micro_wish", status: .assigned, resident: Self.resident, text: "想请人给老人理发",
                                      slots: ["community": "凤鸣小区"], grid: "g1", route: "party_member", openedAt: Self.now))
        }
        try await harness.console { client in
            let page = try await client.get("/console/requests/6", as: Self.admin)
            #expect(page.text.contains(#"action="/console/requests/6/match""#) && page.text.contains(#"<option value="R9-1">R9-1 县民政局：免费理发</option>"#))
            #expect(!(try await client.get("/console/requests/6", as: Self.worker)).text.contains("确认匹配"))
            #expect(!(try await client.get("/console/requests/4", as: Self.admin)).text.contains("确认匹配"))
            let form = [("csrf", TestSignIn.csrf), ("nonce", "form-6-match"), ("offer", "R9-1")]
            let confirmed = try await client.post("/console/requests/6/match", as: Self.admin, form: form)
            #expect(confirmed.status == .ok && confirmed.text.contains("已确认匹配：#6 → R9-1 县民政局（理发）"), "\(confirmed.text)")
            // Matched now: nothing more to confirm.
            #expect(!confirmed.text.contains(#"action="/console/requests/6/match""#))
        }
        #expect(try harness.sqlite.read { try $0.serviceMatch(need: 6) }?.offerID == "R9-1")
    }

    @Test("the CSV export has linli requests' columns, the queue's filters and masked phones")
    func csv() async throws {
        let harness = try Self.harness()
        let engine = harness.configuration.engine
        try await harness.console { client in
            let csv = try await client.get("/console/requests.csv?status=all", as: Self.worker)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\n").map(String.init)
            #expect(lines.first == "\u{FEFF}" + engine.requestColumnNames.joined(separator: ","))
            #expect(lines.count == 5)
            #expect(lines[1].hasPrefix("1,") && lines[1].contains(",***5678,") && !csv.text.contains("13812345678"))
        }
    }

    @Test("static files are served with cache headers: vendored ones for good, the console's own briefly")
    func staticFiles() async throws {
        try await Self.harness().console { client in
            let htmx = try await client.get("/console/static/htmx-2.0.10.min.js", as: nil)
            #expect(htmx.status == .ok && htmx.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(htmx.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(try await client.get("/console/static/console.css", as: nil).headers[.cacheControl] == "public, max-age=300")
            #expect(try await client.get("/console/static/nope.js", as: nil).status == .notFound)
        }
    }
}
