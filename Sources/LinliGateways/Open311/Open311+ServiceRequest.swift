extension Open311 {
    /// One entry of `requests.json|xml`, with what linli can say of it; the location fields
    /// it has no value for (`address_id`, `zipcode`, `media_url`, and `lat`/`long` without a
    /// point) are null.
    public struct ServiceRequest: Sendable, Equatable {
        /// The request's id (`service_request_id`).
        public var id: String
        /// Whether it is still being worked on: `open`, otherwise `closed`.
        public var isOpen: Bool
        /// The finer status, in words (`status_notes`).
        public var statusNotes: String?
        /// The service's name.
        public var serviceName: String?
        /// The service's code.
        public var serviceCode: String
        /// What was reported.
        public var description: String?
        /// Who handles it.
        public var agencyResponsible: String?
        /// When it was opened, formatted with ``Datetime``.
        public var requested: String
        /// When it last changed.
        public var updated: String?
        /// When the current stage is due.
        public var expected: String?
        /// Where.
        public var address: String?
        /// Where as a WGS-84 point (`lat`, `long`), if shown.
        public var latitude: Double?
        /// See ``latitude``.
        public var longitude: Double?

        /// Creates a request entry; datetimes are already formatted.
        public init(id: String, isOpen: Bool, statusNotes: String?, serviceName: String?, serviceCode: String,
                    description: String?, agencyResponsible: String?, requested: String, updated: String?,
                    expected: String?, address: String?, latitude: Double? = nil, longitude: Double? = nil) {
            self.id = id
            self.isOpen = isOpen
            self.statusNotes = statusNotes
            self.serviceName = serviceName
            self.serviceCode = serviceCode
            self.description = description
            self.agencyResponsible = agencyResponsible
            self.requested = requested
            self.updated = updated
            self.expected = expected
            self.address = address
            self.latitude = latitude
            self.longitude = longitude
        }

        /// The fields in the spec's order.
        public var record: Record {
            Record([
                ("service_request_id", .string(id)), ("status", .string(isOpen ? "open" : "closed")),
                ("status_notes", .optional(statusNotes)), ("service_name", .optional(serviceName)),
                ("service_code", .string(serviceCode)), ("description", .optional(description)),
                ("agency_responsible", .optional(agencyResponsible)), ("service_notice", .null),
                ("requested_datetime", .string(requested)), ("updated_datetime", .optional(updated)),
                ("expected_datetime", .optional(expected)), ("address", .optional(address)), ("address_id", .null),
                ("zipcode", .null), ("lat", latitude.map(Open311.Value.number) ?? .null), ("long", longitude.map(Open311.Value.number) ?? .null),
                ("media_url", .null),
            ])
        }

        /// `requests.json|xml` and `requests/{id}.json|xml` (a one-element list).
        public static func list(_ requests: [ServiceRequest]) -> Document {
            Document(list: "service_requests", of: "request", requests.map(\.record))
        }
    }
}
