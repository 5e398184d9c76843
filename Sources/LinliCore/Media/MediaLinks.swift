import Foundation

/// Makes the short-lived link under which `linli serve` hands out one stored media: the
/// signing lives with the server (it holds the secret and the crypto), the chat only asks.
public struct MediaLinks: Sendable {
    private let make: @Sendable (_ media: Int64, _ now: Date) -> String

    /// Creates links with `make`, given the media's id and the time the link is made at.
    public init(_ make: @escaping @Sendable (_ media: Int64, _ now: Date) -> String) {
        self.make = make
    }

    /// The link to media `id`, valid from `now` for the configured lifetime.
    public func link(to id: Int64, at now: Date) -> String { make(id, now) }
}
