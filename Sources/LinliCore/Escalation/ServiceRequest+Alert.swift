import Foundation

/// Where a request stands on the escalation ladder of its current deadline.
struct AlertPlan {
    /// The current stage's deadline.
    let deadline: Deadline
    /// Its ladder's steps, in order.
    let steps: [EscalationStep]
    /// How many of them were done.
    var done: Int

    /// The step due next, if any is left.
    var next: EscalationStep? { done < steps.count ? steps[done] : nil }

    /// When the next step falls due, under `calendar`; nil when none is left.
    func nextMoment(calendar: WorkCalendar) -> Date? {
        next?.moment(for: deadline, calendar: calendar)
    }
}

extension ServiceRequest {
    /// The ladder of this request's current deadline under `policy` and how far up it the
    /// request is; nil when it has no deadline. A stage change (claimed, resolved, reopened)
    /// or an approved extension gives a new deadline, whose ladder starts from its first step.
    func alertPlan(policy: DeadlinePolicy) -> AlertPlan? {
        guard let deadline = policy.deadline(for: self) else { return nil }
        let done = alertProgress.map { $0.counts(for: deadline) ? $0.step : 0 } ?? 0
        return AlertPlan(deadline: deadline, steps: EscalationStep.steps(for: deadline, of: self), done: done)
    }

    /// The escalation step due next for this request under `policy`, with its moment and
    /// the deadline it belongs to; nil when there is none (no deadline, or every step of it done).
    public func nextAlert(policy: DeadlinePolicy) -> (step: EscalationStep, at: Date, deadline: Deadline)? {
        guard let plan = alertPlan(policy: policy), let step = plan.next else { return nil }
        return (step, step.moment(for: plan.deadline, calendar: policy.calendar), plan.deadline)
    }

    /// This request with `alertAt` (and the progress it counts from) made right for its
    /// current deadline under `policy`: the one function that decides when the timer looks
    /// at a request next. Every save of a request in the engine goes through it, so the
    /// stores' indexed `alert_at` is never stale.
    /// The report's due times (`reportDueTimes`) are made right here too, for the same reason.
    public func refreshingAlert(policy: DeadlinePolicy) -> ServiceRequest {
        applying(alertPlan(policy: policy), calendar: policy.calendar).refreshingReportFacts(policy: policy)
    }

    /// This request with its alert state set from `plan` (none when nil).
    func applying(_ plan: AlertPlan?, calendar: WorkCalendar) -> ServiceRequest {
        var request = self
        request.alertProgress = plan.map { AlertProgress(stage: $0.deadline.stage, dueAt: $0.deadline.dueAt, step: $0.done) }
        // A pending whistle's due time is a moment for the timer too (Whistles/).
        request.alertAt = [plan?.nextMoment(calendar: calendar), whistleDueAt].compactMap { $0 }.min()
        return request
    }
}
