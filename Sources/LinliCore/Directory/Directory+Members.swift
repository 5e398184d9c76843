import Foundation

/// The directory with the members of 双报到 added: who the engine serves by once members
/// live in the database as well as in the configuration.
extension Directory {
    /// This directory with every active member of `members` added as a party member of
    /// their grids. A configured staff id wins over a member of the same id; grids no longer
    /// configured are dropped, and a member with an id of no channel linli serves is left
    /// out, rather than the whole directory refused as a configuration would be.
    public func adding(_ members: [Member]) -> Directory {
        let configured = Set(staff.map { Array($0.id.utf8) })
        let gridIDs = Set(grids.map(\.id))
        var added: [Staff] = []
        var seen = configured
        for member in members where member.active && seen.insert(Array(member.id.utf8)).inserted {
            let channel = member.id.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            guard Self.staffChannels.containsID(channel), member.id.count > channel.count + 1 else { continue }
            added.append(Staff(id: member.id, name: member.name, role: .partyMember, grids: member.grids.filter(gridIDs.contains)))
        }
        return Directory(checked: staff + added, grids: grids)
    }

    /// A directory whose staff and grids were checked already.
    private init(checked staff: [Staff], grids: [Grid]) {
        self.staff = staff
        self.grids = grids
    }
}

/// The directory an engine serves by: the configured one with the database's members,
/// rebuilt only when the member roll's version (one indexed read per message) has moved,
/// so that an approval on any server takes effect on the next message everywhere.
final class DirectoryRoster: @unchecked Sendable {
    /// The staff and grids of the configuration.
    let configured: Directory
    private let lock = NSLock()
    /// The version the current directory was built at; nil before the first read.
    private var version: Int?
    private var current: Directory

    init(configured: Directory) {
        self.configured = configured
        self.current = configured
    }

    /// The directory as last read.
    var directory: Directory {
        lock.withLock { current }
    }

    /// The directory as `roll` has it now: the cached one when its version is the roll's,
    /// otherwise the members read again and merged.
    @discardableResult
    func refresh(from roll: any MemberRoll) throws -> Directory {
        let latest = try roll.memberRollVersion()
        if let cached = lock.withLock({ version == latest ? current : nil }) { return cached }
        let merged = configured.adding(try roll.members())
        lock.withLock {
            // A slower reader of an older version must not put its directory back.
            if version.map({ $0 <= latest }) ?? true {
                version = latest
                current = merged
            }
        }
        return merged
    }
}
