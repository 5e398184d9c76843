import Foundation

/// The 微心愿 commands in the staff chat: 认领心愿 N and 实现心愿 N [说明].
extension StaffTurn {
    /// 认领心愿 N, by a party member or grid worker who serves the wish's community: the
    /// wish becomes theirs, and the resident is told by whom (name only) through the outbox.
    mutating func claimWish(_ number: Int?) throws {
        guard let request = try active(number, usage: .usageClaimWish) else { return }
        guard request.isMicroWish else {
            say(.wishNotAWish, ["number": request.number, "intent_name": engine.intentName(request.intent)]); return
        }
        guard engine.directory.takesTasks(member) else { say(.wishNotTaker); return }
        if let claimer = request.claimer, request.status == .claimed {
            if claimer.isSameID(member.id) { say(.wishAlreadyYours, ["number": request.number]); return }
            say(.wishAlreadyClaimed, ["number": request.number, "staff_name": engine.directory.member(claimer)?.name ?? claimer])
            return
        }
        guard serves(request) else { say(.staffNotAllowed, ["number": request.number]); return }
        try desk.claim(request, by: member)
        say(.wishClaimed, ["number": request.number, "text": String(request.text.prefix(60))])
    }

    /// 实现心愿 N [说明], by the wish's claimer or an admin: the wish is resolved through the
    /// same path as 办结, so the resident is told and asked to rate it.
    mutating func fulfilWish(_ number: Int?, _ fulfilment: WishFulfilment) throws {
        guard let request = try active(number, usage: .usageFulfilWish) else { return }
        guard request.isMicroWish else {
            say(.wishNotAWish, ["number": request.number, "intent_name": engine.intentName(request.intent)]); return
        }
        guard isClaimer(request) || member.role == .admin else {
            if request.claimer == nil && request.status != .claimed && serves(request) {
                say(.wishClaimFirst, ["number": request.number])
            } else {
                say(.wishNotClaimer, ["number": request.number])
            }
            return
        }
        var wish = request
        for photo in fulfilment.photos {
            try desk.attach(photo, to: wish, by: member.id)
            wish.attachments.append(photo)
        }
        try desk.resolve(wish, by: member, note: fulfilment.note)
        say(.wishFulfilled, ["number": request.number])
    }
}
