import LinliCore
import LinliGateways

extension UserID {
    /// The id `id` on `channel`, as a gateway hands it over; a refusal is the gateway's
    /// ``GatewayError/Code/invalidField`` naming `field`, so that the sender gets 400.
    static func checked(channel: String, id: String, field: String) throws(GatewayError) -> UserID {
        do {
            return try UserID(channel: channel, id: id)
        } catch {
            throw GatewayError(.invalidField, error.message, value: field)
        }
    }
}
