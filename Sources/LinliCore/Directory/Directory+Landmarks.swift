import Foundation
import LinliNLU

/// Places written in a report's text (东门口, 3号楼下), resolved against the spots an office
/// configured for its communities.
///
/// linli has no geocoder: an outside one would need a key and a network call per report, and
/// 东门 means nothing without knowing which compound. The office knows its compounds, so it
/// names the spots residents mention (`landmarks:` under a grid) once, and a report that names
/// one gets that point. A spot is looked up only among the landmarks of the report's own
/// community, so 东门 of one compound is never taken for another's.
extension Directory {
    /// Throws unless `point` is `[latitude, longitude]` within range and `community` is one of
    /// `grid`'s communities.
    static func check(_ point: [Double], named what: String, community: String, in grid: Grid) throws {
        guard grid.communities.contains(community) else {
            throw CoreError(.invalidDirectory, "grid '\(grid.id)' has \(what), which is not one of its communities")
        }
        guard point.count == 2, (-90...90).contains(point[0]), (-180...180).contains(point[1]) else {
            throw CoreError(.invalidDirectory, "\(what) in grid '\(grid.id)' is not [latitude, longitude]")
        }
    }

    /// The configured spot that a report names, as a GCJ-02 place labelled with its community
    /// and spot (凤鸣小区东门); nil when the report's community has no landmarks or names none.
    ///
    /// - Parameters:
    ///   - text: the resident's own words.
    ///   - slots: the report's slots: `community` says whose landmarks to search; `location`
    ///     is searched with the text, and `building` matches a spot whose own name reads as that
    ///     building.
    ///   - building: the building number a spot's name reads as (3 for 3号楼, 3栋 or 三号楼), by
    ///     the same slot reading as the report's, so the office may write spots either way.
    /// The longest spot name found in the text or the location wins (东门口 over 东门 when both
    /// are configured); a building spot is used only when no named spot is found.
    public func landmark(for text: String, slots: [String: String], building: (String) -> String?) -> Place? {
        guard let (community, grid) = configuredCommunity(slots["community"]),
              let spots = grid.landmarks?[community], !spots.isEmpty else { return nil }
        let haystacks = [slots["location"], text].compactMap { $0 }
        let named = spots.keys
            .filter { name in haystacks.contains { $0.contains(name) } }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
            .first
        let buildingSpot = slots["building"].flatMap { number in
            spots.keys.sorted().first { building($0) == number }
        }
        guard let spot = named ?? buildingSpot, let point = spots[spot] else { return nil }
        return Place(latitude: point[0], longitude: point[1], datum: .gcj02, label: community + spot)
    }
}

extension Engine {
    /// The configured spot a report names (`Directory.landmark(for:slots:building:)`), spot
    /// names read for their building number as residents' messages are.
    func landmark(for text: String, slots: [String: String]) -> Place? {
        directory.landmark(for: text, slots: slots) { [nlu] in nlu.slots(of: $0)["building"] }
    }
}
