import Foundation
@testable import LinliCore
import Testing

/// A moment in Asia/Shanghai written `yyyy-MM-dd HH:mm`, as the tests' calendars read it.
func shanghai(_ text: String) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = Engine.Configuration.chinaTime
    let numbers = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).map { Int($0)! }
    return calendar.date(from: DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4]))!
}

/// The working calendar: office hours 09:00-12:00 and 14:00-17:30, weekends, and the State
/// Council's 2026 National Day holiday (10-01 to 10-07) with its 调休 Saturday 10-10.
@Suite("Working calendar")
struct WorkCalendarTests {
    static let calendar = WorkCalendar(.init(holidays: Set((1...7).map { String(format: "2026-10-%02d", $0) }), workdays: ["2026-10-10"]))

    @Test("Working hours skip lunch, evenings, weekends and holidays, and count a 调休 Saturday", arguments: [
        ("2026-03-09 11:00", 2, "2026-03-09 15:00"),  // Monday: across lunch
        ("2026-03-09 17:00", 2, "2026-03-10 10:30"),  // across the evening
        ("2026-03-09 20:00", 1, "2026-03-10 10:00"),  // opened after hours
        ("2026-03-09 12:30", 1, "2026-03-09 15:00"),  // opened at lunch
        ("2026-03-13 17:00", 1, "2026-03-16 09:30"),  // Friday, across the weekend
        ("2026-09-30 17:00", 1, "2026-10-08 09:30"),  // across National Day
        ("2026-10-09 17:00", 1, "2026-10-10 09:30"),  // into the make-up Saturday
        ("2026-10-10 17:00", 1, "2026-10-12 09:30"),  // the Sunday after it is off
    ])
    func workingHours(start: String, hours: Int, due: String) {
        #expect(Self.calendar.adding(TimeLimit(amount: hours, unit: .workingHours), to: shanghai(start)) == shanghai(due))
    }

    @Test("Working days leave out the start's day and end at the close of the last one", arguments: [
        ("2026-03-09 10:00", 2, "2026-03-11 17:30"),
        ("2026-03-12 10:00", 2, "2026-03-16 17:30"),  // Thursday: Friday, then Monday
        ("2026-03-14 10:00", 1, "2026-03-16 17:30"),  // opened on a Saturday
        ("2026-09-30 10:00", 2, "2026-10-09 17:30"),  // the holiday week does not count
        ("2026-09-30 10:00", 3, "2026-10-10 17:30"),  // the 调休 Saturday does
    ])
    func workingDays(start: String, days: Int, due: String) {
        #expect(Self.calendar.adding(TimeLimit(amount: days, unit: .workingDays), to: shanghai(start)) == shanghai(due))
    }

    @Test("Wall-clock units ignore the calendar")
    func wallClock() {
        let start = shanghai("2026-10-01 23:00")
        #expect(Self.calendar.adding(TimeLimit(amount: 2, unit: .hours), to: start) == shanghai("2026-10-02 01:00"))
        #expect(Self.calendar.adding(TimeLimit(amount: 30, unit: .minutes), to: start) == shanghai("2026-10-01 23:30"))
        #expect(Self.calendar.adding(TimeLimit(amount: 3, unit: .days), to: start) == shanghai("2026-10-04 23:00"))
    }

    @Test("Which days are worked")
    func workingDay() {
        #expect(Self.calendar.isWorkingDay(shanghai("2026-03-13 12:00")))   // Friday
        #expect(!Self.calendar.isWorkingDay(shanghai("2026-03-14 12:00")))  // Saturday
        #expect(!Self.calendar.isWorkingDay(shanghai("2026-10-01 12:00")))  // a holiday on a Thursday
        #expect(Self.calendar.isWorkingDay(shanghai("2026-10-10 12:00")))   // the 调休 Saturday
        #expect(!Self.calendar.isWorkingDay(shanghai("2026-10-11 00:30")))  // local date, not UTC's
    }

    @Test("The 80 % moment is measured in the limit's own units")
    func yellowMoment() {
        // 2 working hours from 11:00: 96 minutes of office time, 60 before lunch and 36 after.
        #expect(Self.calendar.moment(0.8, of: TimeLimit(amount: 2, unit: .workingHours), from: shanghai("2026-03-09 11:00"))
            == shanghai("2026-03-09 14:36"))
        // 2 working days from Monday 10:00 give 18.5 office hours to Wednesday 17:30; 80 % is 14 h 48 min.
        #expect(Self.calendar.moment(0.8, of: TimeLimit(amount: 2, unit: .workingDays), from: shanghai("2026-03-09 10:00"))
            == shanghai("2026-03-11 11:48"))
        #expect(Self.calendar.moment(0.8, of: TimeLimit(amount: 10, unit: .hours), from: shanghai("2026-10-01 08:00"))
            == shanghai("2026-10-01 16:00"))
    }

    @Test("Office time between two moments")
    func workingTime() {
        #expect(Self.calendar.workingTime(from: shanghai("2026-03-13 11:00"), to: shanghai("2026-03-16 10:00")) == 5.5 * 3600)
    }

    @Test("Office hours and dates are read strictly")
    func parsing() throws {
        #expect(try WorkCalendar.Span.list(parsing: "09:00-12:00,14:30-17:30")
            == [WorkCalendar.Span(start: 540, end: 720), WorkCalendar.Span(start: 870, end: 1050)])
        #expect(throws: CoreError.self) { try WorkCalendar.Span.list(parsing: "14:00-17:00,09:00-12:00") }
        #expect(throws: CoreError.self) { try WorkCalendar.Span(parsing: "9-12") }
        #expect(throws: CoreError.self) { try WorkCalendar.Span(parsing: "12:00-09:00") }
        #expect(try WorkCalendar.day(parsing: "2026-10-01") == "2026-10-01")
        #expect(throws: CoreError.self) { try WorkCalendar.day(parsing: "2026-02-30") }
        #expect(throws: CoreError.self) { try WorkCalendar.day(parsing: "10/01/2026") }
    }

    @Test("A calendar without a working day never reaches a working limit")
    func noWorkingDay() {
        let calendar = WorkCalendar(.init(weekend: Set(1...7)))
        #expect(calendar.adding(TimeLimit(amount: 1, unit: .workingDays), to: shanghai("2026-03-09 10:00")) == .distantFuture)
        #expect(calendar.adding(TimeLimit(amount: 1, unit: .workingHours), to: shanghai("2026-03-09 10:00")) == .distantFuture)
    }
}
