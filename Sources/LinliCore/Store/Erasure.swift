import Foundation

/// What erasing a user (`Store.erase(user:at:)`) does to the records that stay: requests
/// remain community records, stripped of the person.
extension ServiceRequest {
    /// The resident of a request whose resident was erased. Not a channel-qualified id, so
    /// nothing is ever delivered to it and no later user can be it.
    public static let erasedResident = "erased"

    /// The slots a request keeps when its resident is erased: where the matter is, which
    /// staff need to act and reports count by. The rest (phone, room, person, age, plate)
    /// describe the resident.
    public static let slotsKeptOnErasure: Set<String> = ["community", "building", "unit", "location"]

    /// This request with nothing left of `user`: no longer among its followers, and, when
    /// they opened it, its resident replaced by `erasedResident`, their words, attachments
    /// and personal slots removed. Its number, intent, status, grid, staff and times stay.
    public func erasing(_ user: String) -> ServiceRequest {
        var request = self
        request.followers.removeAll { $0 == user }
        if request.resident == user {
            request.resident = Self.erasedResident
            request.text = ""
            request.attachments = []
            request.slots = request.slots.filter { Self.slotsKeptOnErasure.contains($0.key) }
        }
        return request
    }
}

extension RequestEvent {
    /// The kinds of event whose note holds the actor's own words or media (a joining
    /// report's text, an attachment), cleared when the actor is erased.
    public static let kindsWithPersonalNotes: [Kind] = [.linked, .attached, .thanked]
}

extension StoreTransaction {
    /// The part of `Store.erase(user:at:)` that this protocol can say: erases `user` from
    /// every request they opened or follow, appending an `erased` event by `system` to
    /// each, and returns those requests' numbers, for the store to scrub their events.
    ///
    /// Reads the user's conversation first, as a message's turn does, so that a store
    /// shared by several servers serialises the erasure with that user's messages.
    public func eraseFromRequests(of user: String, at date: Date) throws -> [Int] {
        _ = try conversation(for: user)
        let touched = try requests(RequestQuery(resident: user))
        for request in touched {
            try save(request.erasing(user))
            let part = request.resident == user ? "resident" : "follower"
            try append(RequestEvent(request: request.number, kind: .erased, actor: "system", at: date, note: part))
        }
        // A member of 双报到 is their name and phone too: gone with the rest.
        try forgetMember(user)
        return touched.map(\.number)
    }
}
