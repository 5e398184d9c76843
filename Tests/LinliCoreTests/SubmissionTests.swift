import Foundation
@testable import LinliCore
import Testing

/// `Engine.submit`: a request handed in whole by another system takes the chat's path.
@Suite("submissions")
struct SubmissionTests {
    static let reporter = try! UserID("georeport:0123456789abcdef")

    static func submission(_ intent: String = "facility_repair", key: String = "k1",
                           slots: [String: String] = ["community": "凤鸣小区", "building": "3"], at now: Date) -> Submission {
        Submission(reporter: reporter, key: key, intent: intent, slots: slots, text: "楼道灯坏了", receivedAt: now)
    }

    @Test("an intent that opens no request, or a missing required slot, is refused before the store is touched")
    func guards() throws {
        let chat = try Chat()
        for bad in [Self.submission("greeting", at: chat.now), Self.submission("nope", at: chat.now),
                    Self.submission("flying_wire_charging", slots: ["community": "凤鸣小区"], at: chat.now)] {
            #expect(throws: CoreError.self) { try chat.engine.submit(bad) }
        }
        #expect(try chat.requests().isEmpty)
    }

    @Test("it opens and routes like a chat report; the same key again is answered from the record")
    func retry() throws {
        let chat = try Chat()
        let first = try chat.engine.submit(Self.submission(at: chat.now))
        let again = try chat.engine.submit(Self.submission(at: chat.now.addingTimeInterval(60)))
        #expect(first.number == 1 && !first.duplicate && first.notice.contains("#1") && first.notice.contains("东关第一网格"))
        #expect(again == SubmissionReceipt(number: 1, notice: first.notice, duplicate: true))
        let request = try #require(try chat.request(1))
        #expect(request.status == .assigned && request.grid == "g1" && request.resident == Self.reporter.rawValue)
        try chat.deliver()
        #expect(chat.all("repl:wang").count == 1 && chat.last("repl:wang").contains("#1"))
    }

    @Test("a report of a place another resident reported is linked to their request; a second resident's own case is not")
    func linking() throws {
        let chat = try Chat()
        let opened = try chat.engine.submit(Self.submission(at: chat.now))
        let other = try chat.engine.submit(Submission(reporter: try UserID("georeport:fedcba9876543210"), key: "k2", intent: "facility_repair",
                                                      slots: ["community": "凤鸣小区", "building": "3"], text: "灯坏了", receivedAt: chat.now))
        #expect(other.number == opened.number && other.notice.contains("已经有人反映过了"))
        #expect(try chat.request(1)?.followers == ["georeport:fedcba9876543210"])
        let own = try chat.engine.submit(Self.submission("dispute_mediation", key: "k3", slots: ["community": "凤鸣小区"], at: chat.now))
        #expect(own.number == 2)
    }
}
