/// The departments (部门) a whistle can call: staff with the `department` role, named by
/// their `name`; several people may answer for one department.
extension Directory {
    /// Every configured department's name, once each, in configuration order.
    public var departments: [String] {
        var seen = Set<String>()
        return staff.filter { $0.role == .department && seen.insert($0.name).inserted }.map(\.name)
    }

    /// The staff ids who answer for department `name`.
    public func departmentMembers(_ name: String) -> [String] {
        staff.filter { $0.role == .department && $0.name == name }.map(\.id)
    }
}
