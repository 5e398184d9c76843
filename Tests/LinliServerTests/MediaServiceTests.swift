import Foundation
import Hummingbird
import HummingbirdTesting
import LinliCore
import LinliGateways
@testable import LinliServer
@testable import LinliSQLite
import Logging
import Testing

/// Photos, videos and files from the fake platforms through `MediaService` into the store,
/// and back out through 详情's signed links on `/media/{id}`.
@Suite("Media downloads and links")
struct MediaServiceTests {
    static let resident = "wechat:resident-openid"
    static let worker = "wechat:worker-openid"

    /// The engine, a media service and the server over one in-memory SQLite store and the fake platform.
    struct Rig {
        let harness: Harness
        let platform = MediaFakePlatform()
        let signer: MediaLinkSigner
        let courier: Courier
        var time: TestTime { harness.clock }

        init() throws {
            var harness = try Harness()
            signer = try MediaLinkSigner(secret: "media-secret", baseURL: "https://linli.example/", lifetime: 600)
            let signer = signer
            var engineConfiguration = Engine.Configuration()
            engineConfiguration.mediaLinks = MediaLinks { signer.link(to: $0, at: $1) }
            let old = harness.configuration.engine
            harness.configuration.engine = Engine(nlu: Harness.nlu, responses: Harness.responses, directory: Harness.directory,
                                                  store: old.store, configuration: engineConfiguration, logger: harness.configuration.logger)
            harness.configuration.mediaLinks = signer
            self.harness = harness
            let base = URL(string: "http://fake.invalid")!
            courier = Courier(httpClient: platform, wechat: .init(appID: "wx1", appSecret: "s", apiBase: base),
                              wecom: .init(corpID: "ww1", corpSecret: "s", agentID: 1, apiBase: base), webhook: nil,
                              logger: harness.configuration.logger)
        }

        /// A media service on this rig's clock (a new one is a restarted server).
        func service(_ configuration: MediaService.Configuration = .init()) -> MediaService {
            let time = time
            return MediaService(store: harness.store, courier: courier, engine: harness.configuration.engine,
                                configuration: configuration, now: { time.now },
                                logger: harness.configuration.logger)
        }

        @discardableResult
        func send(_ user: String, _ content: InboundMessage.Content) throws -> String {
            try harness.configuration.engine.handle(InboundMessage(userID: try UserID(user), messageID: UUID().uuidString,
                                                                   content: content, receivedAt: time.now)).replies.joined(separator: "\n")
        }

        func say(_ user: String, _ text: String) throws -> String { try send(user, .text(text)) }

        /// The resident reports the stairway light (request #1) and sends photo `id`, which
        /// the platform serves as `bytes`.
        func reportWithPhoto(_ id: String, _ bytes: Data = MediaFakePlatform.jpeg(1500)) throws {
            platform.serve(id, bytes)
            _ = try say(MediaServiceTests.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
            try send(MediaServiceTests.resident, MediaServiceTests.image(id))
        }

        func request(_ number: Int) throws -> ServiceRequest? { try harness.store.read { try $0.request(number: number) } }
    }

    static func image(_ id: String) -> InboundMessage.Content {
        .media(InboundMedia(kind: .image, mediaID: id, url: "http://mmbiz.invalid/\(id)"))
    }

    /// The path and query of every /media link in `text`.
    static func links(in text: String) -> [(path: String, query: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            guard let start = line.range(of: "https://linli.example") else { return nil }
            let url = line[start.upperBound...].split(separator: "?", maxSplits: 1)
            return url.count == 2 ? (String(url[0]), String(url[1])) : nil
        }
    }

    @Test("A photo, an expired id (40007) and a video (JSON with video_url) are kept or lost, and 详情 links the kept ones")
    func photoExpiredAndVideo() async throws {
        let rig = try Rig()
        let photo = MediaFakePlatform.jpeg(4000)
        rig.platform.serve("photo-1", photo)
        #expect(try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了").contains("#1"))
        #expect(try rig.send(Self.resident, Self.image("photo-1")).contains("#1"))
        try rig.send(Self.resident, Self.image("gone"))
        try rig.send(Self.resident, .media(InboundMedia(kind: .video, mediaID: "video-1")))
        #expect(try rig.request(1)?.attachments.count == 3)
        // Before the download 详情 says so.
        #expect(try rig.say(Self.worker, "详情 1").contains("下载中"))

        #expect(try await rig.service().downloadOnce() == 3)
        let attachments = try #require(try rig.request(1)).attachments
        let jobs = try rig.harness.store.read { try $0.mediaJobs(attachments: attachments) }
        #expect(jobs.values.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.lost, .stored, .stored])
        #expect(rig.platform.downloads.contains("/videos/video-1.mp4"))
        let events = try rig.harness.store.read { try $0.events(request: 1) }
        #expect(events.contains { $0.kind == .attachmentLost && $0.note == "http://mmbiz.invalid/gone" })

        let show = try rig.say(Self.worker, "详情 1")
        #expect(show.contains("已失效"), "\(show)")
        #expect(show.contains("附件失效"), "\(show)")
        let links = Self.links(in: show)
        #expect(links.count == 2, "\(show)")
        try await rig.harness.test { client in
            let first = try await client.get(links[0].path, query: links[0].query)
            #expect(first.status == .ok)
            #expect(first.headers[.contentType] == "image/jpeg")
            #expect(Data(buffer: first.body) == photo)
            let second = try await client.get(links[1].path, query: links[1].query)
            #expect(second.headers[.contentType] == "video/mp4")
            #expect(Data(buffer: second.body) == MediaFakePlatform.video)
            // Another signature, or a link for another id, is refused; an id never stored is not found.
            let tampered = links[0].query.replacingOccurrences(of: "sig=", with: "sig=0")
            #expect(try await client.get(links[0].path, query: tampered).status == .forbidden)
            #expect(try await client.get(links[0].path, query: links[1].query).status == .forbidden)
            let missing = rig.signer.link(to: 99, at: rig.time.now).split(separator: "?")
            #expect(try await client.get("/media/99", query: String(missing[1])).status == .notFound)
        }
        // Past its lifetime a link is refused.
        rig.time.advance(by: 601)
        let expired = try await rig.harness.test { client in try await client.get(links[0].path, query: links[0].query).status }
        #expect(expired == .forbidden)
    }

    @Test("Staff's photo right after 办结 N is N's closing evidence: the resident gets its link, and 详情 N links both photos")
    func closingPhoto() async throws {
        let rig = try Rig()
        let before = MediaFakePlatform.jpeg(2500, seed: 1)
        let after = MediaFakePlatform.jpeg(2500, seed: 2)
        rig.platform.serve("before", before)
        rig.platform.serve("after", after)
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        try rig.send(Self.resident, Self.image("before"))
        _ = try rig.say(Self.worker, "接单 1")
        _ = try rig.say(Self.worker, "办结 1 换了灯泡")
        rig.time.advance(by: 120)
        #expect(try rig.send(Self.worker, Self.image("after")).contains("办结照片"))
        #expect(try rig.request(1)?.attachments == ["图片：http://mmbiz.invalid/before", "办结照片：http://mmbiz.invalid/after"])
        #expect(try await rig.service().downloadOnce() == 2)
        let told = try rig.harness.outbox(for: Self.resident).filter { $0.contains("现场照片") }
        #expect(told.count == 1)
        let sent = try #require(Self.links(in: told.joined(separator: "\n")).first)

        let show = try rig.say(Self.worker, "详情 1")
        let links = Self.links(in: show)
        #expect(links.count == 2, "\(show)")
        let bodies = try await rig.harness.test { client in
            var bodies: [Data] = []
            for link in links + [sent] {
                let response = try await client.get(link.path, query: link.query)
                #expect(response.status == .ok)
                bodies.append(Data(buffer: response.body))
            }
            return bodies
        }
        #expect(bodies == [before, after, after])
    }

    @Test("A photo long after 办结, or after another command, is no closing evidence")
    func lateClosingPhoto() throws {
        let rig = try Rig()
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        _ = try rig.say(Self.worker, "接单 1")
        _ = try rig.say(Self.worker, "办结 1 换了灯泡")
        rig.time.advance(by: 601)
        #expect(!(try rig.send(Self.worker, Self.image("late")).contains("办结照片")))
        _ = try rig.say(Self.resident, "东关社区2号楼门口垃圾堆了好几天了")
        _ = try rig.say(Self.worker, "接单 2")
        _ = try rig.say(Self.worker, "办结 2 清理了")
        _ = try rig.say(Self.worker, "待办")
        #expect(!(try rig.send(Self.worker, Self.image("other")).contains("办结照片")))
        #expect(try rig.request(1)?.attachments == [])
        #expect(try rig.request(2)?.attachments == [])
    }

    @Test("Retention deletes the media of requests closed longer ago than media.retention_days, and keeps open requests' media")
    func retention() async throws {
        let rig = try Rig()
        rig.platform.serve("closed", MediaFakePlatform.jpeg(1500, seed: 1))
        rig.platform.serve("open", MediaFakePlatform.jpeg(1500, seed: 2))
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        try rig.send(Self.resident, Self.image("closed"))
        _ = try rig.say("wechat:neighbour", "东关社区2号楼门口垃圾堆了好几天了")
        try rig.send("wechat:neighbour", Self.image("open"))
        #expect(try await rig.service().downloadOnce() == 2)
        _ = try rig.say(Self.worker, "接单 1")
        _ = try rig.say(Self.worker, "办结 1 换了灯泡")
        let time = rig.time
        var configuration = RetentionService.Configuration()
        configuration.mediaKept = .seconds(30 * 86_400)
        let retention = RetentionService(store: rig.harness.store, configuration: configuration, clock: ContinuousClock(),
                                         now: { time.now }, logger: rig.harness.configuration.logger)
        #expect(try await retention.pruneOnce().media == 0)
        rig.time.advance(by: 31 * 86_400)
        #expect(try await retention.pruneOnce().media == 1)
        let jobs = try rig.harness.store.read {
            try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/closed", "图片：http://mmbiz.invalid/open"])
        }
        #expect(jobs.keys.sorted() == ["图片：http://mmbiz.invalid/open"])
        let kept = try #require(jobs.values.first?.storedMedia)
        #expect(try rig.harness.store.read { try $0.media(id: kept) } != nil)
        #expect(try await retention.pruneOnce().media == 0)
    }

    @Test("A resident asking about their own request gets its photos' links; another resident does not")
    func residentLinks() async throws {
        let rig = try Rig()
        try rig.reportWithPhoto("mine")
        #expect(try await rig.service().drain() == 1)
        let own = try rig.say(Self.resident, "工单1怎么样了")
        #expect(Self.links(in: own).count == 1, "\(own)")
        let other = try rig.say("wechat:neighbour", "工单1怎么样了")
        #expect(Self.links(in: other).isEmpty, "\(other)")
    }

    @Test("Through /wechat: an image and a video push each queue one download with the turn that answers them, and a retry none")
    func throughTheRoute() async throws {
        let harness = try Harness()
        func push(_ type: String, _ fields: String, msgID: Int) -> String {
            "<xml><ToUserName>gh</ToUserName><FromUserName>oUser-openid</FromUserName><CreateTime>\(Harness.start)</CreateTime>"
                + "<MsgType>\(type)</MsgType>\(fields)<MsgId>\(msgID)</MsgId></xml>"
        }
        let image = push("image", "<PicUrl>http://mmbiz.invalid/p1</PicUrl><MediaId>p1</MediaId>", msgID: 2001)
        let video = push("video", "<MediaId>v1</MediaId><ThumbMediaId>t1</ThumbMediaId>", msgID: 2002)
        try await harness.test { client in
            _ = try await client.post("/wechat", query: Wire.plainQuery(), body: Wire.text("凤鸣小区4号楼3单元的楼道灯坏了一个多月了", msgID: 2000))
            for body in [image, video, image] {
                let response = try await client.post("/wechat", query: Wire.plainQuery(), body: body)
                #expect(response.status == .ok)
            }
        }
        #expect(try harness.requests().first?.attachments == ["图片：http://mmbiz.invalid/p1", "视频：v1"])
        let jobs = try harness.store.write { try $0.claimMediaJobs(limit: 10, owner: "t", at: Date(timeIntervalSince1970: 4e9), leaseUntil: Date(timeIntervalSince1970: 4e9)) }
        #expect(jobs.map(\.media) == [InboundMedia(kind: .image, mediaID: "p1", url: "http://mmbiz.invalid/p1"), InboundMedia(kind: .video, mediaID: "v1")])
    }

    @Test("A resident who leaves takes their photos with them")
    func erasure() async throws {
        let rig = try Rig()
        try rig.reportWithPhoto("mine")
        #expect(try await rig.service().drain() == 1)
        let job = try rig.harness.store.read { try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/mine"]) }.values.first
        let stored = try #require(job?.storedMedia)
        try rig.harness.store.erase(user: Self.resident, at: rig.time.now)
        #expect(try rig.harness.store.read { try $0.media(id: stored) } == nil)
        #expect(try rig.harness.store.read { try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/mine"]) }.isEmpty)
    }

    @Test("drain keeps at most 4 downloads in flight and takes every due job")
    func drain() async throws {
        let rig = try Rig()
        rig.platform.delay = .milliseconds(20)
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        for index in 0..<10 {
            rig.platform.serve("p\(index)", MediaFakePlatform.jpeg(1000, seed: UInt8(index)))
            try rig.send(Self.resident, Self.image("p\(index)"))
        }
        #expect(try await rig.service().drain() == 10)
        #expect(rig.platform.peakConcurrency <= 4)
        #expect(rig.platform.peakConcurrency > 1)
        let attachments = (0..<10).map { "图片：http://mmbiz.invalid/p\($0)" }
        let stored = try rig.harness.store.read { try $0.mediaJobs(attachments: attachments) }.values.filter { $0.state == .stored }
        #expect(stored.count == 10)
    }

    @Test("45009 waits for the next day, then the download goes through")
    func quota() async throws {
        let rig = try Rig()
        try rig.reportWithPhoto("photo-1")
        rig.platform.refuseQuota(1)
        let service = rig.service()
        #expect(try await service.downloadOnce() == 1)
        // Nothing more today, even much later.
        rig.time.advance(by: 600)
        #expect(try await service.downloadOnce() == 0)
        rig.time.advance(by: 86_400)
        #expect(try await service.downloadOnce() == 1)
        let job = try rig.harness.store.read { try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/photo-1"]) }.values.first
        #expect(job?.state == .stored)
        #expect(job?.attempts == 1)
    }

    @Test("The configured daily quota stops downloads for the day")
    func configuredQuota() async throws {
        let rig = try Rig()
        for id in ["p1", "p2"] { rig.platform.serve(id, MediaFakePlatform.jpeg(1000, seed: id == "p1" ? 1 : 2)) }
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        try rig.send(Self.resident, Self.image("p1"))
        try rig.send(Self.resident, Self.image("p2"))
        #expect(try await rig.service(.init(dailyQuota: 1)).downloadOnce() == 2)
        #expect(rig.platform.downloads.count == 1)
    }

    @Test("A server that stops mid-download loses nothing: the job is leased again and completes")
    func restart() async throws {
        let rig = try Rig()
        let photo = MediaFakePlatform.jpeg(3000)
        try rig.reportWithPhoto("photo-1", photo)
        // The first server leased the job and stopped before it recorded anything.
        let now = rig.time.now
        let leased = try rig.harness.store.write { try $0.claimMediaJobs(limit: 4, owner: "stopped-server", at: now, leaseUntil: now.addingTimeInterval(300)) }
        #expect(leased.count == 1)
        let restarted = rig.service(.init(lease: .seconds(300)))
        #expect(try await restarted.downloadOnce() == 0)
        rig.time.advance(by: 301)
        #expect(try await restarted.downloadOnce() == 1)
        let job = try rig.harness.store.read { try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/photo-1"]) }.values.first
        #expect(job?.state == .stored)
        let stored = try #require(job?.storedMedia)
        #expect(try rig.harness.store.read { try $0.media(id: stored) }?.bytes == photo)
    }

    @Test("The same photo sent twice is stored once; a WeCom file over 20 MB comes in Range parts")
    func dedupeAndRanges() async throws {
        let rig = try Rig()
        let photo = MediaFakePlatform.jpeg(2000)
        rig.platform.serve("a", photo)
        rig.platform.serve("b", photo)
        let big = Data(Array("%PDF-1.7".utf8) + Array(repeating: 0x20, count: 41 * 1024 * 1024))
        rig.platform.serve("file-1", big)
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        try rig.send(Self.resident, Self.image("a"))
        try rig.send(Self.resident, Self.image("b"))
        _ = try rig.say("wecom:zhangsan", "东关社区2号楼门口垃圾堆了好几天了")
        try rig.send("wecom:zhangsan", .media(InboundMedia(kind: .file, mediaID: "file-1")))
        #expect(try await rig.service(.init(maxBytes: 50 * 1024 * 1024)).downloadOnce() == 3)
        let jobs = try rig.harness.store.read {
            try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/a", "图片：http://mmbiz.invalid/b", "文件：file-1"])
        }
        #expect(jobs.count == 3)
        #expect(jobs["图片：http://mmbiz.invalid/a"]?.storedMedia == jobs["图片：http://mmbiz.invalid/b"]?.storedMedia)
        let fileID = try #require(jobs["文件：file-1"]?.storedMedia)
        let file = try rig.harness.store.read { try $0.media(id: fileID) }
        #expect(file?.contentType == "application/pdf")
        #expect(file?.bytes == big)
        #expect(rig.platform.downloads.filter { $0.hasSuffix("file-1") }.count == 3)
    }

    @Test("Bytes too large, or not what they claim to be, lose the attachment")
    func checks() async throws {
        let rig = try Rig()
        rig.platform.serve("huge", MediaFakePlatform.jpeg(5000))
        rig.platform.serve("odd", Data(Array("%PDF-1.4".utf8) + Array(repeating: 1, count: 100)))
        _ = try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")
        try rig.send(Self.resident, Self.image("huge"))
        try rig.send(Self.resident, Self.image("odd"))
        #expect(try await rig.service(.init(maxBytes: 4000)).downloadOnce() == 2)
        let jobs = try rig.harness.store.read {
            try $0.mediaJobs(attachments: ["图片：http://mmbiz.invalid/huge", "图片：http://mmbiz.invalid/odd"])
        }
        #expect(jobs["图片：http://mmbiz.invalid/huge"]?.error == "larger than 4000 bytes")
        #expect(jobs["图片：http://mmbiz.invalid/odd"]?.error == "declared image/jpeg but the bytes are application/pdf")
    }

    @Test("A recognised voice message is heard as words and kept as a recording")
    func voice() throws {
        let rig = try Rig()
        let reply = try rig.send(Self.resident, .media(InboundMedia(kind: .voice, mediaID: "v1", recognition: "凤鸣小区4号楼3单元的楼道灯坏了一个多月了")))
        #expect(reply.contains("#1"))
        #expect(try rig.request(1)?.attachments == ["语音：v1（凤鸣小区4号楼3单元的楼道灯坏了一个多月了）"])
        let jobs = try rig.harness.store.read { try $0.mediaJobs(attachments: ["语音：v1（凤鸣小区4号楼3单元的楼道灯坏了一个多月了）"]) }
        #expect(jobs.count == 1)
    }

    @Test("Magic numbers name the type", arguments: [
        ([0xFF, 0xD8, 0xFF, 0xDB], "image/jpeg"), ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        (Array("GIF89a".utf8), "image/gif"), (Array("#!AMR\n".utf8), "audio/amr"), ([0x02] + Array("#!SILK_V3".utf8), "audio/silk"),
        (Array("ID3\u{4}".utf8), "audio/mpeg"), ([0, 0, 0, 0x20] + Array("ftypisom".utf8), "video/mp4"), (Array("%PDF-1.7".utf8), "application/pdf"),
    ] as [([UInt8], String)])
    func sniff(bytes: [UInt8], type: String) {
        #expect(MediaSniffer.contentType(of: Data(bytes)) == type)
    }
}
