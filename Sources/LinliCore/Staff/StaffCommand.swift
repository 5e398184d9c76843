/// A staff command typed in the chat (interface.md): Chinese word or slash alias, a request
/// number, and text.
enum StaffCommand: Equatable {
    case todo
    case claim(Int?)
    /// 回复 N 文本 to the resident who opened N; 回复 N@K 文本 to its K-th follower (1-based).
    case reply(Int?, to: Int?, String)
    case done(Int?, String?)
    case assign(Int?, String)
    case show(Int?)
    case help
    /// 延期 N 时长 原因: the text after the number, read by the turn.
    case extend(Int?, String)
    /// 批准延期 N.
    case approveExtension(Int?)
    /// 登录: a one-time console sign-in link.
    case login
    /// 发布任务, with the one-line form's text when given (empty when asked step by step).
    case publishTask(String)
    /// 认领 TN: a place on task N.
    case claimTask(Int?)
    /// 退出 TN: give the place back.
    case withdrawTask(Int?)
    /// 完成 TN [@成员] 时长: record service hours.
    case completeTask(Int?, String)
    /// 我的服务时长.
    case myHours
    /// 认领心愿 N: a party member or grid worker takes micro-wish N (Wishes/).
    case claimWish(Int?)
    /// 实现心愿 N [说明]: the claimer (or an admin) fulfils micro-wish N.
    case fulfilWish(Int?, String?)
    /// 吹哨 N 部门 说明: the text after the number, read by the turn.
    case whistle(Int?, String)
    /// 报到 N: a department answers a whistle.
    case answerWhistle(Int?)
    /// 已告知 N: staff called the resident of N whom a notice did not reach (Notices/).
    case calledBack(Int?)
    /// 批准报到 N: an admin approves 双报到 registration N (Enrolment/).
    case approveEnrolment(Int?)
    /// 拒绝报到 N 原因: an admin declines registration N, telling the applicant why.
    case declineEnrolment(Int?, String?)
    /// 取消报到 ID: an admin deactivates a member of the database, by id or name.
    case removeMember(String)
    /// 匹配: an admin lists the proposed matches of needs and resources (Lists/).
    case listMatches
    /// 确认匹配 N 资源ID: an admin confirms need N's match with an offer.
    case confirmMatch(Int?, String)

    /// The commands as `responses/words.yaml` names them, each with the words staff type.
    enum Verb: String, Sendable, CaseIterable {
        case todo, claim, reply, done, assign, show, help
        case extend, approveExtension = "approve_extension"
        case login
        case publishTask = "publish_task", claimTask = "claim_task", withdrawTask = "withdraw_task"
        case completeTask = "complete_task", myHours = "my_hours"
        case claimWish = "claim_wish", fulfilWish = "fulfil_wish"
        case whistle, answerWhistle = "answer_whistle"
        case calledBack = "called_back"
        case approveEnrolment = "approve_enrolment", declineEnrolment = "decline_enrolment", removeMember = "remove_member"
        case listMatches = "list_matches", confirmMatch = "confirm_match"

        /// Whether the verb takes a task number (T12) rather than a request number.
        var takesTask: Bool { [.claimTask, .withdrawTask, .completeTask].contains(self) }
    }

    /// The command in `text`, or nil when it is not a staff command.
    static func parse(_ input: String, words: Words) -> StaffCommand? {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        for (word, verb) in words.staffCommands where text.lowercased().hasPrefix(word) {
            let rest = text.dropFirst(word.count)
            // 接单3 and 接单 #3 both work; 接单员 is not a command. A task is T12 (认领T12).
            if let first = rest.first, !(first.isWhitespace || first.isNumber || first == "#" || first == "＃"
                                         || (verb.takesTask && (first == "T" || first == "t"))) { continue }
            if verb == .publishTask { return .publishTask(rest.trimmingCharacters(in: .whitespaces)) }
            let (number, afterNumber) = verb.takesTask ? splitTaskNumber(rest.trimmingCharacters(in: .whitespaces))
                : splitNumber(rest.trimmingCharacters(in: .whitespaces))
            let tail = afterNumber.trimmingCharacters(in: .whitespaces)
            let note = tail.isEmpty ? nil : tail
            switch verb {
            case .todo: return tail.isEmpty && number == nil ? .todo : nil
            case .help: return tail.isEmpty && number == nil ? .help : nil
            case .login: return tail.isEmpty && number == nil ? .login : nil
            case .claim: return .claim(number)
            case .reply: return reply(number, afterNumber)
            case .done: return .done(number, note)
            case .assign: return .assign(number, tail)
            case .show: return .show(number)
            case .extend: return .extend(number, tail)
            case .approveExtension: return .approveExtension(number)
            case .publishTask: return .publishTask(tail)
            case .claimTask: return .claimTask(tail.isEmpty ? number : nil)
            case .withdrawTask: return .withdrawTask(tail.isEmpty ? number : nil)
            case .completeTask: return .completeTask(number, tail)
            case .myHours: return tail.isEmpty && number == nil ? .myHours : nil
            case .claimWish: return .claimWish(tail.isEmpty ? number : nil)
            case .fulfilWish: return .fulfilWish(number, note)
            case .whistle: return .whistle(number, tail)
            case .answerWhistle: return .answerWhistle(tail.isEmpty ? number : nil)
            case .calledBack: return .calledBack(tail.isEmpty ? number : nil)
            case .approveEnrolment: return .approveEnrolment(tail.isEmpty ? number : nil)
            case .declineEnrolment: return .declineEnrolment(number, note)
            case .removeMember: return .removeMember(rest.trimmingCharacters(in: .whitespaces))
            case .listMatches: return tail.isEmpty && number == nil ? .listMatches : nil
            case .confirmMatch: return .confirmMatch(number, tail)
            }
        }
        return nil
    }

    /// The leading request number (#3 or 3) and what follows it, untrimmed.
    private static func splitNumber(_ text: String) -> (Int?, Substring) {
        var rest = Substring(text)
        if rest.first == "#" || rest.first == "＃" { rest = rest.dropFirst() }
        let (number, tail) = leadingNumber(rest)
        guard let number else { return (nil, Substring(text)) }
        return (number, tail)
    }

    /// The leading task number (T12, t12 or 12) and what follows it, untrimmed.
    private static func splitTaskNumber(_ text: String) -> (Int?, Substring) {
        var rest = Substring(text)
        if rest.first == "T" || rest.first == "t" { rest = rest.dropFirst() }
        let (number, tail) = leadingNumber(rest)
        guard let number else { return (nil, Substring(text)) }
        return (number, tail)
    }

    private static func leadingNumber(_ text: Substring) -> (Int?, Substring) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return (nil, text) }
        return (number, text.dropFirst(digits.count))
    }

    /// 回复 N 文本, or 回复 N@K 文本 when the @ follows the number at once (回复 N @张三 is
    /// text). A malformed K is a command without a number, which is answered with the usage.
    private static func reply(_ number: Int?, _ afterNumber: Substring) -> StaffCommand {
        guard number != nil, afterNumber.first == "@" || afterNumber.first == "＠" else {
            return .reply(number, to: nil, afterNumber.trimmingCharacters(in: .whitespaces))
        }
        let (follower, text) = leadingNumber(afterNumber.dropFirst())
        guard let follower, follower > 0 else { return .reply(nil, to: nil, "") }
        return .reply(number, to: follower, text.trimmingCharacters(in: .whitespaces))
    }
}

import Foundation
