package io.waveflow.workflow.topology;

import io.waveflow.contracts.command.StageCommand;
import io.waveflow.contracts.workflow.WorkflowEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of applying one input to one stem: the state to store (null: store nothing)
 * and everything to emit.
 */
public record Transition(StemState state, List<WorkflowEvent> events, List<StageCommand> commands,
                         List<ClaimMessage> claims) {

    public Transition {
        events = List.copyOf(events);
        commands = List.copyOf(commands);
        claims = List.copyOf(claims);
    }

    static Builder to(StemState state) {
        return new Builder(state);
    }

    static final class Builder {
        private final StemState state;
        private final List<WorkflowEvent> events = new ArrayList<>();
        private final List<StageCommand> commands = new ArrayList<>();
        private final List<ClaimMessage> claims = new ArrayList<>();

        private Builder(StemState state) {
            this.state = state;
        }

        Builder event(WorkflowEvent event) {
            events.add(event);
            return this;
        }

        Builder command(StageCommand command) {
            commands.add(command);
            return this;
        }

        Builder claim(ClaimMessage claim) {
            claims.add(claim);
            return this;
        }

        Transition build() {
            return new Transition(state, events, commands, claims);
        }
    }
}
