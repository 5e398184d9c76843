/// Where the cipher gets the 16 random bytes that prefix every encrypted message.
///
/// Injected so that tests reproduce published vectors bit for bit; production code
/// uses ``system``.
public struct RandomSource: Sendable {
    private let generate: @Sendable (Int) -> [UInt8]

    /// Wraps a closure that returns exactly `count` bytes for the `count` it is given.
    public init(_ generate: @escaping @Sendable (_ count: Int) -> [UInt8]) {
        self.generate = generate
    }

    /// Bytes from the operating system's cryptographically secure generator.
    public static var system: RandomSource {
        RandomSource { count in
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        }
    }

    /// Produces `count` bytes; a misbehaving closure is caught by the cipher, which checks the length.
    public func bytes(_ count: Int) -> [UInt8] {
        generate(count)
    }
}
