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
}
