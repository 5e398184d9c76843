import Foundation

/// The task commands in the staff chat: 发布任务 (asked step by step), 认领 TN, 退出 TN,
/// 完成 TN 时长 and 我的服务时长.
extension StaffTurn {
    private var board: TaskBoard { TaskBoard(engine: engine, transaction: desk.transaction, now: desk.now) }

    /// 发布任务, by an admin: the one-line form's fields when given, then asks for the rest.
    mutating func publishTask(_ text: String) throws {
        guard member.role == .admin else { say(.taskAdminOnly); return }
        try proceed(text.isEmpty ? TaskDraft() : TaskDraft(oneLine: text))
    }

    /// The admin's answer to the field being asked, or the end of the draft when `cancelling`.
    mutating func continueDraft(_ text: String, cancelling: Bool) throws {
        guard var draft else { return }
        if cancelling {
            self.draft = nil
            say(.taskDraftCancelled)
            return
        }
        if let field = draft.asking ?? draft.missing, !draft.fill(field, with: text) {
            say(.taskAskAgain, [field.rawValue: true])
            return
        }
        try proceed(draft)
    }

    /// Asks for the first missing field, or publishes the task when none is.
    private mutating func proceed(_ next: TaskDraft) throws {
        var draft = next
        if let field = draft.missing {
            draft.asking = field
            self.draft = draft
            say(.taskAsk, [field.rawValue: true])
            return
        }
        self.draft = nil
        let (task, told) = try board.publish(draft, by: member)
        say(.taskPublished, board.values(task).merging(["told": told]) { $1 })
    }

    /// 认领 TN.
    mutating func claimTask(_ number: Int?) throws {
        guard let number else { say(.staffUsage, ["usage": engine.responses.render(.usageClaimTask)]); return }
        guard engine.directory.takesTasks(member) else { say(.taskNotTaker); return }
        switch try board.claim(number, by: member) {
        case .claimed(let task, let left):
            say(left == 0 ? .taskClaimedLast : .taskClaimed, board.values(task).merging(["left": left]) { $1 })
        case .alreadyHeld(let task): say(.taskAlreadyHeld, board.values(task))
        case .full(let task): say(.taskFull, board.values(task))
        case .closed(let task): say(.taskClosed, board.values(task))
        case .unknown: say(.taskUnknown, ["task": "T\(number)"])
        }
    }

    /// 退出 TN.
    mutating func withdrawTask(_ number: Int?) throws {
        guard let number else { say(.staffUsage, ["usage": engine.responses.render(.usageWithdrawTask)]); return }
        switch try board.withdraw(number, by: member) {
        case .withdrawn(let task): say(.taskWithdrawn, board.values(task))
        case .notHeld(let task): say(.taskNotHeld, board.values(task))
        case .closed(let task): say(.taskClosed, board.values(task))
        case .unknown: say(.taskUnknown, ["task": "T\(number)"])
        }
    }

    /// 完成 TN 时长 (an admin: every member holding a place; anyone else: themselves), or
    /// 完成 TN @成员 时长 (an admin: that member).
    mutating func completeTask(_ number: Int?, _ text: String) throws {
        var rest = Substring(text)
        var named: Directory.Staff?
        if rest.first == "@" || rest.first == "\u{FF20}" {
            let who = String(rest.dropFirst().prefix { !$0.isWhitespace })
            rest = rest.dropFirst(who.count + 1)
            guard let staff = engine.directory.staff.first(where: { $0.id.isSameID(who) || $0.name == who }) else {
                say(.taskUnknownMember, ["member": who]); return
            }
            named = staff
        }
        guard let number, let minutes = TaskDraft.minutes(in: String(rest)) else {
            say(.staffUsage, ["usage": engine.responses.render(.usageCompleteTask)]); return
        }
        let members: [String]?
        if member.role == .admin {
            members = named.map { [$0.id] }
        } else if named == nil || named!.id.isSameID(member.id) {
            members = [member.id]
        } else {
            say(.taskAdminOnly); return
        }
        switch try board.record(number, minutes: minutes, for: members, by: member) {
        case .recorded(let task, let recorded):
            var values = board.values(task)
            values["hours"] = engine.hours(minutes)
            values["count"] = recorded.count
            say(task.status == .done ? .taskRecorded : .taskRecordedPartly, values)
        case .nobody(let task): say(.taskNobody, board.values(task))
        case .notHeld(let task): say(.taskNotHeld, board.values(task))
        case .unknown: say(.taskUnknown, ["task": "T\(number)"])
        }
    }

    /// 我的服务时长: the member's recorded hours, in total and by task.
    mutating func myHours() throws {
        let recorded = try desk.transaction.taskClaims(member: member.id).filter { $0.holds && $0.minutes != nil }
        guard !recorded.isEmpty else { say(.taskMyHoursNone); return }
        var items: [String] = []
        for claim in recorded {
            let title = try desk.transaction.task(number: claim.task)?.title ?? ""
            items.append(engine.responses.render(.taskMyHoursItem, ["task": "T\(claim.task)", "title": title,
                                                                     "hours": engine.hours(claim.minutes ?? 0)]))
        }
        let total = recorded.compactMap(\.minutes).reduce(0, +)
        say(.taskMyHours, ["hours": engine.hours(total), "count": recorded.count, "items": items.joined(separator: "\n")])
    }
}
