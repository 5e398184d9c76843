import Foundation

/// One rung of the escalation ladder (DESIGN: deadlines): what the timer does when a
/// request's deadline comes near or passes, each once per deadline.
public enum EscalationStep: String, Sendable, CaseIterable {
    /// At yellow (80 % of the limit): 催办 to the claimer, or to those the request is routed
    /// to while nobody has claimed it.
    case remind
    /// At red (the deadline): the grid's leaders (网格长) are told.
    case escalate
    /// One working day after red: 督办 by the community admins.
    case supervise
    /// Five working days after red: 通报, the request goes on the street's list.
    case reportToStreet
    /// When the revisit time (回访) of a resolved request ends with no rating: the resident is
    /// asked for it once.
    case remindRevisit

    /// The history event the step leaves.
    public var eventKind: RequestEvent.Kind {
        switch self {
        case .remind: return .reminded
        case .escalate: return .escalated
        case .supervise: return .supervised
        case .reportToStreet: return .reportedToStreet
        case .remindRevisit: return .revisitReminded
        }
    }

    /// Working days after red that 督办 waits (the day after the deadline, as 12345 rules have it).
    static let superviseAfter = TimeLimit(amount: 1, unit: .workingDays)
    /// Working days after red that 通报 waits.
    static let reportAfter = TimeLimit(amount: 5, unit: .workingDays)

    /// The steps of `deadline`'s ladder, in order; none when there is nobody to act (a
    /// revisit reminder to an erased resident, or to one who has rated).
    public static func steps(for deadline: Deadline, of request: ServiceRequest) -> [EscalationStep] {
        switch deadline.stage {
        case .revisit:
            // Only the resident who opened it can rate it; an erased one can be asked nothing.
            guard request.rating == nil, request.resident != ServiceRequest.erasedResident else { return [] }
            return [.remindRevisit]
        case .claim, .firstContact, .resolve:
            return [.remind, .escalate, .supervise, .reportToStreet]
        }
    }

    /// When this step of `deadline`'s ladder falls due. Computed one step at a time, as the
    /// timer needs them: the later rungs walk the calendar over days.
    public func moment(for deadline: Deadline, calendar: WorkCalendar) -> Date {
        switch self {
        case .remind: return deadline.yellowAt
        case .escalate, .remindRevisit: return deadline.dueAt
        case .supervise: return calendar.adding(Self.superviseAfter, to: deadline.dueAt)
        case .reportToStreet: return calendar.adding(Self.reportAfter, to: deadline.dueAt)
        }
    }

    /// The ladder of `deadline`, in order, with the moment each step falls due.
    public static func ladder(for deadline: Deadline, of request: ServiceRequest,
                              calendar: WorkCalendar) -> [(step: EscalationStep, at: Date)] {
        steps(for: deadline, of: request).map { ($0, $0.moment(for: deadline, calendar: calendar)) }
    }
}
