import Foundation

/// Publishes tasks and keeps their places and hours, inside one message's transaction: every
/// change and the notices it sends commit together.
struct TaskBoard {
    let engine: Engine
    let transaction: any StoreTransaction
    let now: Date

    /// What became of a claim.
    enum ClaimOutcome: Equatable {
        /// The place is the member's; `left` places remain.
        case claimed(ServiceTask, left: Int)
        /// The member already holds a place.
        case alreadyHeld(ServiceTask)
        /// Every place is taken (已满).
        case full(ServiceTask)
        /// The task no longer takes claims (hours are being recorded, or it is done).
        case closed(ServiceTask)
        /// No such task.
        case unknown
    }

    /// What became of a withdrawal.
    enum WithdrawOutcome: Equatable {
        case withdrawn(ServiceTask)
        case notHeld(ServiceTask)
        case closed(ServiceTask)
        case unknown
    }

    /// What became of recording hours.
    enum RecordOutcome: Equatable {
        /// Hours recorded for these members; the task is now as given.
        case recorded(ServiceTask, members: [String])
        /// Nobody holds a place, so there is nobody to record hours for.
        case nobody(ServiceTask)
        /// The member named holds no place on the task.
        case notHeld(ServiceTask)
        case unknown
    }

    /// Saves a complete draft as a new open task and tells the members who serve its
    /// community, through their own channel.
    func publish(_ draft: TaskDraft, by admin: Directory.Staff) throws -> (task: ServiceTask, told: Int) {
        guard let title = draft.title, let place = draft.place, let time = draft.time, let needed = draft.needed,
              let minutes = draft.expectedMinutes else {
            throw CoreError(.invalidData, "publishing an incomplete task draft")
        }
        let task = ServiceTask(number: try transaction.nextTaskNumber(), title: title, place: place,
                               community: engine.directory.community(in: place), time: time, needed: needed,
                               expectedMinutes: minutes, publisher: admin.id, publishedAt: now)
        try transaction.save(task)
        let members = engine.directory.taskMembers(community: task.community)
        let notice = engine.responses.render(.taskNotice, values(task))
        for member in members {
            try transaction.enqueue(OutboundMessage(recipient: member.id, text: notice, origin: admin.id), at: now)
        }
        return (task, members.count)
    }

    /// Gives `member` a place on task `number` if one is free. The task's row is locked first
    /// (`taskForUpdate`), so that servers claiming at once count the places one after the other.
    func claim(_ number: Int, by member: Directory.Staff) throws -> ClaimOutcome {
        guard var task = try transaction.taskForUpdate(number: number) else { return .unknown }
        let claims = try transaction.taskClaims(task: number)
        if claims.contains(where: { $0.holds && $0.member.isSameID(member.id) }) { return .alreadyHeld(task) }
        guard task.takesClaims else { return .closed(task) }
        let held = claims.filter(\.holds).count
        guard held < task.needed else { return .full(task) }
        try transaction.save(TaskClaim(task: number, member: member.id, claimedAt: now))
        if held + 1 == task.needed {
            task.status = .full
            try transaction.save(task)
            try tellOthers(task, .taskFullNotice, holders: claims.filter(\.holds).map(\.member) + [member.id])
        }
        return .claimed(task, left: task.needed - held - 1)
    }

    /// Gives back `member`'s place on task `number`; a full task opens again.
    func withdraw(_ number: Int, by member: Directory.Staff) throws -> WithdrawOutcome {
        guard var task = try transaction.taskForUpdate(number: number) else { return .unknown }
        let claims = try transaction.taskClaims(task: number)
        guard var claim = claims.first(where: { $0.holds && $0.member.isSameID(member.id) }) else {
            return .notHeld(task)
        }
        guard task.takesClaims else { return .closed(task) }
        claim.withdrawnAt = now
        try transaction.save(claim)
        if task.status == .full {
            task.status = .open
            try transaction.save(task)
            // The member who just gave the place back is among the holders read before: they
            // know already.
            try tellOthers(task, .taskReopenedNotice, holders: claims.filter(\.holds).map(\.member))
        }
        return .withdrawn(task)
    }

    /// Records `minutes` for `members` holding a place on task `number`, or for every holder
    /// when nil. The task closes to claims; it is done once every holder has hours. Each
    /// member recorded by someone else is told.
    func record(_ number: Int, minutes: Int, for members: [String]?, by author: Directory.Staff) throws -> RecordOutcome {
        guard var task = try transaction.taskForUpdate(number: number) else { return .unknown }
        var claims = try transaction.taskClaims(task: number).filter(\.holds)
        guard !claims.isEmpty else { return .nobody(task) }
        let chosen = members ?? claims.map(\.member)
        guard chosen.allSatisfy({ id in claims.contains { $0.member.isSameID(id) } }) else { return .notHeld(task) }
        for index in claims.indices where chosen.containsID(claims[index].member) {
            claims[index].minutes = minutes
            try transaction.save(claims[index])
            if !claims[index].member.isSameID(author.id) {
                var values = self.values(task)
                values["hours"] = engine.hours(minutes)
                try transaction.enqueue(OutboundMessage(recipient: claims[index].member, text: engine.responses.render(.taskHoursNotice, values),
                                                        origin: author.id), at: now)
            }
        }
        let allRecorded = claims.allSatisfy { $0.minutes != nil }
        task.status = allRecorded ? .done : .closed
        task.doneAt = allRecorded ? (task.doneAt ?? now) : nil
        try transaction.save(task)
        return .recorded(task, members: chosen)
    }

    /// The members told of `task` who hold no place (`holders` do) get `notice`: it is full,
    /// or a place is free again.
    private func tellOthers(_ task: ServiceTask, _ notice: ResponseKey, holders: [String]) throws {
        let text = engine.responses.render(notice, values(task))
        for member in engine.directory.taskMembers(community: task.community) where !holders.containsID(member.id) {
            try transaction.enqueue(OutboundMessage(recipient: member.id, text: text, origin: task.publisher), at: now)
        }
    }

    /// A task's fields as the templates name them.
    func values(_ task: ServiceTask) -> [String: Any] {
        ["task": "T\(task.number)", "title": task.title, "place": task.place, "time": task.time, "needed": task.needed,
         "expected": engine.hours(task.expectedMinutes)]
    }
}

extension Engine {
    /// Minutes as hours for people: 4, 1.5.
    func hours(_ minutes: Int) -> String {
        let hours = Double(minutes) / 60
        return hours == hours.rounded() ? String(Int(hours)) : String(format: "%.1f", hours)
    }
}
