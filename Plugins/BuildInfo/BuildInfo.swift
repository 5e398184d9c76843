import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` before every build of the `linli` executable: the git commit
/// of the package, with `+dirty` when the work tree has changes, or `unknown` outside a git
/// checkout (a source tarball). A prebuild command runs each build, so the commit is never
/// stale; the file is rewritten only when its text changes, so nothing recompiles for it.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "generated")
        let script = #"""
            set -u
            out="$1/BuildCommit.swift"; root="$2"
            commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
            if [ "$commit" != unknown ] && [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
              commit="$commit+dirty"
            fi
            mkdir -p "$1"
            text="/// The git commit this binary was built from (written by the BuildInfo plugin).
            let buildCommit = \"$commit\""
            [ -f "$out" ] && [ "$(cat "$out")" = "$text" ] || printf '%s' "$text" > "$out"
            """#
        return [
            .prebuildCommand(
                displayName: "linli build commit",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "build-info", output.path, context.package.directoryURL.path],
                outputFilesDirectory: output),
        ]
    }
}
