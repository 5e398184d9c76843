import Foundation
import Hummingbird
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
@testable import LinliSQLite
import Logging
import Testing

/// Issue 16's path in one piece, against the fake WeChat API: a resident reports with a photo
/// and a pin, the server stops in the middle of the download, staff close the request three
/// days later with a photo, the resident hears of the claim through a 订阅通知, and the
/// resolution, with no consent left, becomes a call-back for staff.
@Suite("Evidence and reach, end to end")
struct EvidenceEndToEndTests {
    static let resident = MediaServiceTests.resident
    static let worker = MediaServiceTests.worker
    static let admin = "wechat:admin-openid"
    static let bizsend = "/cgi-bin/message/subscribe/bizsend"
    /// One template for every change of a request: the resident's one consent covers one notice.
    static let progress = try! SubscribeTemplate(templateID: "TPL-PROGRESS", fields: [
        "character_string1": "#{{number}}", "thing2": "{{intent_name}}", "phrase3": "{{status}}", "time4": "{{time}}",
    ])

    /// WeChat's media server and its message API, one fake each, behind one client.
    final class Platform: HTTPClient, @unchecked Sendable {
        let media: MediaFakePlatform
        let messages = DeliveryFakePlatform()

        init(media: MediaFakePlatform) { self.media = media }

        func send(_ request: LinliGateways.HTTPRequest) async throws -> LinliGateways.HTTPResponse {
            let path = request.url.path
            let isMedia = path.hasSuffix("/cgi-bin/media/get") || path.hasPrefix("/videos/")
            return try await (isMedia ? media.send(request) : messages.send(request))
        }
    }

    @Test("photo and pin stored across a restart; three days later the claim goes as a 订阅通知, the closing photo is linked, and the resolution without consent is a call-back")
    func photoReportToPhotoClosing() async throws {
        let rig = try MediaServiceTests.Rig()
        let platform = Platform(media: rig.platform)
        let logger = DeliveryServiceTests.quietLogger
        let courier = Courier(httpClient: platform, wechat: .init(appID: "wx1", appSecret: "s", apiBase: URL(string: "http://fake.invalid")!),
                              wecom: nil, webhook: nil, logger: logger)
        let store = rig.harness.store, engine = rig.harness.configuration.engine, time = rig.time
        func mediaServer() -> MediaService {
            MediaService(store: store, courier: courier, engine: engine, configuration: .init(lease: .seconds(300)),
                         now: { time.now }, logger: logger)
        }
        let delivery = DeliveryService(store: store, courier: courier, responses: Harness.responses,
                                       configuration: .init(baseBackoff: .zero,
                                                            subscribeTemplates: [.claimed: Self.progress, .resolved: Self.progress]),
                                       clock: ManualClock(), now: { time.now }, logger: logger)
        func drain() async throws { while try await delivery.drainOnce() > 0 {} }

        // Day 0: one one-time consent; a report with a photo and a pin.
        try rig.send(Self.resident, .noticeConsents([.init(templateID: "TPL-PROGRESS", accepted: true)]))
        let before = MediaFakePlatform.jpeg(3000, seed: 1), after = MediaFakePlatform.jpeg(3000, seed: 2)
        rig.platform.serve("before", before)
        rig.platform.serve("after", after)
        #expect(try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了").contains("#1"))
        try rig.send(Self.resident, MediaServiceTests.image("before"))
        try rig.send(Self.resident, .location(latitude: 34.2655, longitude: 108.9415, label: "凤鸣小区4号楼"))
        #expect(try rig.request(1)?.place == Place(latitude: 34.2655, longitude: 108.9415, datum: .gcj02, label: "凤鸣小区4号楼"))

        // The first server leases the download and stops; the next one takes it once the lease runs out.
        let now = time.now
        #expect(try store.write { try $0.claimMediaJobs(limit: 4, owner: "stopped", at: now, leaseUntil: now.addingTimeInterval(300)) }.count == 1)
        #expect(try await mediaServer().downloadOnce() == 0)
        time.advance(by: 301)
        #expect(try await mediaServer().downloadOnce() == 1)
        try await drain()

        // Day 3: the claim reaches the silent resident as a 订阅通知, spending the consent; the chat is not tried.
        time.advance(by: 3 * 86_400)
        let sendsBefore = platform.messages.requests.count
        _ = try rig.say(Self.worker, "接单 1")
        try await drain()
        let toResident = platform.messages.delivered.filter { $0.hasPrefix("resident-openid: ") }
        #expect(toResident.count == 1 && toResident[0].contains("订阅通知 TPL-PROGRESS"), "\(toResident)")
        #expect(toResident.first?.contains(##""character_string1":{"value":"#1"}"##) == true)
        #expect(try store.read { try $0.noticeConsents(of: Self.resident) }.map { $0.usedAt != nil } == [true])

        // The work is done with a photo; the resolution finds no consent: staff are asked to call.
        _ = try rig.say(Self.worker, "办结 1 换了新灯")
        time.advance(by: 60)
        #expect(try rig.send(Self.worker, MediaServiceTests.image("after")).contains("办结照片"))
        #expect(try await mediaServer().downloadOnce() == 1)
        try await drain()
        #expect(platform.messages.requests.dropFirst(sendsBefore).filter { $0.url.path == Self.bizsend }.count == 1)
        #expect(!platform.messages.requests.dropFirst(sendsBefore).contains {
            $0.url.path == DeliveryNoticeTests.sendPath && String(decoding: $0.body, as: UTF8.self).contains("resident-openid")
                && String(decoding: $0.body, as: UTF8.self).contains("已办结")
        })
        let events = try store.read { try $0.events(request: 1) }
        #expect(events.contains { $0.kind == .callBack && $0.note == "resolved" }, "\(events.map(\.kind))")
        #expect(try rig.say(Self.worker, "待办").contains("已告知 1"))

        // 详情 links both photos, and both links serve their bytes.
        let links = MediaServiceTests.links(in: try rig.say(Self.worker, "详情 1"))
        #expect(links.count == 2)
        let bodies = try await rig.harness.test { client in
            var bodies: [Data] = []
            for link in links { bodies.append(Data(buffer: try await client.get(link.path, query: link.query).body)) }
            return bodies
        }
        #expect(bodies == [before, after])
        #expect(try rig.request(1)?.attachments.last == "办结照片：http://mmbiz.invalid/after")
    }
}
