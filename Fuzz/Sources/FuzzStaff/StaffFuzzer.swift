import FuzzSupport
@testable import LinliCore

/// The shipped words, staff command verbs among them.
private let words = try! Responses.load(from: Repository.responses).words

/// A chat message from a staff member to the staff-command parser.
///
/// `StaffCommand` is internal to LinliCore; scripts/fuzz builds with `-enable-testing`, so the
/// parser is reached directly rather than through a whole engine with a store.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        _ = StaffCommand.parse(input.text, words: words)
    }
}

/// Fuzzes ``fuzz(_:_:)``.
@main
enum StaffFuzzer {
    static func main() {
        Fuzzer.run(fuzz, setUp: { _ = words })
    }
}
