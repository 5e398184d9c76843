import Foundation

/// The three lists as this engine's words read them: the 资源清单 (offers), the 需求清单
/// (needs) and the 服务清单 (confirmed matches), and the matches it proposes between the first
/// two: a need and an offer of the same service type in the same community.
extension Engine {
    /// The words needs are read by.
    var listWords: ListWords { responses.lists }

    /// The configured service types (those 双报到 offers are read by).
    var serviceTypes: [String] { responses.enrolment.serviceTypes }

    /// Every offer of a unit or an active member, with its owner's name.
    public func resources(in transaction: any StoreTransaction) throws -> [Resource] {
        Self.resources(try transaction.offers(), units: try transaction.units(), members: try transaction.members())
    }

    /// `offers` with their owners' names, those of inactive members left out.
    private static func resources(_ offers: [Offer], units: [CommunityUnit], members: [Member]) -> [Resource] {
        let names = ownerNames(units: units, members: members)
        let inactive = Set(members.filter { !$0.active }.map(\.id))
        return offers.filter { !($0.ownerKind == .member && inactive.contains($0.ownerID)) }.map { offer in
            Resource(offer: offer, ownerName: names[offer.ownerKind]?[offer.ownerID] ?? offer.ownerID)
        }
    }

    /// The needs among the requests `query` reads, oldest first. Only requests of the intents
    /// a need may be of are read (the store filters by intent), whatever `query.intent` says.
    public func needs(in transaction: any StoreTransaction, _ query: RequestQuery = RequestQuery()) throws -> [Need] {
        try needs(in: transaction, query, matches: try transaction.serviceMatches())
    }

    /// `needs(in:_:)` with the confirmed matches already read.
    private func needs(in transaction: any StoreTransaction, _ query: RequestQuery, matches: [ServiceMatch]) throws -> [Need] {
        let matched = Set(matches.map(\.need))
        var requests: [ServiceRequest] = []
        for intent in listWords.intents {
            var narrowed = query
            narrowed.intent = intent
            requests += try transaction.requests(narrowed)
        }
        return requests.sorted { ($0.openedAt, $0.number) < ($1.openedAt, $1.number) }.compactMap { request in
            Need(request, words: listWords, types: serviceTypes, matched: matched.contains(request.number))
        }
    }

    /// Every confirmed match, by need number.
    public func services(in transaction: any StoreTransaction) throws -> [ServiceLine] {
        let names = Self.ownerNames(units: try transaction.units(), members: try transaction.members())
        return try transaction.serviceMatches().map { match in
            ServiceLine(match, request: try transaction.request(number: match.need),
                        ownerName: names[match.ownerKind]?[match.ownerID] ?? match.ownerID)
        }
    }

    /// Each open need with a service type, and the resources of that type in its community:
    /// what an admin may confirm. Needs with no such resource are left out.
    public func proposals(in transaction: any StoreTransaction) throws -> [(need: Need, resources: [Resource])] {
        let open = try needs(in: transaction, RequestQuery(statuses: [.open, .assigned, .reopened])).filter { $0.status == .open }
        guard !open.isEmpty else { return [] }
        let resources = try resources(in: transaction)
        return open.compactMap { need in
            let fitting = resources.filter { Self.fits($0, need) }
            return fitting.isEmpty ? nil : (need, fitting)
        }
    }

    /// The resources proposed for `request`: those fitting it when it is an open need with
    /// no match yet; none otherwise. For the console's request page.
    public func proposedResources(for request: ServiceRequest, in transaction: any StoreTransaction) throws -> [Resource] {
        let matched = try transaction.serviceMatch(need: request.number) != nil
        guard let need = Need(request, words: listWords, types: serviceTypes, matched: matched), need.status == .open else { return [] }
        return try resources(in: transaction).filter { Self.fits($0, need) }
    }

    /// Whether `resource` fits `need`: the same service type in the same community.
    private static func fits(_ resource: Resource, _ need: Need) -> Bool {
        need.serviceType != nil && resource.offer.serviceType == need.serviceType && resource.offer.community == need.community
    }

    /// The report's 双报到 and list figures: the roll as it is now, the needs opened since
    /// `since` (all when nil), and the hours of the task `claims` of the period per unit.
    public func listFigures(in transaction: any StoreTransaction, since: Date?, claims: [TaskClaim]) throws -> ListFigures {
        // The roll and the matches once each: the report reads them for several figures.
        let units = try transaction.units(), members = try transaction.members(), matches = try transaction.serviceMatches()
        return ListFigures.make(units: units, members: members,
                                resources: Self.resources(try transaction.offers(), units: units, members: members).count,
                                needs: try needs(in: transaction, RequestQuery(openedSince: since), matches: matches),
                                matches: matches, claims: claims)
    }

    /// The figures as one line for people (`report_footer_lists`): below `linli report`'s
    /// table and on the console's report page.
    public func listsLine(_ lists: ListFigures) -> String {
        let hours = lists.unitHours.map { responses.render(.reportListsUnitHours, ["name": $0.name, "hours": String(format: "%.1f", $0.hours)]) }
        return responses.render(.reportFooterLists, [
            "units": lists.units, "members": lists.members, "resources": lists.resources, "needs": lists.needsCollected,
            "fulfilled": lists.needsFulfilled, "matched": lists.needsMatched, "unit_hours": hours.joined(separator: "、"),
        ])
    }

    /// A resource's fields as the templates name them.
    func values(of resource: Resource) -> [String: Any] {
        let offer = resource.offer
        return ["offer": offer.id, "owner": resource.ownerName, "type": offer.serviceType, "offer_text": offer.text,
                "capacity": offer.capacity ?? "", "times": offer.times, "community": offer.community,
                "unit": offer.ownerKind == .unit]
    }

    /// Units' and members' names by id.
    private static func ownerNames(units: [CommunityUnit], members: [Member]) -> [Offer.OwnerKind: [String: String]] {
        [.unit: Dictionary(units.map { ($0.id, $0.name) }) { first, _ in first },
         .member: Dictionary(members.map { ($0.id, $0.name) }) { first, _ in first }]
    }
}
