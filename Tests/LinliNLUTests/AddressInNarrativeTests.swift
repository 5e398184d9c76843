import LinliNLU
import Testing

/// Building, unit and room inside long messages, among dates, times, counts, floors and
/// percentages that must not be read as an address.
@Suite("Address parts in narratives")
struct AddressInNarrativeTests {
    let nlu = Fixtures.nlu

    @Test("The address is found where it stands", arguments: [
        ("尊敬的领导：本人是锦绣花园小区的业主，6月中旬开始小区21栋2单元的电梯就坏了，两部电梯停了10多天，10层以上的老人只能爬楼，希望有关部门尽快处理。",
         ["building": "21", "unit": "2"]),
        ("我住在城区的凤鸣小区，3号楼1单元502室楼上每天晚上11点以后还在装修，说了好几次都不听",
         ["building": "3", "unit": "1", "room": "502"]),
        ("我母亲今年86岁，住西关社区12号楼3单元，腿脚不便，想请工作人员上门做高龄年审",
         ["building": "12", "unit": "3"]),
        ("从2023年3月开始，我家楼上6号楼2单元402的住户就一直往下漏水",
         ["building": "6", "unit": "2", "room": "402"]),
    ])
    func addressInNarrative(text: String, expected: [String: String]) {
        let slots = nlu.slots(of: text)
        for key in ["building", "unit", "room"] {
            #expect(slots[key] == expected[key], "\(key) of \(text)")
        }
    }

    @Test("Dates, times, counts, floors and percentages are no address", arguments: [
        "6月3号楼下的路灯就不亮了",
        "6月中旬报的修，到现在10多天了",
        "晚上10点到12点广场舞音响开得很大",
        "小区共有320户居民，80%的业主同意加装电梯",
        "小区有3栋楼没有电梯",
        "住在10层，两部电梯坏了一部",
        "每月交300元物业费，垃圾却没人收",
    ])
    func noAddress(text: String) {
        let slots = nlu.slots(of: text)
        for key in ["building", "unit", "room"] {
            #expect(slots[key] == nil, "\(key) of \(text)")
        }
    }

    @Test("Ages in narratives, not counts or dates", arguments: [
        ("我母亲今年86岁，住西关社区12号楼3单元，腿脚不便", "86"),
        ("家里有位92周岁的老人，行动不便，想申请上门认证", "92"),
    ])
    func ageInNarrative(text: String, expected: String) {
        #expect(nlu.slots(of: text)["age"] == expected)
    }
}
