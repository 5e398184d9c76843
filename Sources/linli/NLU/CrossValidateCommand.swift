import ArgumentParser
import Foundation
import LinliNLU

/// `linli nlu crossval`: k-fold cross-validation over the intents' own examples.
struct CrossValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossval",
        abstract: "Cross-validate the classifier on the examples in intents/ (train on k-1 folds, score the rest)."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "Number of folds.")
    var folds = 5

    @Flag(help: "List every misclassified example.")
    var misses = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
    }

    func run() throws {
        let settings = try options.settings()
        let catalog = try IntentCatalog.load(from: URL(fileURLWithPath: settings.intentsDirectory))
        let evaluation = try NLU.crossValidate(catalog: catalog, folds: folds)
        print(EvaluationReport.text(evaluation, title: "\(folds)-fold cross-validation over \(settings.intentsDirectory)/: \(evaluation.count) examples",
                                    listMisses: misses))
    }
}
