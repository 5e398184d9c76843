import Foundation

extension ServiceRequest {
    /// The escalation step due next for this request under `policy`, with its moment; nil
    /// when there is none (no deadline, or every step of it done). A stage change (claimed,
    /// resolved, reopened) or an approved extension gives a new deadline, whose ladder
    /// starts from its first step.
    public func nextAlert(policy: DeadlinePolicy) -> (step: EscalationStep, at: Date, deadline: Deadline)? {
        guard let deadline = policy.deadline(for: self) else { return nil }
        let done = alertProgress.map { $0.counts(for: deadline) ? $0.step : 0 } ?? 0
        let ladder = EscalationStep.ladder(for: deadline, of: self, calendar: policy.calendar)
        guard done < ladder.count else { return nil }
        return (ladder[done].step, ladder[done].at, deadline)
    }

    /// This request with `alertAt` (and the progress it counts from) made right for its
    /// current deadline under `policy`: the one function that decides when the timer looks
    /// at a request next. Every save of a request in the engine goes through it, so the
    /// stores' indexed `alert_at` is never stale.
    public func refreshingAlert(policy: DeadlinePolicy) -> ServiceRequest {
        var request = self
        guard let deadline = policy.deadline(for: self) else {
            request.alertAt = nil
            request.alertProgress = nil
            return request
        }
        if !(alertProgress?.counts(for: deadline) ?? false) {
            request.alertProgress = AlertProgress(stage: deadline.stage, dueAt: deadline.dueAt)
        }
        request.alertAt = request.nextAlert(policy: policy)?.at
        return request
    }

    /// This request with its next step marked done and `alertAt` moved to the one after.
    func markingStepDone(policy: DeadlinePolicy) -> ServiceRequest {
        var request = refreshingAlert(policy: policy)
        request.alertProgress?.step += 1
        request.alertAt = request.nextAlert(policy: policy)?.at
        return request
    }
}
