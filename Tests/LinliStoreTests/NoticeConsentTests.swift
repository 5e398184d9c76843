import Foundation
import LinliCore
import Testing

/// 订阅通知 consents on every store: each 同意 pays for one notice of a one-time template; a
/// long-term one is not used up; a refusal withdraws what is unused.
@Suite("Stores: 订阅通知 consents")
struct NoticeConsentTests {
    static let user = "wechat:resident-1"

    @Test(arguments: Backend.all)
    func oneTimeConsentsAreSpentOldestFirstAndLongTermOnesAreNot(backend: Backend) throws {
        try backend.withStore { store in
            try store.write { tx in
                try tx.grantNoticeConsent(user: Self.user, templateID: "TPL-DONE", at: t0)
                try tx.grantNoticeConsent(user: Self.user, templateID: "TPL-DONE", at: t0.addingTimeInterval(60))
                try tx.grantNoticeConsent(user: Self.user, templateID: "TPL-LONG", at: t0)
                try tx.grantNoticeConsent(user: "wechat:someone-else", templateID: "TPL-DONE", at: t0)
            }
            let sent = t0.addingTimeInterval(3600)
            // Two one-time consents pay for two notices, oldest first; the third finds none.
            #expect(try store.write { try $0.useNoticeConsent(user: Self.user, templateID: "TPL-DONE", longTerm: false, at: sent) })
            let afterOne = try store.read { try $0.noticeConsents(of: Self.user) }.filter { $0.templateID == "TPL-DONE" }
            #expect(afterOne.map(\.usedAt) == [sent, nil])
            #expect(try store.write { try $0.useNoticeConsent(user: Self.user, templateID: "TPL-DONE", longTerm: false, at: sent) })
            #expect(try !store.write { try $0.useNoticeConsent(user: Self.user, templateID: "TPL-DONE", longTerm: false, at: sent) })
            // A long-term consent answers every time and stays unused.
            for _ in 0..<3 {
                #expect(try store.write { try $0.useNoticeConsent(user: Self.user, templateID: "TPL-LONG", longTerm: true, at: sent) })
            }
            #expect(try store.read { try $0.noticeConsents(of: Self.user) }.first { $0.templateID == "TPL-LONG" }?.usedAt == nil)
            // Another template, or another resident's consent, pays for nothing.
            #expect(try !store.write { try $0.useNoticeConsent(user: Self.user, templateID: "TPL-OTHER", longTerm: false, at: sent) })
            #expect(try store.read { try $0.noticeConsents(of: "wechat:someone-else") }.map(\.usedAt) == [nil])
        }
    }

    @Test(arguments: Backend.all, TransactionKind.allCases)
    func aRefusalWithdrawsTheUnusedConsentsOfThatTemplateOnly(backend: Backend, kind: TransactionKind) throws {
        try backend.withStore { store in
            try store.write { base in
                let tx = kind.wrap(base)
                try tx.grantNoticeConsent(user: Self.user, templateID: "TPL-A", at: t0)
                try tx.grantNoticeConsent(user: Self.user, templateID: "TPL-A", at: t0)
                try tx.grantNoticeConsent(user: Self.user, templateID: "TPL-B", at: t0)
                _ = try tx.useNoticeConsent(user: Self.user, templateID: "TPL-A", longTerm: false, at: t0)
                try tx.withdrawNoticeConsents(user: Self.user, templateID: "TPL-A")
            }
            let left = try store.read { try kind.wrap($0).noticeConsents(of: Self.user) }
            // The spent one stays as a record of the notice; the unused one is gone; B is untouched.
            #expect(left.map(\.templateID) == ["TPL-A", "TPL-B"])
            #expect(left[0].usedAt == t0 && left[1].usedAt == nil)
            #expect(try !store.write { try kind.wrap($0).useNoticeConsent(user: Self.user, templateID: "TPL-A", longTerm: true, at: t0) })
        }
    }
}
