import Foundation

extension [Member] {
    /// The member an admin means by `target`: the one with that id, else the only one with
    /// that name (two of one name need the id).
    func named(_ target: String) -> Member? {
        if let byID = first(where: { $0.id.isSameID(target) }) { return byID }
        let named = filter { $0.name == target }
        return named.count == 1 ? named[0] : nil
    }
}
