import ArgumentParser
import Foundation

/// Options every subcommand shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: linli.yaml in the working directory, if present).")
    var config: String?

    /// The settings from the file and the environment, environment first.
    func settings() throws -> Settings {
        try Settings.load(configPath: config, environment: ProcessInfo.processInfo.environment)
    }
}
