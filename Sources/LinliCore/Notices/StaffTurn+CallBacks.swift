import Foundation

/// Call-backs: a notice that reached the resident neither in the chat nor as a 订阅通知 puts a
/// `callBack` event in the request's history (the delivery service writes it); staff see it in
/// 待办 until one of them records the call with 已告知 N.
extension StaffTurn {
    /// How far back 待办 looks for call-backs still owed.
    static let callBackHorizon: TimeInterval = 90 * 86_400

    /// The requests `member` serves whose latest call-back is not yet answered by 已告知, oldest first.
    func owedCallBacks() throws -> [(request: ServiceRequest, kind: String)] {
        let events = try desk.transaction.events(since: desk.now.addingTimeInterval(-Self.callBackHorizon))
        var latest: [Int: RequestEvent] = [:]
        for event in events where Self.isCall(event) { latest[event.request] = event }
        return try latest.values.filter { $0.kind == .callBack }.sorted { $0.request < $1.request }.compactMap { event in
            guard let request = try desk.transaction.request(number: event.request), serves(request) else { return nil }
            return (request, event.note ?? "")
        }
    }

    /// Whether `event` owes a call-back or answers one.
    static func isCall(_ event: RequestEvent) -> Bool {
        event.kind == .callBack || event.kind == .calledBack
    }

    /// 待办's lines for the call-backs owed, after the open requests.
    mutating func sayOwedCallBacks() throws {
        let owed = try owedCallBacks()
        guard !owed.isEmpty else { return }
        say(.staffCallBackHeader, ["count": owed.count])
        for (request, kind) in owed.prefix(20) {
            say(.staffCallBackItem, ["number": request.number, "intent_name": engine.intentName(request.intent),
                                     "what": engine.responses.render(template: "notice_kind_" + kind) ?? kind,
                                     "place": engine.place(request.slots)])
        }
    }

    /// 已告知 N: records that the resident of N was told by phone.
    mutating func calledBack(_ number: Int?) throws {
        guard let number else { say(.staffUsage, ["usage": engine.responses.render(.usageCalledBack)]); return }
        guard let request = try desk.transaction.request(number: number) else { say(.staffUnknownRequest, ["number": number]); return }
        guard serves(request) else { say(.staffNotAllowed, ["number": number]); return }
        // This request's history only, within the same horizon as 待办.
        let since = desk.now.addingTimeInterval(-Self.callBackHorizon)
        let calls = try desk.transaction.events(request: number).filter { $0.at >= since && Self.isCall($0) }
        guard calls.last?.kind == .callBack else {
            say(.staffNoCallBack, ["number": number])
            return
        }
        try desk.transaction.append(RequestEvent(request: number, kind: .calledBack, actor: member.id, at: desk.now))
        say(.staffCalledBack, ["number": number])
    }
}
