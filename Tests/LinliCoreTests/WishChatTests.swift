import Foundation
@testable import LinliCore
import LinliNLU
import Testing

/// 微心愿 to the end: a member claims a resident's wish (认领心愿 N), fulfils it (实现心愿 N),
/// the resident's thanks reach them, and the report counts wishes.
@Suite("Micro-wishes claimed, fulfilled and thanked")
struct WishChatTests {
    let admin = "repl:admin"
    let li = "repl:li"
    let zhou = "repl:zhou"
    let wang = "repl:wang"
    let zhao = "repl:zhao"
    let resident = "repl:zhang"

    func chat() throws -> Chat { try Chat(directory: TaskChatTests.directory) }

    /// `who` opens a request of `intent` in 凤鸣小区 (the first grid) and gets its number.
    @discardableResult
    func open(_ chat: Chat, _ intent: String = ServiceRequest.microWishIntent, by who: String? = nil,
              text: String = "我想许个微心愿，家里娃想要一个新书包") throws -> Int {
        let user = who ?? resident
        let before = try chat.requests().count
        let slots = ["community": "凤鸣小区", "building": "3号楼", "phone": "13900001122", "location": "楼道"]
        let reply = try chat.say(user, text, understood: Understanding(text: text, intent: intent, confidence: 0.99, slots: slots, alternatives: []))
        if try chat.requests().count == before { try chat.say(user, "是", expect: "#") }
        let opened = try chat.requests()
        #expect(opened.count == before + 1, "\(reply)")
        return try #require(opened.map(\.number).max())
    }

    @Test func aMemberClaimsAWishAndTheResidentHearsTheirNameOnly() throws {
        let chat = try chat()
        let number = try open(chat)
        try chat.say(li, "认领心愿 \(number)", expect: "已认领微心愿 #\(number)", "新书包", "实现心愿 \(number)")
        #expect(chat.last(resident).contains("微心愿（#\(number)）已由李党员认领"), "\(chat.last(resident))")
        #expect(!chat.last(resident).contains("repl:li"))
        let wish = try #require(try chat.request(number))
        #expect(wish.status == .claimed && wish.claimer == li && wish.claimedAt != nil)
        let events = try chat.store.read { try $0.events(request: number) }
        #expect(events.contains { $0.kind == .claimed && $0.actor == li })
        try chat.say(li, "详情 \(number)", expect: "接单 李党员")
    }

    @Test func aClaimedWishIsNotClaimedAgain() throws {
        let chat = try chat()
        let number = try open(chat)
        try chat.say(li, "/claim-wish \(number)", expect: "已认领微心愿")
        try chat.say(zhou, "认领心愿 #\(number)", expect: "已由李党员认领了")
        try chat.say(li, "认领心愿\(number)", expect: "你已经认领了")
        #expect(try chat.request(number)?.claimer == li)
        // The resident heard of one claim only.
        #expect(chat.all(resident).filter { $0.contains("认领") }.count == 1)
    }

    @Test func onlyMembersServingTheCommunityClaimWishes() throws {
        let chat = try chat()
        let number = try open(chat)
        try chat.say(zhao, "认领心愿 \(number)", expect: "不归您处理")
        try chat.say(admin, "认领心愿 \(number)", expect: "只有党员和网格员")
        try chat.say(li, "认领心愿", expect: "认领心愿 N")
        try chat.say(li, "认领心愿 99", expect: "#99")
        #expect(try chat.request(number)?.claimer == nil)
        try chat.say(wang, "认领心愿 \(number)", expect: "已认领微心愿")
    }

    @Test func aRequestThatIsNotAWishIsRefused() throws {
        let chat = try chat()
        let number = try open(chat, "facility_repair", text: "凤鸣小区3号楼楼道灯坏了")
        try chat.say(li, "认领心愿 \(number)", expect: "不是微心愿", "接单 \(number)")
        try chat.say(admin, "实现心愿 \(number)", expect: "不是微心愿")
        let request = try #require(try chat.request(number))
        #expect(request.claimer == nil && request.status == .assigned)
    }

    @Test func fulfillingTellsTheResidentAndAsksForARating() throws {
        let chat = try chat()
        let number = try open(chat)
        try chat.say(wang, "实现心愿 \(number)", expect: "还没有人认领", "认领心愿 \(number)")
        try chat.say(li, "认领心愿 \(number)")
        try chat.say(zhou, "实现心愿 \(number) 送到了", expect: "不是你认领的")
        try chat.say(li, "实现心愿 \(number) 已送去新书包", expect: "已登记微心愿 #\(number) 实现")
        let told = chat.last(resident)
        #expect(told.contains("已由李党员帮您实现：已送去新书包") && told.contains("打个分"), "\(told)")
        let wish = try #require(try chat.request(number))
        #expect(wish.status == .resolved && wish.resolutionNote == "已送去新书包")
        #expect(try chat.conversation(resident)?.awaitingRating == number)
        let events = try chat.store.read { try $0.events(request: number) }
        #expect(events.contains { $0.kind == .resolved && $0.actor == li && $0.note == "已送去新书包" })
        try chat.say(li, "实现心愿 \(number)", expect: "#\(number)", "已办结")
        // An admin fulfils a wish nobody claimed, in the claimer's place.
        let second = try open(chat, by: "repl:sun")
        try chat.say(admin, "/fulfil-wish \(second)", expect: "已登记")
        #expect(chat.last("repl:sun").contains("已由社区办公室帮您实现"))
    }

    @Test func theResidentsThanksAndRatingReachTheMember() throws {
        let chat = try chat()
        let number = try open(chat)
        try chat.say(li, "认领心愿 \(number)")
        try chat.say(resident, "谢谢你们", expect: "不客气") // not yet fulfilled: nothing to pass on
        #expect(!chat.last(li).contains("道谢"))
        try chat.say(li, "实现心愿 \(number) 书包送到了")
        try chat.say(resident, "谢谢你们", expect: "已转达给李党员")
        #expect(chat.last(li).contains("微心愿 #\(number) 的居民向你道谢：「谢谢你们」"), "\(chat.last(li))")
        try chat.say(resident, "满意")
        #expect(chat.last(li).contains("打了 5分"), "\(chat.last(li))")
        #expect(try chat.request(number)?.status == .rated)
        try chat.say(li, "详情 \(number)", expect: "居民致谢")
        // A week later a 谢谢 is no longer taken as thanks for the wish.
        chat.advance(minutes: 8 * 24 * 60)
        let before = chat.all(li).count
        let reply = try chat.say(resident, "谢谢你们")
        #expect(!reply.contains("转达") && chat.all(li).count == before)
    }

    @Test func thanksForALaterRequestAreNotPassedToTheWishsMember() throws {
        let chat = try chat()
        let wish = try open(chat)
        try chat.say(li, "认领心愿 \(wish)")
        try chat.say(li, "实现心愿 \(wish)")
        try chat.say(resident, "满意")
        let repair = try open(chat, "facility_repair", text: "凤鸣小区3号楼楼道灯坏了")
        try chat.say(wang, "办结 \(repair) 换了灯泡")
        let before = chat.all(li).count
        let reply = try chat.say(resident, "谢谢你们")
        #expect(!reply.contains("转达") && chat.all(li).count == before)
    }

    @Test func theReportCountsWishesCollectedClaimedAndFulfilled() throws {
        let chat = try chat()
        let first = try open(chat)
        let second = try open(chat, by: "repl:sun")
        try open(chat, by: "repl:qian")
        try open(chat, "facility_repair", by: "repl:qian", text: "凤鸣小区3号楼楼道灯坏了")
        try chat.say(li, "认领心愿 \(first)")
        try chat.say(li, "实现心愿 \(first)")
        try chat.say(zhou, "认领心愿 \(second)")
        let report = try chat.engine.report(now: chat.now)
        #expect(report.microWishesCollected == 3 && report.microWishesClaimed == 2 && report.microWishesFulfilled == 1)
        let row = try #require(report.byIntent.first { $0.key == ServiceRequest.microWishIntent })
        #expect(row.opened == 3 && row.claimed == 2 && row.resolved == 1)
    }

    @Test(arguments: [
        ("认领心愿 3", StaffCommand.claimWish(3)), ("认领心愿#3", .claimWish(3)), ("/claim-wish 3", .claimWish(3)),
        ("认领心愿", .claimWish(nil)), ("认领心愿 3 马上", .claimWish(nil)), ("认领 T3", .claimTask(3)),
        ("实现心愿 3 送去了书包", .fulfilWish(3, "送去了书包")), ("实现心愿 3", .fulfilWish(3, nil)),
        ("/fulfil-wish 3 done", .fulfilWish(3, "done")),
    ])
    func commandsParse(text: String, command: StaffCommand) {
        #expect(StaffCommand.parse(text, words: Chat.responses.words) == command)
    }

    @Test func helpListsTheWishCommands() throws {
        let chat = try chat()
        try chat.say(li, "帮助", expect: "认领心愿 N", "实现心愿 N", "/claim-wish", "/fulfil-wish")
    }

    @Test("a photo right after 实现心愿 N is the wish's closing evidence; one after another command is not")
    func aPhotoAfterFulfillingIsTheWishesEvidence() throws {
        let chat = try chat()
        let number = try open(chat)
        try chat.say(li, "认领心愿 \(number)", expect: "已认领微心愿")
        let photo = InboundMessage.Content.media(InboundMedia(kind: .image, mediaID: "wish-photo", url: "http://mmbiz.invalid/wish"))
        // Before the wish is fulfilled a photo is only the member's own message.
        #expect(!(try chat.send(li, photo)).contains("办结照片"))
        try chat.say(li, "实现心愿 \(number) 书包送到了", expect: "实现")
        #expect(try chat.send(li, photo).contains("办结照片"))
        #expect(try chat.request(number)?.attachments == ["办结照片：http://mmbiz.invalid/wish"])
        try chat.say(li, "我的服务时长")
        #expect(!(try chat.send(li, photo)).contains("办结照片"))
    }
}
