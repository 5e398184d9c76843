#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The time one input may take: 100 ms of the fuzzing thread's CPU time, enforced inside the target.
///
/// libFuzzer's own `-timeout` counts whole wall-clock seconds, too coarse for a 100 ms bar and inflated
/// whenever other builds share the cores; thread CPU time is neither. An input over the budget aborts
/// the process, so libFuzzer saves it as a crash artifact, after a line scripts/fuzz recognises.
public enum Budget {
    /// The budget in milliseconds; `LINLI_FUZZ_LIMIT_MS` overrides it (to reproduce with a looser bar).
    public static let limitMilliseconds: Double = {
        guard let text = getenv("LINLI_FUZZ_LIMIT_MS"), let value = Double(String(cString: text)) else { return 100 }
        return value
    }()

    /// Runs `body` on the input libFuzzer handed over and aborts when it took longer than the budget.
    public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int, _ body: (FuzzInput) -> Void) -> CInt {
        let start = threadCPUMilliseconds()
        body(FuzzInput(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)))
        let elapsed = threadCPUMilliseconds() - start
        if elapsed > limitMilliseconds {
            let line = "linli-fuzz: SLOW INPUT: \(Int(elapsed)) ms of CPU, over the \(Int(limitMilliseconds)) ms budget\n"
            _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
            abort()
        }
        return 0
    }

    private static func threadCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }
}
