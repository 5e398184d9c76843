import ArgumentParser

/// `linli media …`: tools for the photos, voice, video and files kept with requests (the
/// downloads themselves run in `linli serve`).
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Photos, voice, video and files on requests: the download benchmark.",
        subcommands: [MediaBenchCommand.self]
    )
}
