import Foundation

/// A service request (工单): what a resident asked for, where it was routed, who took it,
/// and the timestamps that reports need.
public struct ServiceRequest: Sendable, Codable, Equatable {
    /// The lifecycle of DESIGN.md.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// 受理: opened, not yet routed to a grid.
        case open
        /// 派单: routed to a grid, waiting for a claim.
        case assigned
        /// 接单: a staff member took it.
        case claimed
        /// 办结: done; the resident is asked to rate it.
        case resolved
        /// 评价: the resident rated it.
        case rated
        /// Withdrawn.
        case cancelled
        /// The resident was unhappy with the resolution; it is open again.
        case reopened

        /// Whether staff still have work to do on it.
        public var isActive: Bool {
            switch self {
            case .open, .assigned, .claimed, .reopened: return true
            case .resolved, .rated, .cancelled: return false
            }
        }
    }

    /// The short sequential number staff type (#27).
    public var number: Int
    /// The intent id.
    public var intent: String
    /// Current status.
    public var status: Status
    /// The resident's channel-qualified user id.
    public var resident: String
    /// The resident's own words.
    public var text: String
    /// Slots in the taxonomy's normal form.
    public var slots: [String: String]
    /// Attachments: image URLs and locations.
    public var attachments: [String]
    /// The grid it was routed to, if any.
    public var grid: String?
    /// Who is told: `grid_worker`, `party_member`, `admin`, `department:NAME`.
    public var route: String
    /// The staff member who claimed it.
    public var claimer: String?
    /// Other residents who reported the same thing and are told when it is resolved.
    public var followers: [String]
    /// When it was opened.
    public var openedAt: Date
    /// When it was first claimed.
    public var claimedAt: Date?
    /// When it was resolved.
    public var resolvedAt: Date?
    /// The resident's rating, 1–5.
    public var rating: Int?
    /// The staff's closing note.
    public var resolutionNote: String?
    /// Volunteer service minutes recorded at resolution.
    public var serviceMinutes: Int?

    // Deadlines (core). Optional or defaulted, so bodies stored before them still decode.
    /// When staff first wrote to the resident (`回复 N`): 首次联系. The automatic claim notice
    /// does not count, since no person has spoken to the resident yet.
    public var firstContactAt: Date?
    /// When the request was last reopened; the claim and resolve clocks restart there.
    public var reopenedAt: Date?
    /// Extensions (延期) asked for and granted, oldest first.
    @DefaultEmpty public var extensions: [DeadlineExtension]

    // The timer's state (Escalation/); optional, so that bodies stored before it decode.
    /// The next moment the timer must look at this request, nil when nothing more is due;
    /// the stores keep it in the indexed column `alert_at` (see `refreshingAlert(policy:)`).
    public var alertAt: Date?
    /// Which deadline the escalation steps were counted against, and how many were done.
    public var alertProgress: AlertProgress?
    /// When it was reported to the street (通报) for being five working days late, if ever.
    public var streetListedAt: Date?
    /// When the earliest whistle to a department that has neither answered nor been reminded
    /// falls due (Whistles/): the timer reminds the department then. Nil when none is pending.
    public var whistleDueAt: Date?
    /// The due times the report counts with, under the policy named in them; the stores keep
    /// them as columns (see `refreshingReportFacts(policy:)`). Optional: older bodies decode.
    public var reportDueTimes: ReportDueTimes?

    /// Where it is as a point, when the resident shared a location or a system sent one;
    /// optional, so that bodies stored before it decode.
    public var place: Place?

    /// Creates a request.
    public init(number: Int, intent: String, status: Status, resident: String, text: String, slots: [String: String],
                attachments: [String] = [], grid: String? = nil, route: String, claimer: String? = nil, followers: [String] = [],
                openedAt: Date, claimedAt: Date? = nil, resolvedAt: Date? = nil, rating: Int? = nil,
                resolutionNote: String? = nil, serviceMinutes: Int? = nil) {
        self.number = number
        self.intent = intent
        self.status = status
        self.resident = resident
        self.text = text
        self.slots = slots
        self.attachments = attachments
        self.grid = grid
        self.route = route
        self.claimer = claimer
        self.followers = followers
        self.openedAt = openedAt
        self.claimedAt = claimedAt
        self.resolvedAt = resolvedAt
        self.rating = rating
        self.resolutionNote = resolutionNote
        self.serviceMinutes = serviceMinutes
        self.extensions = []
    }

    /// How many escalation steps of the current deadline were done.
    public var alertStep: Int { alertProgress?.step ?? 0 }

    /// Whether it is on the street's list (通报): it stays there for good, and the street's
    /// digest shows it while it is active.
    public var onStreetList: Bool { streetListedAt != nil }

    /// This request with `follower` among its followers: added last, unless already one.
    public func addingFollower(_ follower: String) -> ServiceRequest {
        var request = self
        if !request.followers.containsID(follower) { request.followers.append(follower) }
        return request
    }
}
