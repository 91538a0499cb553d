import TutorEngine

/// The parameter window (`p`): choose a parameter, change it within its range, keep the
/// values for the next run or drop them (the keys are in `KeyBindings`).
enum ParameterEditing {
    /// The parameters the window edits: every one but lists of files.
    static func editable(_ info: DemoInfo) -> [ParameterSpec] {
        info.parameters.filter { $0.kind != .paths }
    }

    static func open(_ state: inout AppState) {
        guard let selected = state.selectedDemo, let info = state.demos[selected.id] else { return }
        guard !editable(info).isEmpty else {
            state.notice = "\(selected.id) has no parameters to change"
            return
        }
        guard let values = try? ParameterParser.parse(selected.arguments, specs: info.parameters) else { return }
        state.editing = values
        state.overlay = .parameters(selected: 0)
    }

    static func handle(_ command: Command, _ state: inout AppState) {
        guard case .parameters(let selected) = state.overlay, let demoID = state.selectedDemo?.id,
              let info = state.demos[demoID], var values = state.editing, !editable(info).isEmpty else {
            state.overlay = nil
            return
        }
        let specs = editable(info)
        let spec = specs[min(selected, specs.count - 1)]
        switch command {
        case .cancelParameters:
            state.overlay = nil
            state.editing = nil
        case .keepParameters:
            if let lesson = state.lesson {
                state.editedArguments["\(lesson.id)#\(state.demoIndex)"] = arguments(values, info.parameters)
            }
            state.overlay = nil
            state.editing = nil
        case .parameterUp: state.overlay = .parameters(selected: max(0, selected - 1))
        case .parameterDown: state.overlay = .parameters(selected: min(specs.count - 1, selected + 1))
        case .decrease: values[spec.name] = adjust(values[spec.name], spec, by: -1)
        case .increase: values[spec.name] = adjust(values[spec.name], spec, by: 1)
        default: break
        }
        if state.editing != nil { state.editing = values }
    }

    /// One step up or down within the allowed range: integers by about a tenth of their value
    /// (at least 1), numbers by a tenth, choices to the next, flags toggled.
    static func adjust(_ value: ParameterValue?, _ spec: ParameterSpec, by direction: Int) -> ParameterValue? {
        switch (spec.kind, value) {
        case (.integer(let range), .integer(let current)):
            let step = max(1, abs(current) / 10)
            return .integer(min(range.upperBound, max(range.lowerBound, current + direction * step)))
        case (.number(let range), .number(let current)):
            let step = max(0.1, abs(current) / 10)
            let next = ((current + Double(direction) * step) * 100).rounded() / 100
            return .number(min(range.upperBound, max(range.lowerBound, next)))
        case (.flag, .flag(let current)):
            return .flag(!current)
        case (.choice(let options), .choice(let current)):
            let index = options.firstIndex(of: current) ?? 0
            return .choice(options[(index + direction + options.count) % options.count])
        default:
            return value
        }
    }

    /// Values back to command-line arguments, omitting those at their defaults.
    static func arguments(_ values: ParameterValues, _ specs: [ParameterSpec]) -> [String] {
        specs.flatMap { spec -> [String] in
            guard let value = values[spec.name], value != spec.defaultValue else { return [] }
            switch value {
            case .flag(let on): return on ? ["--\(spec.name)"] : []
            case .paths(let paths): return ["--\(spec.name)"] + paths
            default: return ["--\(spec.name)", value.description]
            }
        }
    }
}
