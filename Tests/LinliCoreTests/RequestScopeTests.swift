import Foundation
import LinliCore
import Testing

/// What a staff member's console queue lists: exactly the requests they serve.
@Suite("request scope")
struct RequestScopeTests {
    static let qian = Directory.Staff(id: "repl:qian", name: "钱党员", role: .partyMember)
    static let chengguan = Directory.Staff(id: "repl:cg", name: "城管中队", role: .department)

    static func directory() throws -> Directory {
        try Directory(staff: Chat.directory.staff + [qian, chengguan], grids: Chat.directory.grids)
    }

    /// Requests of every intent that opens one, in g1, g2 and no grid, one claimed by qian.
    static func fill(_ chat: Chat) throws -> [ServiceRequest] {
        var requests: [ServiceRequest] = []
        let intents = chat.engine.nlu.catalog.intents.filter(\.opensRequest)
        for (index, intent) in intents.enumerated() {
            for grid in ["g1", "g2", nil] {
                var request = ServiceRequest(number: requests.count + 1, intent: intent.id, status: .assigned, resident: "repl:r\(index)",
                                             text: "事情", slots: [:], grid: grid, route: intent.route,
                                             openedAt: chat.now.addingTimeInterval(Double(requests.count)))
                if requests.count == 4 { request.claimer = qian.id }
                requests.append(request)
            }
        }
        try chat.store.write { tx in for request in requests { try tx.save(request) } }
        return requests
    }

    @Test("each staff member's listing holds exactly the requests they serve; an admin's scope is everything")
    func listingIsServing() throws {
        // 城管 gets parking wherever it is.
        let nlu = try Chat.nlu { folder in
            let file = folder.appendingPathComponent("parking.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            try text.replacingOccurrences(of: "route: grid_worker", with: "route: department:城管中队").write(to: file, atomically: true, encoding: .utf8)
        }
        let chat = try Chat(directory: try Self.directory(), nlu: nlu)
        let requests = try Self.fill(chat)
        for member in chat.engine.directory.staff where member.role != .admin {
            let scope = try #require(chat.engine.scope(of: member))
            let listed = try chat.store.read { try $0.requests(RequestListing(scope: scope, limit: 1000)) }
            let served = requests.filter { chat.engine.serves(member, $0) }
            #expect(Set(listed.map(\.number)) == Set(served.map(\.number)), "\(member.id)")
        }
        #expect(chat.engine.scope(of: Chat.directory.member("repl:admin")!) == nil)

        // The two who have no grids see what is routed to them, not an empty queue.
        let qian = try chat.store.read { try $0.requests(RequestListing(scope: chat.engine.scope(of: Self.qian), limit: 1000)) }
        #expect(Set(qian.map { "\($0.intent)@\($0.grid ?? "-")" }) == ["micro_wish@g2", "assisted_service@g2", "\(requests[4].intent)@\(requests[4].grid ?? "-")"])
        let department = try chat.store.read { try $0.requests(RequestListing(scope: chat.engine.scope(of: Self.chengguan), limit: 1000)) }
        #expect(Set(department.map(\.intent)) == ["parking"] && department.count == 3)
    }
}
