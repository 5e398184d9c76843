import CLibFuzzer
import Foundation

/// Starts libFuzzer from a fuzzer's `@main`.
///
/// SwiftPM on Linux links every executable with `--defsym main=<module>_main`, so the executable must
/// have a Swift entry point and libFuzzer's own `main` is overridden; the entry point calls
/// `LLVMFuzzerRunDriver`, libFuzzer's API for exactly that case.
public enum Fuzzer {
    /// The signature of `LLVMFuzzerTestOneInput`, which each fuzzer also exports for libFuzzer's `main`.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs `setUp` (data that must not be billed to the first input), then fuzzes `test` with the
    /// command line's libFuzzer flags, and exits with libFuzzer's status.
    public static func run(_ test: TestOneInput, setUp: () -> Void = {}) -> Never {
        setUp()
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }
}
