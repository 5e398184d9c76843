import ArgumentParser
import Foundation
import LinliNLU

/// `linli nlu calibrate`: fits the softmax temperature on cross-validation folds of
/// `intents/`, so that a confidence of 0.6 means right about 60 % of the time.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the confidence temperature on cross-validation folds of intents/ and show the reliability before and after.",
        discussion: "Copy the printed value into intents/lexicon/understanding.yaml (temperature:) after changing intents/."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Number of folds.")
    var folds = 5

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    func run() throws {
        let settings = try options.settings()
        let catalog = try IntentCatalog.load(from: URL(fileURLWithPath: settings.intentsDirectory))
        let scored = try NLU.heldOutScores(catalog: catalog, folds: folds)
        let fitted = Calibration.fitTemperature(scored)
        for (label, temperature) in [("in use", catalog.settings.temperature), ("fitted", fitted)] {
            let outcomes = Calibration.outcomes(scored, temperature: temperature)
            print(String(format: "temperature %.4f (%@)", temperature, label))
            print(EvaluationReport.reliability(Calibration(outcomes)).joined(separator: "\n"))
            print("")
        }
        print(String(format: "temperature: %.3f", fitted))
    }
}
