/// A fuzzer's input split into a mode byte, which picks what a multi-mode target exercises, and the payload.
public struct FuzzInput {
    /// All bytes as libFuzzer gave them.
    public let bytes: UnsafeBufferPointer<UInt8>

    /// Wraps the bytes of one input.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The whole input as text; invalid UTF-8 becomes U+FFFD, as a String built from a request would.
    public var text: String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The first byte modulo `count` (0 for an empty input).
    public func mode(of count: Int) -> Int {
        Int(bytes.first ?? 0) % count
    }

    /// Everything after the mode byte.
    public var payload: UnsafeBufferPointer<UInt8> {
        bytes.isEmpty ? bytes : UnsafeBufferPointer(rebasing: bytes.dropFirst())
    }

    /// The payload as text, invalid UTF-8 replaced.
    public var payloadText: String {
        String(decoding: payload, as: UTF8.self)
    }
}
