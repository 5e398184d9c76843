import Foundation

/// Runs the built `linli` as the office does from a terminal.
enum LinliProcess {
    /// Runs `linli ARGUMENTS --config DIRECTORY/linli.yaml` in `directory` with `input` on
    /// standard input; its exit status and its output (standard output and error together).
    static func run(_ arguments: [String], in directory: URL, input: String = "") throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = try ServerProcess.executable()
        process.arguments = arguments + ["--config", directory.appendingPathComponent("linli.yaml").path]
        process.environment = ["HOME": directory.path, "PATH": "/usr/bin:/bin"]
        process.currentDirectoryURL = directory
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Runs `body` with a temporary directory (removed afterwards) holding `linli.yaml`: an
    /// SQLite database there, the shipped intents and responses, the grid 东关第一网格 with its
    /// worker repl:wang, then the staff lines `staff` and the configuration `extra`.
    static func withWorkspace<T>(staff: String = "", extra: String = "", _ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("linli-workspace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = """
            database: {url: "sqlite:\(directory.appendingPathComponent("linli.sqlite").path)"}
            intents_dir: \(EndToEndTests.root.appendingPathComponent("intents").path)
            responses_dir: \(EndToEndTests.root.appendingPathComponent("responses").path)
            grids:
              - {id: dongguan-1, name: 东关第一网格, communities: [凤鸣小区, 东关社区], workers: [repl:wang]}
            staff:
              - {id: repl:wang, name: 王网格员, role: grid_worker, grids: [dongguan-1]}
            \(staff)
            \(extra)
            """
        try config.write(to: directory.appendingPathComponent("linli.yaml"), atomically: true, encoding: .utf8)
        return try body(directory)
    }
}
