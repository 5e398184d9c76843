import Foundation

/// linli proposes a match as soon as a need is opened: the admins are told which offers of
/// its service type serve its community, with the 确认匹配 line to send, so that nobody has
/// to ask 匹配 to learn of it.
extension RequestDesk {
    /// How many offers one proposal names.
    private static let offersProposed = 3

    /// Tells the admins of the offers fitting `request` when it is an open need some offer
    /// fits; says nothing otherwise.
    func proposeMatch(for request: ServiceRequest) throws {
        let fitting = try engine.proposedResources(for: request, in: transaction).prefix(Self.offersProposed)
        guard let first = fitting.first else { return }
        let offers = fitting.map { engine.responses.render(.matchOffer, engine.values(of: $0)) }
        try notify(engine.directory.members(.admin), engine.responses.render(.matchProposalNotice, [
            "number": request.number, "intent_name": engine.intentName(request.intent), "type": first.offer.serviceType,
            "community": first.offer.community, "offers": offers.joined(separator: "\n"), "offer": first.offer.id,
        ]))
    }
}
