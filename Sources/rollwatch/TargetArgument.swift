import ArgumentParser
import KubeWatch

/// The optional TARGET of the live commands, checked before anything runs.
struct TargetArgument: ParsableArguments {
    @Argument(help: "What to watch: deploy/NAME, sts/NAME, ds/NAME or svc/NAME (default: the whole namespace).")
    var target: String?

    func validate() throws {
        if let target, Target(parsing: target) == nil {
            throw ValidationError("'\(target)' is not a target: use deploy/NAME, sts/NAME, ds/NAME or svc/NAME")
        }
    }

    var parsed: Target? { target.flatMap(Target.init(parsing:)) }
}
