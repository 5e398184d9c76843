import ArgumentParser
import Foundation
import LinliCore

/// `linli lists`: the three lists — the 资源清单 (what units and members offer), the 需求清单
/// (residents' needs) and the 服务清单 (the matches an admin confirmed).
struct ListsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "The three lists: resources (offers), needs (micro-wishes, errands, small difficulties), services (confirmed matches).",
        subcommands: [ListsResourcesCommand.self, ListsNeedsCommand.self, ListsServicesCommand.self]
    )

    /// Runs `body` with an engine over the configured store, in one read transaction.
    static func read<T>(_ listing: StaffListingOptions, _ body: (Engine, any StoreTransaction) throws -> T) throws -> T {
        let runtime = try Runtime.make(try listing.options.settings(), label: "linli.lists")
        defer { runtime.engine.store.close() }
        return try runtime.engine.store.read { try body(runtime.engine, $0) }
    }
}

/// `linli lists resources`: every offer of a unit or an active member.
struct ListsResourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resources", abstract: "The resources list: what units and members offer.")

    @OptionGroup var listing: StaffListingOptions

    func run() throws {
        let resources = try ListsCommand.read(listing) { engine, tx in try engine.resources(in: tx) }
        let header = ["id", "type", "offer", "capacity", "times", "community", "owner_kind", "owner", "owner_id"]
        print(try listing.render(resources, header: header) { resource, _ in
            let offer = resource.offer
            return [offer.id, offer.serviceType, offer.text, offer.capacity ?? "", offer.times, offer.community, offer.ownerKind.rawValue,
                    resource.ownerName, offer.ownerID]
        })
    }
}

/// `linli lists needs`: residents' needs with their service type and status.
struct ListsNeedsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "needs", abstract: "The needs list: needs with service type and status (open, matched, fulfilled).")

    @OptionGroup var listing: StaffListingOptions

    func run() throws {
        let (needs, names, times) = try ListsCommand.read(listing) { engine, tx in
            let needs = try engine.needs(in: tx)
            return (needs, engine.intentNames, needs.map { engine.officeTime($0.openedAt) })
        }
        let header = ["number", "intent", "type", "community", "status", "opened", "text"]
        let opened = Dictionary(uniqueKeysWithValues: zip(needs.map(\.number), times))
        print(try listing.render(needs, header: header) { need, _ in
            [String(need.number), names[need.intent] ?? need.intent, need.serviceType ?? "", need.community ?? "", need.status.rawValue,
             opened[need.number] ?? "", need.text]
        })
    }
}

/// `linli lists services`: the confirmed matches and how far each has come.
struct ListsServicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "services", abstract: "The services list: confirmed matches and their state.")

    @OptionGroup var listing: StaffListingOptions

    func run() throws {
        let (services, names, times) = try ListsCommand.read(listing) { engine, tx in
            let services = try engine.services(in: tx)
            return (services, engine.intentNames, services.map { engine.officeTime($0.match.confirmedAt) })
        }
        let header = ["need", "intent", "type", "community", "offer", "owner", "state", "claimer", "confirmed_by", "confirmed"]
        let confirmed = Dictionary(uniqueKeysWithValues: zip(services.map(\.match.need), times))
        print(try listing.render(services, header: header) { line, _ in
            [String(line.match.need), names[line.intent] ?? line.intent, line.match.serviceType, line.community ?? "", line.match.offerID,
             line.ownerName, line.state.rawValue, line.claimer ?? "", line.match.confirmedBy, confirmed[line.match.need] ?? ""]
        })
    }
}
