extension Open311 {
    /// One entry of `services.json|xml`: a kind of request the jurisdiction takes.
    public struct Service: Sendable, Equatable {
        /// The stable code clients send back (`service_code`).
        public var code: String
        /// The human-readable name (`service_name`).
        public var name: String
        /// What the service is for.
        public var description: String?
        /// Whether the service has attributes, listed by `services/{code}`.
        public var metadata: Bool
        /// Keywords, written comma-separated.
        public var keywords: [String]
        /// The category that clusters services (`group`).
        public var group: String?

        /// Creates a service.
        public init(code: String, name: String, description: String?, metadata: Bool, keywords: [String], group: String?) {
            self.code = code
            self.name = name
            self.description = description
            self.metadata = metadata
            self.keywords = keywords
            self.group = group
        }

        /// The fields in the spec's order; `type` is always `realtime`: a request is in the
        /// store, with its number, as soon as it is opened.
        public var record: Record {
            Record([
                ("service_code", .string(code)), ("service_name", .string(name)), ("description", .optional(description)),
                ("metadata", .boolean(metadata)), ("type", .string("realtime")),
                ("keywords", .string(keywords.joined(separator: ","))), ("group", .optional(group)),
            ])
        }

        /// `services.json|xml`: every service.
        public static func list(_ services: [Service]) -> Document {
            Document(list: "services", of: "service", services.map(\.record))
        }
    }

    /// One attribute of a service definition: a value a request of the service needs.
    public struct Attribute: Sendable, Equatable {
        /// Its code (`code`).
        public var code: String
        /// What to enter, in words for people.
        public var description: String?
        /// Whether a request must carry it.
        public var required: Bool
        /// Its position, from 1.
        public var order: Int

        /// Creates a string attribute that the requester fills in (`variable`).
        public init(code: String, description: String?, required: Bool, order: Int) {
            self.code = code
            self.description = description
            self.required = required
            self.order = order
        }

        /// The fields in the spec's order; every linli slot is free text.
        public var record: Record {
            Record([
                ("variable", .boolean(true)), ("code", .string(code)), ("datatype", .string("string")),
                ("required", .boolean(required)), ("datatype_description", .null), ("order", .integer(order)),
                ("description", .optional(description)),
            ])
        }
    }

    /// `services/{code}.json|xml`: a service's attributes.
    public static func serviceDefinition(code: String, attributes: [Attribute]) -> Document {
        Document(single: "service_definition", Record([
            ("service_code", .string(code)), ("attributes", .list(item: "attribute", attributes.map(\.record))),
        ]))
    }
}
