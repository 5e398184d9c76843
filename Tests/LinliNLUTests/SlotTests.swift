import LinliNLU
import Testing

@Suite("Slot extraction")
struct SlotTests {
    let nlu = Fixtures.nlu

    @Test("Building, unit and room in their many spellings", arguments: [
        ("凤鸣小区三号楼二单元302室", ["building": "3", "unit": "2", "room": "302"]),
        ("3栋2单元502", ["building": "3", "unit": "2", "room": "502"]),
        ("7幢", ["building": "7"]),
        ("5#楼1单元", ["building": "5", "unit": "1"]),
        ("12#", ["building": "12"]),
        ("3-2-302", ["building": "3", "unit": "2", "room": "302"]),
        ("十一号楼三单元1201", ["building": "11", "unit": "3", "room": "1201"]),
        ("9号楼602的住户", ["building": "9", "room": "602"]),
        ("3楼2单元", ["building": "3", "unit": "2"]),
        ("楼上402漏水", ["room": "402"]),
    ])
    func address(text: String, expected: [String: String]) {
        let slots = nlu.slots(of: text)
        for key in ["building", "unit", "room"] {
            #expect(slots[key] == expected[key], "\(key) of \(text)")
        }
    }

    @Test("A floor is not a building", arguments: ["二楼窗户往下吊线", "住在5楼", "3层楼道"])
    func floorIsNotBuilding(text: String) {
        #expect(nlu.slots(of: text)["building"] == nil)
    }

    @Test("Phones: mobile and landline, with spaces or dashes", arguments: [
        ("电话13900005678", "13900005678"),
        ("电话 139 0000 5678", "13900005678"),
        ("139-0000-5678", "13900005678"),
        ("+86 13800001234", "13800001234"),
        ("座机0917-1234567", "09171234567"),
        ("打电话8123456", "8123456"),
        ("联系电话：１３７００００２４６８", "13700002468"),
        ("幺三九零零零零五六七八", "13900005678"),
    ])
    func phone(text: String, expected: String) {
        #expect(nlu.slots(of: text)["phone"] == expected)
    }

    @Test("Numbers that are not phones", arguments: ["3-2-302", "订单号20240315008", "12345", "我家住302"])
    func notPhone(text: String) {
        #expect(nlu.slots(of: text)["phone"] == nil)
    }

    @Test("Ages with and without 岁", arguments: [
        ("我母亲八十二岁了", "82"),
        ("老人85周岁", "85"),
        ("她八十六了", "86"),
        ("我姥姥一百零一岁", "101"),
    ])
    func age(text: String, expected: String) {
        #expect(nlu.slots(of: text)["age"] == expected)
    }

    @Test("No age from counts of days or buildings", arguments: ["等了三天了", "3号楼", "八十多了", "百岁老人"])
    func noAge(text: String) {
        #expect(nlu.slots(of: text)["age"] == nil)
    }

    @Test("Plates, upper-cased", arguments: [
        ("车牌陕C12345堵门", "陕C12345"),
        ("陕ca1234停了三天", "陕CA1234"),
        ("京A·D12345新能源", "京AD12345"),
    ])
    func plate(text: String, expected: String) {
        #expect(nlu.slots(of: text)["plate"] == expected)
    }

    @Test("Communities as written, from suffix patterns", arguments: [
        ("东关社区七号院3号楼有人飞线充电", "东关社区七号院"),
        ("住凤鸣小区6号楼", "凤鸣小区"),
        ("南街社区纺织厂家属院门口", "南街社区纺织厂家属院"),
        ("建议华庭苑建个车棚", "华庭苑"),
        ("报名参加北街社区的活动", "北街社区"),
        ("金桂苑二期8#楼", "金桂苑二期"),
        ("文化巷二号院的大门", "文化巷二号院"),
        ("我家是和平小区5号楼", "和平小区"),
        ("鳳鳴小區", "鳳鳴小區"),
        ("2019年翠柳家园交房时说好有车位", "翠柳家园"),
        ("在建设路与文化路西北角纺织厂家属院住了二十年", "纺织厂家属院"),
    ])
    func community(text: String, expected: String) {
        #expect(nlu.slots(of: text)["community"] == expected)
    }

    @Test("Generic words before a suffix are not communities", arguments: [
        "谢谢社区", "我们小区的路灯", "老旧小区改造", "麻烦社区来看看", "小区电动车越来越多", "我们院里", "整个小区都停电了",
        "物业一直拖着不解决小区停车的事", "随着小区入住的人多了车棚不够", "为何小区大门白天也锁着", "附近一些小区的路灯都不亮",
        "新建成小区的学校什么时候招生", "地上画了箭头但小区里没人照着走", "开发商当初告知小区会有幼儿园",
        "问一下社区几点上班", "前排小区停满了车", "赶紧小区门口的灯修一下",
    ])
    func noCommunity(text: String) {
        #expect(nlu.slots(of: text)["community"] == nil)
    }

    @Test("Configured community names win, in their configured form")
    func configuredCommunities() throws {
        let nlu = try NLU(catalog: Fixtures.catalog, configuration: .init(communities: ["凤鸣小区", "幸福里"]))
        #expect(nlu.slots(of: "鳳鳴小區3号楼")["community"] == "凤鸣小区")
        #expect(nlu.slots(of: "我住幸福里5号楼")["community"] == "幸福里")
    }

    @Test("Location and person", arguments: [
        ("凤鸣小区东门口有车堵着", "location", "东门口"),
        ("菜市场旁边的路灯坏了", "location", "菜市场旁边"),
        ("地下车库漏水", "location", "地下车库"),
        ("俺妈腿脚不好", "person", "俺妈"),
        ("李阿姨要做认证", "person", "李阿姨"),
        ("给独居老人送个轮椅", "person", "独居老人"),
    ])
    func words(text: String, slot: String, expected: String) {
        #expect(nlu.slots(of: text)[slot] == expected)
    }
}
