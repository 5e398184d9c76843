extension Open311 {
    /// One entry of mySociety's `servicerequestupdates.json|xml` extension: a change of a
    /// request's status, as FixMyStreet and open311-adapter read it.
    public struct RequestUpdate: Sendable, Equatable {
        /// What changed, in mySociety's words.
        public enum Status: String, Sendable, CaseIterable {
            /// Received, not yet taken.
            case open
            /// Someone is working on it.
            case inProgress = "in_progress"
            /// Done.
            case fixed
            /// Withdrawn.
            case closed
            /// Open again after it was done.
            case reopen
        }

        /// The update's stable id (`update_id`).
        public var id: String
        /// The request it belongs to.
        public var requestID: String
        /// The status after the change.
        public var status: Status
        /// When it changed, formatted with ``Datetime``.
        public var updated: String
        /// What happened, in words.
        public var description: String?

        /// Creates an update.
        public init(id: String, requestID: String, status: Status, updated: String, description: String?) {
            self.id = id
            self.requestID = requestID
            self.status = status
            self.updated = updated
            self.description = description
        }

        /// The fields in the extension's order; linli has no media to link.
        public var record: Record {
            Record([
                ("update_id", .string(id)), ("service_request_id", .string(requestID)), ("status", .string(status.rawValue)),
                ("updated_datetime", .string(updated)), ("description", .optional(description)), ("media_url", .null),
            ])
        }

        /// The whole answer.
        public static func list(_ updates: [RequestUpdate]) -> Document {
            Document(list: "service_requests_updates", of: "request_update", updates.map(\.record))
        }
    }
}
