/// The value `make` returns; a throw means the harness itself is broken (test secrets, missing data
/// files), which stops the fuzzer with `what` rather than passing for a finding.
public func harness<T>(_ what: String, _ make: () throws -> T) -> T {
    do {
        return try make()
    } catch {
        fatalError("fuzz harness: \(what): \(error)")
    }
}
