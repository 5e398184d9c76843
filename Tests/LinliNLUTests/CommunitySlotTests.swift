import LinliNLU
import Testing

/// Communities as residents name them in real text: names that start with a function word,
/// names without 小区 or 社区, and names inside long narratives.
@Suite("Community slot in real text")
struct CommunitySlotTests {
    let nlu = Fixtures.nlu

    @Test("Names that contain or start with function-word characters", arguments: [
        ("都市花园3号楼的路灯坏了", "都市花园"),
        ("我住在都市花园5栋", "都市花园"),
        ("和平里小区北门的下水道堵了", "和平里小区"),
        ("我家在和平里小区", "和平里小区"),
        ("中大家属院2单元楼道灯不亮", "中大家属院"),
        ("新华苑的垃圾三天没人清", "新华苑"),
        ("大都会小区地下车库积水", "大都会小区"),
        ("我家住在在水一方小区12号楼", "在水一方小区"),
        ("在水一方小区东门有人占道", "在水一方小区"),
        ("在凤鸣小区门口摆摊的太吵了", "凤鸣小区"),
        ("我们都住在向阳小区", "向阳小区"),
        ("和谐家园的健身器材坏了", "和谐家园"),
        ("市政家属院没有路灯", "市政家属院"),
        ("从雍城小区出来那段路全是坑", "雍城小区"),
        ("感谢东关社区居委会的工作人员", "东关社区"),
    ])
    func functionWordNames(text: String, expected: String) {
        #expect(nlu.slots(of: text)["community"] == expected, "\(text)")
    }

    @Test("Names without 小区 or 社区", arguments: [
        ("本人是御景园业主，想反映个问题", "御景园"),
        ("幸福里3号楼有人飞线充电", "幸福里"),
        ("金桂园2单元的门禁坏了", "金桂园"),
        ("我是金水湾的业主", "金水湾"),
        ("河畔新村7栋楼下积水", "河畔新村"),
        ("王家庄3号楼的老人要做认证", "王家庄"),
        ("住在锦江公馆的业主都被吵醒了", "锦江公馆"),
        ("紫荆华府二期8号楼", "紫荆华府二期"),
        ("本人系翠湖名邸业主", "翠湖名邸"),
        ("棉纺厂家属院的化粪池满了", "棉纺厂家属院"),
    ])
    func suffixesBeyondXiaoqu(text: String, expected: String) {
        #expect(nlu.slots(of: text)["community"] == expected, "\(text)")
    }

    @Test("A district, city or road before the name is not part of it", arguments: [
        ("西安市雁塔区凤鸣小区6号楼", "凤鸣小区"),
        ("我住在城区的锦绣家园，楼下天天有人烧垃圾", "锦绣家园"),
        ("住在新城区凤鸣小区", "凤鸣小区"),
        ("中山路小区的井盖丢了", "中山路小区"),
        // A road number with 院 names the compound itself.
        ("涧西区景华路35号院的小区改造什么时候开始", "景华路35号院"),
        ("文化巷二号院的大门", "文化巷二号院"),
    ])
    func placesBeforeNames(text: String, expected: String) {
        #expect(nlu.slots(of: text)["community"] == expected, "\(text)")
    }

    @Test("Board-style narratives", arguments: [
        ("尊敬的领导：本人是锦绣花园小区的业主，6月中旬开始小区21栋2单元的电梯就坏了，两部电梯停了10多天，10层以上的老人只能爬楼，希望有关部门尽快处理。",
         "锦绣花园小区"),
        ("您好，我们是北街社区纺织厂家属院的居民，院里的路灯坏了半个多月，晚上出门很不方便，能不能派人来修一下",
         "北街社区纺织厂家属院"),
        ("去年老旧小区改造的时候，我们和平里小区的下水管没换，现在一下雨就往上冒，麻烦领导过问一下",
         "和平里小区"),
        ("昨天晚上雍城小区8号楼有人在楼道里给电瓶车充电，线从三楼拉下来，太危险了", "雍城小区"),
    ])
    func narratives(text: String, expected: String) {
        #expect(nlu.slots(of: text)["community"] == expected, "\(text)")
    }

    @Test("Generic and everyday words before a suffix are no community", arguments: [
        "小区门口的路灯坏了",
        "今年老旧小区改造什么时候开始",
        "昨天小区停水了",
        "在小区里遛狗不牵绳",
        "向社区反映过好几次了",
        "和社区说了也没人管",
        "带孩子去公园玩的时候摔了",
        "幼儿园门口天天堵车",
        "住在城里的儿子不常回来",
        "小区里的业主都很生气",
        "所在小区的物业不作为",
        "我家里3号楼那边也停电了",
        "我们这个城中村没人管",
        "最近小区电动车越来越多",
    ])
    func noCommunity(text: String) {
        #expect(nlu.slots(of: text)["community"] == nil, "\(text)")
    }
}
