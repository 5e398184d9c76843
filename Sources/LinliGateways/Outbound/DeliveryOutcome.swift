/// What became of one attempt to deliver an outbound message.
///
/// Reasons are short and safe to store and log: an errcode, an HTTP status, a transport
/// failure; never a token, a secret or the message text.
public enum DeliveryOutcome: Sendable, Equatable {
    /// The platform accepted the message.
    case delivered
    /// Not delivered this time, but a later attempt may succeed (transport failure, 5xx,
    /// platform busy, token trouble that one refresh did not fix).
    case retry(String)
    /// Not deliverable: trying again would give the same answer (user outside the 48-hour
    /// window, unknown user, channel not configured).
    case failed(String)
}
