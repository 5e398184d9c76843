import Foundation

/// Reading what an applicant offers (理发、义诊 每月20人次) into offers: one per item, each
/// with the configured service type it names (or the item's own words) and its capacity.
enum OfferReading {
    /// Characters between items of the list.
    private static let separators: Set<Character> = ["，", ",", "、", "；", ";", "\n", "。", "/"]

    /// The items of `text`, trimmed, without empty ones.
    static func items(_ text: String) -> [String] {
        text.split { separators.contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The service type `item` names: the longest configured type it contains, otherwise
    /// the item without its capacity.
    static func serviceType(of item: String, types: [String]) -> String {
        if let type = types.filter({ item.contains($0) }).max(by: { $0.count < $1.count }) { return type }
        let bare = capacity(in: item).map { item.replacingOccurrences(of: $0, with: "") } ?? item
        let trimmed = bare.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? item : trimmed
    }

    /// How much an item offers, as written: 每月20人次, 30人, 2场.
    static func capacity(in item: String) -> String? {
        let pattern = /(每[^0-9０-９\s，,]{0,2})?[0-9０-９]+\s*(人次|人|次|场|小时|个)/
        return item.firstMatch(of: pattern).map { String($0.output.0) }
    }

    /// `offers` (of one owner) with ids no other owner in `existing` holds: an id taken moves
    /// to the lowest number free under its prefix. Ids are named by the registration number,
    /// and a member the office added by hand has none (`R0-n`): two such members' offers
    /// would otherwise share ids, and saving one's would take over the other's.
    static func unique(_ offers: [Offer], among existing: [Offer]) -> [Offer] {
        guard let owner = offers.first else { return offers }
        var taken = Set(existing.filter { $0.ownerKind != owner.ownerKind || $0.ownerID != owner.ownerID }.map(\.id))
        return offers.map { offer in
            var offer = offer
            if taken.contains(offer.id) {
                let prefix = offer.id.lastIndex(of: "-").map { String(offer.id[...$0]) } ?? offer.id + "-"
                var number = 1
                while taken.contains(prefix + String(number)) { number += 1 }
                offer.id = prefix + String(number)
            }
            taken.insert(offer.id)
            return offer
        }
    }

    /// The offers of registration `number` by `owner` in `community`.
    static func offers(_ text: String, registration number: Int, owner: (Offer.OwnerKind, String), times: String,
                       community: String, types: [String]) -> [Offer] {
        items(text).enumerated().map { index, item in
            Offer(id: "R\(number)-\(index + 1)", ownerKind: owner.0, ownerID: owner.1, serviceType: serviceType(of: item, types: types),
                  text: item, capacity: capacity(in: item), times: times, community: community)
        }
    }
}
