import Foundation
import LinliCore
import Testing

/// Places on requests: a location message gives the request a point in the datum it came in,
/// the nearest configured community centre picks the grid when no community was named, and
/// the point is exported.
@Suite("places")
struct PlaceTests {
    static let resident = "repl:resident"
    /// Centres of 凤鸣小区 (g1) and 雍城小区 (g2), about 5 km apart, in GCJ-02.
    static let fengming = [34.2650, 108.9400], yongcheng = [34.2650, 108.9950]

    /// Spots of 凤鸣小区 (g1) an office might configure, a few hundred metres from its centre.
    static let gate = [34.2661, 108.9412], gateMouth = [34.2663, 108.9413], building3 = [34.2644, 108.9391]

    static func directory(centres: Bool = true, landmarks: Bool = false) throws -> Directory {
        let grids = Chat.directory.grids.map { grid -> Directory.Grid in
            var grid = grid
            if centres { grid.centres = grid.id == "g1" ? ["凤鸣小区": fengming] : ["雍城小区": yongcheng] }
            if landmarks, grid.id == "g1" { grid.landmarks = ["凤鸣小区": ["东门": gate, "东门口": gateMouth, "3号楼": building3]] }
            return grid
        }
        return try Directory(staff: Chat.directory.staff, grids: grids)
    }

    @Test("GCJ-02 of a point in Beijing is offset by a few hundred metres as published, and converts back within a centimetre")
    func datum() {
        // Tiananmen: the offset published converters give for WGS-84 39.9042, 116.4074.
        let gps = Place(latitude: 39.9042, longitude: 116.4074, datum: .wgs84)
        let mars = gps.gcj02
        #expect(abs(mars.latitude - 39.9056033) < 2e-6 && abs(mars.longitude - 116.4136423) < 2e-6, "\(mars)")
        let back = Place(latitude: mars.latitude, longitude: mars.longitude, datum: .gcj02).wgs84
        #expect(abs(back.latitude - 39.9042) < 1e-7 && abs(back.longitude - 116.4074) < 1e-7, "\(back)")
        // Outside mainland China the two datums agree.
        let paris = Place(latitude: 48.8584, longitude: 2.2945, datum: .wgs84).gcj02
        #expect(paris.latitude == 48.8584 && paris.longitude == 2.2945)
        // A degree of latitude is about 111 km, whatever the datums of the two ends.
        let a = Place(latitude: 34, longitude: 108.9, datum: .gcj02), b = Place(latitude: 35, longitude: 108.9, datum: .gcj02)
        #expect(abs(a.metres(to: b) - 111_195) < 100)
    }

    @Test("asked which community, a pin answers with the nearest centre's community; the request keeps the point (GCJ-02, with the label)")
    func locationAnswersCommunity() throws {
        let chat = try Chat(directory: try Self.directory())
        try chat.say(Self.resident, "路灯坏了好几天了，晚上黑乎乎的", expect: "小区")
        // About 600 m east of 雍城小区's centre, 4.4 km from 凤鸣小区's.
        let answer = try chat.send(Self.resident, .location(latitude: 34.2655, longitude: 109.0015, label: "雍城路口"))
        #expect(answer.contains("雍城小区"), "\(answer)")
        try chat.say(Self.resident, "对", expect: "#1")
        let request = try #require(try chat.request(1))
        #expect(request.place == Place(latitude: 34.2655, longitude: 109.0015, datum: .gcj02, label: "雍城路口"))
        #expect(request.slots["community"] == "雍城小区")
        #expect(request.grid == "g2" && request.status == .assigned, "\(request)")
        #expect(chat.last("repl:zhao").contains("#1"))
    }

    @Test("without configured centres a pin answers nothing: the community is still asked for")
    func noCentres() throws {
        let chat = try Chat(directory: try Self.directory(centres: false))
        try chat.say(Self.resident, "路灯坏了好几天了，晚上黑乎乎的", expect: "小区")
        let answer = try chat.send(Self.resident, .location(latitude: 34.2655, longitude: 109.0015, label: "雍城路口"))
        #expect(!answer.contains("雍城小区"), "\(answer)")
        #expect(try chat.request(1) == nil)
    }

    @Test("a named community wins over the point; a point farther than 3 km from every centre answers nothing")
    func communityWinsAndFarPointsGoNowhere() throws {
        let chat = try Chat(directory: try Self.directory())
        try chat.say(Self.resident, "凤鸣小区3号楼路灯坏了", expect: "#1")
        try chat.send(Self.resident, .location(latitude: 34.2655, longitude: 109.0015, label: nil))
        let first = try #require(try chat.request(1))
        #expect(first.grid == "g1" && first.place?.label == nil && first.place?.datum == .gcj02)

        // 15 km north of both centres: the community is asked for again, and the point kept.
        let far = try Chat(directory: try Self.directory())
        try far.say(Self.resident, "路灯坏了好几天了，晚上黑乎乎的", expect: "小区")
        try far.send(Self.resident, .location(latitude: 34.40, longitude: 108.94, label: "远处"))
        #expect(try far.request(1) == nil)
        try far.say(Self.resident, "西关社区")
        try far.say(Self.resident, "对", expect: "#1")
        #expect(try far.request(1)?.grid == "g2")
        #expect(try far.request(1)?.place?.label == "远处")
    }

    @Test("linli requests exports the point with its datum")
    func exported() throws {
        let chat = try Chat(directory: try Self.directory())
        try chat.say(Self.resident, "凤鸣小区3号楼路灯坏了", expect: "#1")
        try chat.send(Self.resident, .location(latitude: 34.2655, longitude: 109.0015, label: "路口"))
        let request = try #require(try chat.request(1))
        #expect(chat.engine.cell(.latitude, of: request, now: chat.now) == "34.265500")
        #expect(chat.engine.cell(.longitude, of: request, now: chat.now) == "109.001500")
        #expect(chat.engine.cell(.datum, of: request, now: chat.now) == "gcj02")
        #expect(chat.engine.requestColumnNames.suffix(3) == ["纬度", "经度", "坐标系"])
    }

    @Test("a centre for a community the grid does not have, or not a [latitude, longitude] pair, is refused")
    func badCentres() {
        for centres in [["西关社区": [34.0, 108.0]], ["凤鸣小区": [34.0]], ["凤鸣小区": [95.0, 108.0]]] {
            #expect(throws: CoreError.self) {
                try Directory(grids: [.init(id: "g1", name: "一", communities: ["凤鸣小区"], centres: centres)])
            }
        }
    }

    @Test("a spot of the report's own community named in the text gives the request the office's point for it; the longest name wins, a building however written matches the spot named for it")
    func landmarkInText() throws {
        let chat = try Chat(directory: try Self.directory(landmarks: true))
        try chat.say(Self.resident, "凤鸣小区东门口的路灯坏了好几天了", expect: "#1")
        #expect(try chat.request(1)?.place == Place(latitude: 34.2663, longitude: 108.9413, datum: .gcj02, label: "凤鸣小区东门口"))
        try chat.say("repl:other", "凤鸣小区三栋楼道灯不亮了", expect: "#2")
        #expect(try chat.request(2)?.place == Place(latitude: 34.2644, longitude: 108.9391, datum: .gcj02, label: "凤鸣小区3号楼"))
        // 东门 is configured for 凤鸣小区 only: another compound's 东门 gets no point.
        try chat.say("repl:third", "雍城小区东门的路灯坏了", expect: "#3")
        #expect(try chat.request(3)?.place == nil)
        #expect(chat.engine.cell(.latitude, of: try #require(try chat.request(1)), now: chat.now) == "34.266300")
    }

    @Test("a pin shared while the form is open wins over a spot named in the text")
    func pinWinsOverLandmark() throws {
        let chat = try Chat(directory: try Self.directory(landmarks: true))
        try chat.say(Self.resident, "东门的路灯坏了好几天了，晚上黑乎乎的", expect: "小区")
        let answer = try chat.send(Self.resident, .location(latitude: 34.2652, longitude: 108.9405, label: "凤鸣路口"))
        #expect(answer.contains("凤鸣小区"), "\(answer)")
        try chat.say(Self.resident, "对", expect: "#1")
        #expect(try chat.request(1)?.place?.label == "凤鸣路口")
    }

    @Test("a landmark of a community the grid does not have, without a name, or not a [latitude, longitude] pair, is refused")
    func badLandmarks() {
        for landmarks in [["西关社区": ["东门": [34.0, 108.0]]], ["凤鸣小区": [" ": [34.0, 108.0]]], ["凤鸣小区": ["东门": [34.0]]]] {
            #expect(throws: CoreError.self) {
                try Directory(grids: [.init(id: "g1", name: "一", communities: ["凤鸣小区"], landmarks: landmarks)])
            }
        }
    }
}
