import Foundation
import LinliCore
import Testing

/// Confirmed matches of the three lists (`MatchLedger`) on every store.
@Suite("Stores: confirmed matches of needs and offers")
struct MatchLedgerTests {
    static func match(_ need: Int, offer: String = "R1-1", kind: Offer.OwnerKind = .member, owner: String = "wechat:sun") -> ServiceMatch {
        ServiceMatch(need: need, offerID: offer, ownerKind: kind, ownerID: owner, serviceType: "陪伴老人", confirmedBy: "wechat:admin",
                     confirmedAt: t0.addingTimeInterval(Double(need) * 60))
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func matchesRoundTripOnePerNeedInNeedOrder(backend: Backend, kind: TransactionKind) throws {
        try backend.withStore { store in
            #expect(try store.read { try kind.wrap($0).serviceMatches() }.isEmpty)
            let inserted = try store.write { tx in
                for number in [1, 2, 10] { try tx.save(sampleRequest(number)) }
                return [try kind.wrap(tx).insert(Self.match(10)),
                        try kind.wrap(tx).insert(Self.match(2, offer: "R2-1", kind: .unit, owner: "unit-2"))]
            }
            #expect(inserted == [true, true])
            #expect(try store.read { try kind.wrap($0).serviceMatches() } == [Self.match(2, offer: "R2-1", kind: .unit, owner: "unit-2"),
                                                                             Self.match(10)])
            #expect(try store.read { try kind.wrap($0).serviceMatch(need: 10) } == Self.match(10))
            #expect(try store.read { try kind.wrap($0).serviceMatch(need: 1) } == nil)
            // A need has one match: the first stands.
            #expect(try store.write { try kind.wrap($0).insert(Self.match(10, offer: "R3-1")) } == false)
            #expect(try store.read { try kind.wrap($0).serviceMatches() }.map(\.offerID) == ["R2-1", "R1-1"])
        }
    }

    /// Two servers on one database: the match confirmed through one is there for the other,
    /// whose own confirmation of the same need then changes nothing.
    @Test(arguments: Backend.postgresOnly)
    func theSecondServersConfirmationOfANeedChangesNothing(backend: Backend) throws {
        try backend.withDatabase { database in
            let first = try database.openPostgres(), second = try database.openPostgres()
            defer { first.close(); second.close() }
            try first.write { try $0.save(sampleRequest(5)) }
            #expect(try first.write { try $0.insert(Self.match(5)) })
            #expect(try second.write { try $0.insert(Self.match(5, offer: "R2-1", kind: .unit, owner: "unit-2")) } == false)
            #expect(try second.read { try $0.serviceMatch(need: 5) } == Self.match(5))
        }
    }

    @Test(arguments: Backend.all)
    func aMatchNeedsItsRequest(backend: Backend) throws {
        try backend.withStore { store in
            let saved = Result { try store.write { tx in try tx.insert(Self.match(7)) } }
            #expect(throws: (any Error).self) { try saved.get() }
            let matches = try store.read { try $0.serviceMatches() }
            #expect(matches.isEmpty)
        }
    }

    /// Erasing a member keeps the 服务清单's lines of their offers, without their id.
    @Test(arguments: Backend.all)
    func forgettingAMemberBlanksTheOwnerOfTheirMatches(backend: Backend) throws {
        try backend.withStore { store in
            try store.write { tx in
                for number in [1, 2] { try tx.save(sampleRequest(number)) }
                _ = try tx.insert(Self.match(1))
                _ = try tx.insert(Self.match(2, offer: "R2-1", kind: .unit, owner: "unit-2"))
                try tx.forgetMember("wechat:sun")
            }
            #expect(try store.read { try $0.serviceMatches() }.map(\.ownerID) == ["", "unit-2"])
        }
    }
}
