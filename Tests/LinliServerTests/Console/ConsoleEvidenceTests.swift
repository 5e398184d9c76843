import Foundation
import HummingbirdTesting
import LinliCore
@testable import LinliServer
import Testing

/// The request page's attachments: photos as signed thumbnails, a download under way or lost
/// saying so, and the photo of the finished work marked, to those who serve the request only.
@Suite("console evidence")
struct ConsoleEvidenceTests {
    static let resident = MediaServiceTests.resident
    static let worker = MediaServiceTests.worker

    /// The `src` of every thumbnail on `html`, as path and query.
    static func thumbnails(_ html: String) -> [(path: String, query: String)] {
        html.components(separatedBy: #"<img class="thumb" src="https://linli.example"#).dropFirst().compactMap { rest in
            let url = rest.prefix { $0 != "\"" }.replacingOccurrences(of: "&amp;", with: "&").split(separator: "?", maxSplits: 1)
            return url.count == 2 ? (String(url[0]), String(url[1])) : nil
        }
    }

    @Test("the page of a request shows its photo through a working signed link, a lost one as 已失效 and the closing photo marked")
    func photos() async throws {
        let rig = try MediaServiceTests.Rig()
        let before = MediaFakePlatform.jpeg(3000, seed: 3)
        let after = MediaFakePlatform.jpeg(2000, seed: 4)
        rig.platform.serve("before", before)
        rig.platform.serve("after", after)
        #expect(try rig.say(Self.resident, "凤鸣小区4号楼3单元的楼道灯坏了一个多月了").contains("#1"))
        try rig.send(Self.resident, MediaServiceTests.image("before"))
        try rig.send(Self.resident, MediaServiceTests.image("gone"))
        _ = try rig.say(Self.worker, "接单 1")
        _ = try rig.say(Self.worker, "办结 1 换了灯泡")
        #expect(try rig.send(Self.worker, MediaServiceTests.image("after")).contains("办结照片"))

        try await rig.harness.console { client in
            // Before the downloads: no thumbnail, and each photo says it is on its way.
            let waiting = try await client.get("/console/requests/1", as: Self.worker)
            #expect(Self.thumbnails(waiting.text).isEmpty)
            #expect(waiting.text.components(separatedBy: "下载中").count - 1 == 3, "\(waiting.text)")
        }
        #expect(try await rig.service().downloadOnce() == 3)

        try await rig.harness.console { client in
            let page = try await client.get("/console/requests/1", as: Self.worker)
            #expect(page.status == .ok)
            #expect(!page.text.contains("console_"))
            let thumbnails = Self.thumbnails(page.text)
            #expect(thumbnails.count == 2, "\(page.text)")
            #expect(page.text.contains("http://mmbiz.invalid/gone") && page.text.contains("已失效"))
            #expect(!page.text.contains("下载中"))
            // The second thumbnail is the closing photo, and marked so.
            #expect(page.text.contains(#"<span class="closing">办结照片</span><a href="https://linli.example/media/"#), "\(page.text)")
            let photos = try #require(thumbnails.count == 2 ? thumbnails : nil)
            let first = try await client.get(photos[0].path, query: photos[0].query)
            #expect(first.status == .ok && first.headers[.contentType] == "image/jpeg")
            #expect(Data(buffer: first.body) == before)
            let second = try await client.get(photos[1].path, query: photos[1].query)
            #expect(Data(buffer: second.body) == after)

            // A worker of another grid sees neither the page nor any link.
            let other = try await client.get("/console/requests/1", as: "other-grid")
            #expect(other.status == .forbidden && Self.thumbnails(other.text).isEmpty && !other.text.contains("/media/"))
        }
    }
}
