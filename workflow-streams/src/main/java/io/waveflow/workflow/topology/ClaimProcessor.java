package io.waveflow.workflow.topology;

import io.waveflow.contracts.command.StageCommand;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Instant;
import java.util.Set;

/**
 * Owns the hash-claims store. All messages for one claim key arrive on one partition and are
 * handled one at a time, so "first to ask owns it" holds without any check-then-act race,
 * however close together and from wherever the competing stems report. It sends the stage
 * command the request carries for its answer (analysis for the owner, clean-up for a duplicate)
 * in the same transaction as the decision, and the stem side records the decision after.
 */
final class ClaimProcessor implements Processor<String, ClaimMessage, String, Object> {

    private final WorkflowObserver observer;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, HashClaim> claims;

    ClaimProcessor(WorkflowObserver observer) {
        this.observer = observer;
    }

    /** Claim processors, each declaring the hash-claims store. */
    static ProcessorSupplier<String, ClaimMessage, String, Object> supplier(WorkflowObserver observer) {
        Set<StoreBuilder<?>> stores = Set.of(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(InternalTopics.HASH_CLAIMS_STORE),
                Serdes.String(), InternalTopics.json(HashClaim.class)));
        return new ProcessorSupplier<>() {
            @Override
            public Processor<String, ClaimMessage, String, Object> get() {
                return new ClaimProcessor(observer);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.claims = context.getStateStore(InternalTopics.HASH_CLAIMS_STORE);
    }

    @Override
    public void process(Record<String, ClaimMessage> record) {
        String claimKey = record.key();
        HashClaim existing = claims.get(claimKey);
        if (record.value() instanceof ClaimMessage.Request request) {
            String owner;
            if (existing == null) {
                claims.put(claimKey, new HashClaim(request.stemId(), Instant.ofEpochMilli(record.timestamp())));
                owner = request.stemId();
            } else {
                owner = existing.ownerStemId();
            }
            StageCommand command = request.commandFor(owner);
            if (command != null) {
                observer.commanded(command);
                context.forward(record.withKey(request.stemId()).withValue((Object) command),
                        WorkflowTopology.COMMANDS_SINK);
            }
            context.forward(record.withKey(request.stemId()).withValue((Object) new ClaimDecision(request.stemId(),
                    claimKey, request.audioHash(), owner, request.causeId(), command != null)),
                    WorkflowTopology.CLAIM_DECISIONS_SINK);
        } else if (existing != null && existing.ownerStemId().equals(record.value().stemId())) {
            claims.delete(claimKey);
        }
    }
}
