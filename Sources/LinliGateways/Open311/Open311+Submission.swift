import Crypto
import Foundation

extension Open311 {
    /// The parameters of `POST requests.json|xml`, read and checked as the spec describes them;
    /// whether the service exists and which attributes it requires is the server's to check.
    public struct Submission: Sendable, Equatable {
        /// The spec's longest `description`.
        public static let maxDescription = 4_000
        /// The longest value of any other parameter: addresses, attributes and ids are short.
        public static let maxValue = 1_000

        /// `service_code`.
        public var serviceCode: String
        /// `attribute[code]` values by code, empty values left out (an unpicked optional field).
        public var attributes: [String: String]
        /// `lat`, WGS-84, with ``longitude``.
        public var latitude: Double?
        /// `long`.
        public var longitude: Double?
        /// `address_string`.
        public var address: String?
        /// `address_id`.
        public var addressID: String?
        /// `description`.
        public var description: String?
        /// `phone`, the contact the reporter gave.
        public var phone: String?
        /// `media_url`, http or https.
        public var mediaURL: String?
        /// A digest of every parameter but `api_key`: the same POST sent again has the same one.
        public var fingerprint: String

        /// Reads `form`, the decoded body.
        ///
        /// - Throws: `GatewayError.missingParameter` naming `service_code`, or `location` when
        ///   none of `lat`+`long`, `address_string` and `address_id` is given;
        ///   `GatewayError.malformedParameter` naming a coordinate that is not a number in range,
        ///   a value that is too long or holds a control character, or a `media_url` that is not http(s).
        public init(form: [String: String]) throws(GatewayError) {
            for (name, value) in form {
                let limit = name == "description" ? Self.maxDescription : Self.maxValue
                guard value.count <= limit else {
                    throw GatewayError(.malformedParameter, "\(name) is longer than \(limit) characters", value: name)
                }
                guard !ControlCharacters.forbiddenInText(value) else {
                    throw GatewayError(.malformedParameter, "\(name) holds a control character", value: name)
                }
            }
            guard let code = Self.value("service_code", form) else {
                throw GatewayError(.missingParameter, "service_code is required", value: "service_code")
            }
            serviceCode = code
            var attributes: [String: String] = [:]
            for (name, value) in form where name.hasPrefix("attribute[") && name.hasSuffix("]") {
                let attribute = String(name.dropFirst("attribute[".count).dropLast())
                let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
                if !attribute.isEmpty, !text.isEmpty { attributes[attribute] = text }
            }
            self.attributes = attributes
            latitude = try Self.coordinate("lat", form, range: -90...90)
            longitude = try Self.coordinate("long", form, range: -180...180)
            guard (latitude == nil) == (longitude == nil) else {
                throw GatewayError(.missingParameter, "lat and long go together", value: latitude == nil ? "lat" : "long")
            }
            address = Self.value("address_string", form)
            addressID = Self.value("address_id", form)
            guard latitude != nil || address != nil || addressID != nil else {
                throw GatewayError(.missingParameter, "a location is required: lat and long, address_string or address_id", value: "location")
            }
            description = Self.value("description", form)
            phone = Self.value("phone", form)
            mediaURL = Self.value("media_url", form)
            if let mediaURL {
                guard let url = URL(string: mediaURL), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                      url.host != nil else {
                    throw GatewayError(.malformedParameter, "media_url is not an http(s) URL", value: "media_url")
                }
            }
            let canonical = form.filter { $0.key != "api_key" }.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .map { "\($0.key.utf8.count):\($0.key)=\($0.value.utf8.count):\($0.value)" }.joined(separator: "&")
            fingerprint = SHA256.hash(data: Array(canonical.utf8)).prefix(16).lowercaseHex
        }

        /// The value of `name`, trimmed; nil when absent or blank.
        private static func value(_ name: String, _ form: [String: String]) -> String? {
            guard let text = form[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return text
        }

        private static func coordinate(_ name: String, _ form: [String: String], range: ClosedRange<Double>) throws(GatewayError) -> Double? {
            guard let text = value(name, form) else { return nil }
            guard let number = Double(text), number.isFinite, range.contains(number) else {
                throw GatewayError(.malformedParameter, "\(name) is not a WGS-84 coordinate", value: name)
            }
            return number
        }
    }

    /// The answer to a POST: a list of one `request` with its id and the notice for the submitter.
    public static func created(id: String, notice: String?) -> Document {
        Document(list: "service_requests", of: "request", [Record([
            ("service_request_id", .string(id)), ("service_notice", .optional(notice)),
        ])])
    }
}
