import Foundation

/// How the engine shows deadlines to people, in the words of `responses/deadlines.yaml`.
extension Engine {
    /// The deadline of the request's current stage under the configured policy, nil when none.
    public func deadline(for request: ServiceRequest) -> Deadline? {
        configuration.deadlines.deadline(for: request)
    }

    /// A colour as people read it (绿, 黄, 红).
    public func colourName(_ colour: DeadlineColour) -> String {
        switch colour {
        case .green: return responses.render(.colourGreen)
        case .yellow: return responses.render(.colourYellow)
        case .red: return responses.render(.colourRed)
        }
    }

    /// A stage as people read it (签收, 办结).
    func stageName(_ stage: DeadlineStage) -> String {
        switch stage {
        case .claim: return responses.render(.stageClaim)
        case .firstContact: return responses.render(.stageFirstContact)
        case .resolve: return responses.render(.stageResolve)
        case .revisit: return responses.render(.stageRevisit)
        }
    }

    /// The current stage's deadline as one phrase for chat (办结时限 3月11日 17:30【黄】), or
    /// "" when it has none (templates leave an empty value out).
    func dueLine(_ request: ServiceRequest, now: Date) -> String {
        guard let deadline = deadline(for: request) else { return "" }
        return responses.render(.deadlineDue, ["stage_name": stageName(deadline.stage), "time": shortTime(deadline.dueAt),
                                               "colour": colourName(deadline.colour(at: now))])
    }
}
