import FuzzSupport
@testable import LinliCore

/// A chat message from a staff member to the staff-command parser.
///
/// `StaffCommand` is internal to LinliCore; scripts/fuzz builds with `-enable-testing`, so the
/// parser is reached directly rather than through a whole engine with a store.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    Budget.run(data, size) { input in
        _ = StaffCommand.parse(input.text)
    }
}

/// Fuzzes ``fuzz(_:_:)``.
@main
enum StaffFuzzer {
    static func main() {
        Fuzzer.run(fuzz)
    }
}
