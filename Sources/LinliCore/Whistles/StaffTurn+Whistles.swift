import Foundation

/// 社区吹哨、部门报到 in the staff chat: `吹哨 N 部门 说明` calls a configured department to a
/// request, `报到 N` is the department's answer. Both are events in the request's history,
/// which is all the state a whistle has.
extension StaffTurn {
    /// Roles that may blow the whistle: those who work on the request in the community.
    private static let whistlers: Set<Directory.Role> = [.gridWorker, .gridLeader, .admin]

    /// 吹哨 N 部门 说明, by a grid worker or grid leader serving request N, or an admin.
    mutating func whistle(_ number: Int?, _ text: String) throws {
        let parts = text.split(maxSplits: 1, whereSeparator: \.isWhitespace).map(String.init)
        let note = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        guard let request = try active(number, usage: .usageWhistle, needsText: note) else { return }
        guard Self.whistlers.contains(member.role), engine.serves(member, request) else {
            say(.whistleNotAllowed, ["number": request.number]); return
        }
        let departments = engine.directory.departments
        guard let department = departments.first(where: { $0 == parts[0] }) else {
            say(departments.isEmpty ? .whistleNoDepartments : .whistleUnknownDepartment,
                ["department": parts[0], "departments": departments.joined(separator: "、")])
            return
        }
        let events = try desk.transaction.events(request: request.number)
        if Whistle.all(in: events).contains(where: { $0.department == department && $0.answeredAt == nil }) {
            say(.whistlePending, ["number": request.number, "department": department]); return
        }
        let whistled = RequestEvent(request: request.number, kind: .whistled, actor: member.id, at: desk.now,
                                    note: WhistleNote(department: department, text: note).note)
        try desk.transaction.append(whistled)
        let due = calendar.adding(engine.configuration.whistleAnswerWithin, to: desk.now)
        try setWhistleDue(request, events + [whistled])
        try desk.notify(engine.directory.departmentMembers(department), engine.responses.render(.whistleNotice, [
            "number": request.number, "intent_name": engine.intentName(request.intent), "place": engine.place(request.slots),
            "text": String(request.text.prefix(200)), "note": note, "staff_name": member.name, "department": department,
            "due": engine.shortTime(due),
        ]), origin: member.id)
        say(.whistleSent, ["number": request.number, "department": department, "due": engine.shortTime(due)])
    }

    /// 报到 N, by a member of a department called to request N and not yet answered.
    mutating func answerWhistle(_ number: Int?) throws {
        guard let number else { say(.staffUsage, ["usage": engine.responses.render(.usageAnswerWhistle)]); return }
        // A request closed meanwhile may still be answered: the answer is the department's record.
        guard let request = try desk.transaction.request(number: number) else { say(.staffUnknownRequest, ["number": number]); return }
        let department = member.role == .department ? member.name : nil
        let whistles = Whistle.all(in: try desk.transaction.events(request: number)).filter { $0.department == department }
        guard let department, !whistles.isEmpty else { say(.whistleNotCalled, ["number": number]); return }
        guard let open = whistles.first(where: { $0.answeredAt == nil }) else {
            let last = whistles.last!
            say(.whistleAlreadyAnswered, ["number": number, "department": department,
                                          "staff_name": last.answeredBy.flatMap { engine.directory.member($0)?.name }.flatMap { $0 == department ? nil : $0 } ?? "",
                                          "time": last.answeredAt.map(engine.shortTime) ?? ""])
            return
        }
        let answer = RequestEvent(request: number, kind: .whistleAnswered, actor: member.id, at: desk.now, note: department)
        try desk.transaction.append(answer)
        try setWhistleDue(request, try desk.transaction.events(request: number))
        try desk.notify([open.whistler], engine.responses.render(.whistleAnswerNotice, [
            // A department entry often bears the department's own name: it is not said twice.
            "number": number, "department": department, "staff_name": member.name == department ? "" : member.name,
        ]), origin: member.id)
        say(.whistleAnswered, ["number": request.number, "department": department])
    }

    /// Whether this member's department was called to `request`: it may then read the
    /// request (详情 N), whose resident and words it needs to act.
    func isCalled(to request: ServiceRequest) throws -> Bool {
        guard member.role == .department else { return false }
        return try desk.transaction.events(request: request.number)
            .contains { $0.kind == .whistled && WhistleNote($0.note ?? "").department == member.name }
    }

    private var calendar: WorkCalendar { engine.configuration.deadlines.calendar }

    /// Saves `request` with the due time of its next pending whistle in `events` (its whole
    /// history), when the timer must remind the department.
    private func setWhistleDue(_ original: ServiceRequest, _ events: [RequestEvent]) throws {
        var request = original
        request.whistleDueAt = Whistle.nextDue(in: events, within: engine.configuration.whistleAnswerWithin, calendar: calendar)
        guard request.whistleDueAt != original.whistleDueAt else { return }
        try desk.save(request)
    }
}
