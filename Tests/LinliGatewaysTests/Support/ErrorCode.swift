import LinliGateways

/// The code of the ``GatewayError`` that `body` throws, or nil when it succeeds.
func code(_ body: () throws -> Any) -> GatewayError.Code? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? GatewayError)?.code
    }
}
