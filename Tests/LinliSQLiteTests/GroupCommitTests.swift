import Foundation
import LinliCore
@testable import LinliSQLite
import Testing

/// Many threads handling messages at once: each is committed once, in its own savepoint,
/// and a failing one leaves the others intact.
@Suite("Group commit")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test func concurrentMessagesAreEachHandledOnce() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-gc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("gc.sqlite").path)
        let threads = 16, perThread = 20
        let failures = Counter(), handled = Counter()
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread {
                defer { group.leave() }
                for index in 0..<perThread {
                    // Every message is sent twice, and every seventh one fails.
                    for _ in 0..<2 {
                        do {
                            let result = try store.handleOnce(key: "k:\(thread):\(index)") { tx in
                                try tx.save(sampleRequest(try tx.nextRequestNumber()))
                                if index % 7 == 3 { throw Refused() }
                                return ["\(thread)-\(index)"]
                            }
                            if !result.duplicate { handled.add() }
                            #expect(result.replies == ["\(thread)-\(index)"])
                        } catch is Refused {
                            failures.add()
                        } catch {
                            Issue.record(error)
                        }
                    }
                }
            }.start()
        }
        group.wait()
        let failing = (0..<perThread).filter { $0 % 7 == 3 }.count * threads
        #expect(failures.value == failing * 2)
        #expect(handled.value == threads * perThread - failing)
        let counts = try store.counts()
        #expect(counts.inbox == threads * perThread - failing)
        #expect(counts.requests == threads * perThread - failing)
        // Numbers stay gap-free although some transactions' savepoints were rolled back.
        let numbers = try store.read { try $0.requests(RequestQuery()) }.map(\.number).sorted()
        #expect(numbers == Array(1...(threads * perThread - failing)))
    }

    @Test func callersThatDoNotWaitAreCompletedOnceEachAlongsideCallersThatDo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-gc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("gc.sqlite").path)
        let messages = 200
        let failures = Counter(), handled = Counter(), completions = Counter()
        let group = DispatchGroup()
        for index in 0..<messages {
            let body: @Sendable (any StoreTransaction) throws -> [String] = { tx in
                try tx.save(sampleRequest(try tx.nextRequestNumber()))
                if index % 7 == 3 { throw Refused() }
                return ["\(index)"]
            }
            if index % 5 == 0 {
                // Every fifth caller waits, from a thread of its own.
                group.enter()
                Thread {
                    defer { group.leave() }
                    do {
                        _ = try store.handleOnce(key: "k:\(index)", body)
                        handled.add()
                    } catch is Refused { failures.add() } catch { Issue.record(error) }
                }.start()
            } else {
                group.enter()
                store.handleOnce(key: "k:\(index)", body) { result in
                    defer { group.leave() }
                    completions.add()
                    switch result {
                    case .success(let message):
                        #expect(message == HandledMessage(replies: ["\(index)"], duplicate: false))
                        handled.add()
                    case .failure(let error):
                        if error is Refused { failures.add() } else { Issue.record(error) }
                    }
                }
            }
        }
        group.wait()
        let failing = (0..<messages).filter { $0 % 7 == 3 }.count
        #expect(completions.value == messages - messages / 5)
        #expect(failures.value == failing)
        #expect(handled.value == messages - failing)
        #expect(try store.counts().inbox == messages - failing)
        let numbers = try store.read { try $0.requests(RequestQuery()) }.map(\.number).sorted()
        #expect(numbers == Array(1...(messages - failing)))
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
