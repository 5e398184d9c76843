import Foundation
import LinliCore
import Testing

/// The deadline timer's read: requests whose `alertAt` has come, oldest first, through the
/// `alert_at` column, and on a shared database never the same row to two passes at once.
@Suite("Requests due for the deadline timer")
struct RequestsDueTests {
    /// Request `number` with its next alert at `alert`.
    static func request(_ number: Int, alert: Date?) -> ServiceRequest {
        var request = sampleRequest(number)
        request.alertAt = alert
        return request
    }

    @Test(arguments: Backend.all)
    func dueRequestsComeOldestAlertFirstUpToTheLimit(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                try store.write { tx in
                    try tx.save(Self.request(1, alert: at(300)))
                    try tx.save(Self.request(2, alert: at(100)))
                    try tx.save(Self.request(3, alert: nil))
                    try tx.save(Self.request(4, alert: at(100)))
                    try tx.save(Self.request(5, alert: at(900)))
                }
                let due = try store.write { try $0.requestsDue(at: at(300), limit: 10) }
                #expect(due.map(\.number) == [2, 4, 1])
                #expect(due.map(\.alertAt) == [at(100), at(100), at(300)])
                #expect(try store.write { try $0.requestsDue(at: at(300), limit: 2) }.map(\.number) == [2, 4])
                #expect(try store.write { try $0.requestsDue(at: at(99), limit: 10) }.isEmpty)
                #expect(try store.write { try $0.requestsDue(at: at(300), limit: 0) }.isEmpty)
            }
        }
    }

    @Test(arguments: Backend.all)
    func savingMovesOrClearsTheAlertAndKeepsFollowers(backend: Backend) async throws {
        try await blocking {
            try backend.withStore { store in
                var first = Self.request(1, alert: at(100))
                first.followers = ["wecom:bob"]
                try store.write { tx in
                    try tx.save(first)
                    try tx.save(Self.request(2, alert: at(200)))
                }
                try store.write { tx in
                    var moved = try #require(try tx.request(number: 1))
                    moved.alertAt = at(5_000)
                    try tx.save(moved)
                    var cleared = try #require(try tx.request(number: 2))
                    cleared.alertAt = nil
                    try tx.save(cleared)
                }
                #expect(try store.write { try $0.requestsDue(at: at(4_999), limit: 10) }.isEmpty)
                let due = try store.write { try $0.requestsDue(at: at(5_000), limit: 10) }
                #expect(due.map(\.number) == [1])
                #expect(due.first?.followers == ["wecom:bob"])
                #expect(try store.read { try $0.request(number: 2) }?.alertAt == nil)
            }
        }
    }

    @Test(arguments: Backend.durable)
    func alertsOutliveTheStore(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                try database.open().write { try $0.save(Self.request(1, alert: at(60.5))) }
                let due = try database.open().write { try $0.requestsDue(at: at(61), limit: 10) }
                #expect(due.map(\.alertAt) == [at(60.5)])
            }
        }
    }

    /// Two servers' passes at once: the rows one holds are left out of the other's answer,
    /// and once the first commits a later alert, the row is no longer due at all.
    @Test(arguments: Backend.postgresOnly)
    func aRowHeldByOnePassIsSkippedByTheOther(backend: Backend) async throws {
        try await blocking {
            try backend.withDatabase { database in
                let one = try database.open()
                let two = try database.open()
                try one.write { tx in
                    for number in 1...4 { try tx.save(Self.request(number, alert: at(Double(number)))) }
                }
                let seenByTwo = try one.write { tx in
                    let taken = try tx.requestsDue(at: at(10), limit: 2)
                    #expect(taken.map(\.number) == [1, 2])
                    let other = try two.write { try $0.requestsDue(at: at(10), limit: 10) }.map(\.number)
                    for var request in taken {
                        request.alertAt = at(1_000)
                        try tx.save(request)
                    }
                    return other
                }
                #expect(seenByTwo == [3, 4])
                #expect(try two.write { try $0.requestsDue(at: at(10), limit: 10) }.map(\.number) == [3, 4])
            }
        }
    }
}
