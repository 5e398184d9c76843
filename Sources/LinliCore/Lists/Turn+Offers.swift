import Foundation

/// A resident asking for something a unit or member offers is told it exists, in the reply
/// to their message, from the offer's own fields: 社区有县民政局提供陪伴老人 每月10人次….
extension Turn {
    /// How many offers one reply names.
    private static let offersNamed = 2

    /// Names the offers of the service type `text` names, in the resident's community when
    /// it is known; says nothing when the text names no type or nobody offers it.
    mutating func pointToOffers(_ text: String, community: String?) throws {
        guard let type = engine.listWords.serviceType(of: text, types: engine.serviceTypes) else { return }
        let fitting = try engine.resources(in: transaction).filter {
            $0.offer.serviceType == type && (community == nil || $0.offer.community == community)
        }
        guard !fitting.isEmpty else { return }
        let items = fitting.prefix(Self.offersNamed).map { engine.responses.render(.offerHintItem, engine.values(of: $0)) }
        say(.offerHint, ["items": items.joined(separator: "；"), "type": type])
    }
}
