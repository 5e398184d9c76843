import Foundation
@testable import LinliCore
import LinliNLU
import Logging
import Testing

/// 双报到 in the chat: a member's and a unit's registration asked step by step, approved or
/// declined by an admin, and the approved member serving from the next message on.
@Suite("双报到: registration, approval, members in the directory")
struct EnrolmentChatTests {
    let admin = "repl:admin"
    let zhang = "repl:zhang"
    let liu = "repl:liu"
    let wang = "repl:wang"

    /// A party member of 凤鸣小区 registers; returns the registration's number.
    @discardableResult
    func registerMember(_ chat: Chat, _ user: String = "repl:zhang", name: String = "张三", offers: String = "理发、陪伴老人") throws -> Int {
        try chat.say(user, "我是在职党员，来社区报到", expect: "欢迎到社区报到", "姓名")
        try chat.say(user, name, expect: "工作单位")
        try chat.say(user, "县教育局", expect: "联系电话")
        try chat.say(user, "123", expect: "没能看懂", "联系电话")
        try chat.say(user, "13800001234", expect: "哪个社区", "凤鸣小区")
        try chat.say(user, "火星小区", expect: "没能看懂", "东关社区")
        try chat.say(user, "凤鸣小区", expect: "提供哪些服务", "理发")
        try chat.say(user, offers, expect: "什么时间")
        try chat.say(user, "周末上午", expect: "请确认", name, "县教育局", "13800001234", offers)
        try chat.say(user, "是", expect: "已提交双报到申请")
        let last = try chat.requests().last
        return try #require(last?.number)
    }

    @Test func aMemberRegistersAndIsApprovedAndServesOnTheNextMessage() throws {
        let chat = try Chat()
        let number = try registerMember(chat)
        let request = try #require(try chat.request(number))
        #expect(request.intent == "volunteer_signup" && request.slots["enrol_kind"] == "member" && request.slots["name"] == "张三")
        #expect(chat.last(admin).contains("双报到申请 #\(number)") && chat.last(admin).contains("批准报到 \(number)"))
        #expect(chat.engine.directory.member(zhang) == nil)

        // Refused to others, a clear error for an unknown number.
        try chat.say(wang, "批准报到 \(number)", expect: "不归您处理")
        try chat.say(admin, "批准报到 99", expect: "没有工单 #99")
        try chat.say(admin, "批准报到", expect: "用法")
        try chat.say(admin, "批准报到 \(number)", expect: "已批准报到申请 #\(number)", "张三")
        #expect(chat.last(zhang).contains("已通过"))
        let member = try #require(try chat.store.read { try $0.member(id: zhang) })
        #expect(member.grids == ["g1"] && member.offers == ["理发", "陪伴老人"] && member.unitName == "县教育局" && member.active)
        #expect(member.registration == number && member.community == "凤鸣小区")
        #expect(try chat.request(number)?.status == .resolved)

        // Approving twice changes nothing.
        let events = try chat.store.read { try $0.events(request: number) }.count
        let version = try chat.store.read { try $0.memberRollVersion() }
        try chat.say(admin, "批准报到 \(number)", expect: "已处理过", "没有改动")
        #expect(try chat.store.read { try $0.events(request: number) }.count == events)
        #expect(try chat.store.read { try $0.memberRollVersion() } == version)

        // The same engine, no restart: the member is told of a task in their community and claims it.
        try chat.say(admin, "发布任务 清理楼道 | 凤鸣小区3号楼 | 周六上午9点 | 2 | 2小时", expect: "已发布任务 T1")
        #expect(chat.last(zhang).contains("认领 T1"))
        try chat.say(zhang, "认领 T1", expect: "已认领 T1")
        #expect(chat.engine.directory.member(zhang)?.role == .partyMember)
    }

    @Test func anApprovalThroughOneEngineTakesEffectInAnotherOnItsNextMessage() throws {
        // Two engines on one store stand for two servers on one database: each keeps its own directory.
        let chat = try Chat()
        let other = Engine(nlu: Chat.nlu, responses: Chat.responses, directory: Chat.directory, store: chat.store, logger: Logger(label: "test"))
        // The other engine has handled a message before: its directory is built.
        _ = try other.handle(InboundMessage(userID: try UserID(wang), messageID: "other:1", content: .text("待办"), receivedAt: chat.now))
        let number = try registerMember(chat)
        try chat.say(admin, "批准报到 \(number)", expect: "已批准")
        #expect(other.directory.member(zhang) == nil)
        let handled = try other.handle(InboundMessage(userID: try UserID(zhang), messageID: "other:2", content: .text("我的服务时长"),
                                                      receivedAt: chat.now.addingTimeInterval(60)))
        #expect(handled.replies.joined().contains("你还没有记录的服务时长"), "\(handled.replies)")
        #expect(other.directory.member(zhang)?.grids == ["g1"])
    }

    @Test func aWishSubmittedThroughAnotherEngineReachesTheApprovedMember() throws {
        let chat = try Chat()
        try chat.say(admin, "批准报到 \(try registerMember(chat))", expect: "已批准")
        // A fresh engine (another server) that has handled no message: Open311 routes by the roll as it is now.
        let other = Engine(nlu: Chat.nlu, responses: Chat.responses, directory: Chat.directory, store: chat.store, logger: Logger(label: "test"))
        let slots = ["community": "凤鸣小区", "phone": "13900001111", "person": "王奶奶", "building": "3"]
        _ = try other.submit(Submission(reporter: try UserID("georeport:0123456789abcdef"), key: "w1", intent: "micro_wish",
                                        slots: slots, text: "想要一台收音机", receivedAt: chat.now))
        try chat.deliver()
        #expect(chat.last(zhang).contains("想要一台收音机"), "\(chat.all(zhang))")
    }

    @Test func aUnitRegistersWithOffersAndCapacity() throws {
        let chat = try Chat()
        try chat.say(liu, "我们单位想和社区结对", expect: "欢迎贵单位", "单位全称")
        try chat.say(liu, "县人民医院", expect: "联系人")
        try chat.say(liu, "刘主任", expect: "联系电话")
        try chat.say(liu, "0917-1234567", expect: "哪个社区")
        try chat.say(liu, "西关社区", expect: "每月多少人次")
        try chat.say(liu, "义诊 每月20人次、健康讲座 每月1场", expect: "什么时间")
        try chat.say(liu, "每月第一个周六", expect: "单位结对", "县人民医院", "刘主任")
        try chat.say(liu, "是", expect: "已提交单位结对申请")
        let number = try #require(try chat.requests().last?.number)
        #expect(chat.last(admin).contains("单位：县人民医院"))
        try chat.say(admin, "批准报到 \(number)", expect: "已批准报到申请 #\(number)", "县人民医院")
        #expect(chat.last(liu).contains("县人民医院") && chat.last(liu).contains("已通过"))
        let units = try chat.store.read { try $0.units() }
        #expect(units.map(\.name) == ["县人民医院"] && units.first?.phone == "09171234567" && units.first?.contactName == "刘主任")
        let offers = try chat.store.read { try $0.offers() }
        #expect(offers.map(\.serviceType) == ["义诊", "健康讲座"])
        #expect(offers.map(\.capacity) == ["每月20人次", "每月1场"])
        #expect(offers.allSatisfy { $0.ownerKind == .unit && $0.community == "西关社区" && $0.times == "每月第一个周六" })
        // A unit's contact is not made staff.
        #expect(chat.engine.directory.member(liu) == nil)
        #expect(try chat.store.read { try $0.members() }.isEmpty)
    }

    @Test func aDeclineTellsTheApplicantWhyAndMakesNoMember() throws {
        let chat = try Chat()
        let number = try registerMember(chat)
        try chat.say(admin, "拒绝报到 \(number)", expect: "用法")
        try chat.say(admin, "拒绝报到 \(number) 不在本社区居住", expect: "已拒绝报到申请 #\(number)")
        #expect(chat.last(zhang).contains("未通过：不在本社区居住"))
        #expect(try chat.request(number)?.resolutionNote == "未通过：不在本社区居住")
        try chat.say(admin, "批准报到 \(number)", expect: "已处理过", "未通过")
        #expect(try chat.store.read { try $0.members() }.isEmpty)
        #expect(chat.engine.directory.member(zhang) == nil)
    }

    @Test func anAdminRemovesAMemberWithoutARestart() throws {
        let chat = try Chat()
        let number = try registerMember(chat)
        try chat.say(admin, "批准报到 \(number)", expect: "已批准")
        try chat.say(wang, "取消报到 \(zhang)", expect: "只有管理员")
        try chat.say(admin, "取消报到 \(wang)", expect: "配置文件")
        try chat.say(admin, "取消报到 某人", expect: "没有找到")
        try chat.say(admin, "取消报到 张三", expect: "已取消 张三")
        #expect(chat.last(zhang).contains("报到已取消"))
        try chat.say(admin, "发布任务 清理楼道 | 凤鸣小区3号楼 | 周六上午9点 | 2 | 2小时", expect: "已发布任务 T1")
        #expect(!chat.last(zhang).contains("认领 T1"))
        #expect(chat.engine.directory.member(zhang) == nil)
        #expect(try chat.store.read { try $0.member(id: zhang) }?.active == false)
    }

    @Test func aMemberWhoRegistersAgainOffersWhatTheNewRegistrationSays() throws {
        let chat = try Chat()
        try chat.say(admin, "批准报到 \(try registerMember(chat))", expect: "已批准")
        try chat.say(admin, "取消报到 张三", expect: "已取消 张三")
        let again = try registerMember(chat, offers: "义诊")
        try chat.say(admin, "批准报到 \(again)", expect: "已批准")
        let offers = try chat.store.read { try $0.offers() }.filter { $0.ownerID == zhang }
        #expect(offers.map(\.id) == ["R\(again)-1"] && offers.map(\.serviceType) == ["义诊"], "\(offers)")
        #expect(try chat.store.read { try $0.member(id: zhang) }?.offers == ["义诊"])
    }

    @Test func aRegistrationIsCancelledOrDroppedWhenIdle() throws {
        let chat = try Chat()
        try chat.say(zhang, "双报到", expect: "姓名")
        try chat.say(zhang, "算了", expect: "已取消报到登记")
        #expect(try chat.conversation(zhang)?.enrolment == nil)
        try chat.say(zhang, "双报到", expect: "姓名")
        chat.advance(minutes: 31)
        let reply = try chat.say(zhang, "张三")
        #expect(!reply.contains("工作单位"))
        #expect(try chat.conversation(zhang)?.enrolment == nil)
    }

    @Test func theVolunteerIntentStartsARegistrationKeepingTheSlotsItGives() throws {
        let chat = try Chat()
        let understood = Understanding(text: "我想报名当志愿者，电话13800001234，住凤鸣小区", intent: "volunteer_signup", confidence: 0.99,
                                       slots: ["phone": "13800001234", "community": "凤鸣小区"], alternatives: [])
        try chat.say(zhang, understood.text, understood: understood, expect: "欢迎到社区报到", "姓名")
        try chat.say(zhang, "张三", expect: "工作单位")
        // Phone and community were given: the next question is what they offer.
        try chat.say(zhang, "无", expect: "提供哪些服务")
        try chat.say(zhang, "修自行车", expect: "什么时间")
        try chat.say(zhang, "晚上", expect: "工作单位：无", "服务：修自行车")
        try chat.say(zhang, "是", expect: "已提交双报到申请")
        let number = try #require(try chat.requests().last?.number)
        try chat.say(admin, "批准报到 \(number)", expect: "已批准")
        let member = try #require(try chat.store.read { try $0.member(id: zhang) })
        #expect(member.unitName == nil && member.offers == ["修自行车"])
        let offers = try chat.store.read { try $0.offers() }
        #expect(offers.map(\.ownerKind) == [.member] && offers.first?.text == "修自行车")
    }

    @Test func offersAreReadIntoTypesAndCapacities() {
        let types = ["理发", "义诊", "法律咨询"]
        #expect(OfferReading.items("理发、义诊，法律咨询 每月2次") == ["理发", "义诊", "法律咨询 每月2次"])
        #expect(OfferReading.serviceType(of: "给老人理发", types: types) == "理发")
        #expect(OfferReading.serviceType(of: "修自行车 每周3次", types: types) == "修自行车")
        #expect(OfferReading.capacity(in: "义诊 每月20人次") == "每月20人次")
        #expect(OfferReading.capacity(in: "义诊") == nil)
        #expect(EnrolmentDraft.phone(in: "１３８0000 1234") == "13800001234")
        #expect(EnrolmentDraft.phone(in: "12345") == nil)
        let communities = ["东关社区七号院", "东关社区", "凤鸣小区"]
        #expect(EnrolmentDraft.community("东关社区", among: communities) == "东关社区")
        #expect(EnrolmentDraft.community("东关社区七号院3号楼", among: communities) == "东关社区七号院")
        #expect(EnrolmentDraft.community("凤鸣", among: communities) == "凤鸣小区")
        #expect(EnrolmentDraft.community("火星小区", among: communities) == nil)
    }
}
