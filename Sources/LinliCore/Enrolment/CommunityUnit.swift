import Foundation

/// A unit (单位: a government office, a school, a company's party branch) paired with a
/// community through 双报到, registered by its contact and approved by an admin.
public struct CommunityUnit: Sendable, Codable, Equatable {
    /// Stable id: `unit-N`, N being the registration request's number.
    public var id: String
    /// The unit's name.
    public var name: String
    /// The contact's channel-qualified user id (who registered it).
    public var contactID: String
    /// The contact's name.
    public var contactName: String
    /// The contact's phone.
    public var phone: String
    /// The community it is paired with.
    public var community: String
    /// When they are free, as written.
    public var times: String
    /// The number of the registration request.
    public var registration: Int?
    /// When it was approved.
    public var joinedAt: Date

    /// Creates a unit.
    public init(id: String, name: String, contactID: String, contactName: String, phone: String, community: String,
                times: String = "", registration: Int? = nil, joinedAt: Date) {
        self.id = id
        self.name = name
        self.contactID = contactID
        self.contactName = contactName
        self.phone = phone
        self.community = community
        self.times = times
        self.registration = registration
        self.joinedAt = joinedAt
    }

    /// The id of the unit registered by request `number`.
    public static func id(registration number: Int) -> String { "unit-\(number)" }
}
