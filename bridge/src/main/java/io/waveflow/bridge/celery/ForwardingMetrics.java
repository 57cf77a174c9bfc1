package io.waveflow.bridge.celery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collection;
import java.util.List;

/**
 * The forwarder's counters, registered up front so dashboards see zeros rather than gaps:
 * entries SQS accepted, entries that failed an attempt, entries re-sent after a failure (counted
 * when the attempt fails: its whole batch is handed back and sent again), records dead-lettered
 * (by cause), and entries per SendMessageBatch call.
 */
final class ForwardingMetrics {

    static final String UNDECODABLE = "undecodable";
    static final String REFUSED = "refused";
    static final String SENDER_FAULT = "sender-fault";

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;

    ForwardingMetrics(MeterRegistry registry, Collection<QueueRouting.Queue> queues) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("waveflow.bridge.sqs.batch.size")
                .description("Entries per SQS SendMessageBatch call")
                .baseUnit("entries")
                .register(registry);
        for (QueueRouting.Queue queue : queues) {
            sentCounter(queue);
            failedCounter(queue);
            retriedCounter(queue);
        }
        List.of(UNDECODABLE, REFUSED, SENDER_FAULT).forEach(this::deadLetteredCounter);
    }

    void sent(QueueRouting.Queue queue) {
        sentCounter(queue).increment();
    }

    void failed(QueueRouting.Queue queue) {
        failedCounter(queue).increment();
    }

    void retried(QueueRouting.Queue queue) {
        retriedCounter(queue).increment();
    }

    void deadLettered(String cause) {
        deadLetteredCounter(cause).increment();
    }

    void batch(int entries) {
        batchSize.record(entries);
    }

    private Counter sentCounter(QueueRouting.Queue queue) {
        return Counter.builder("waveflow.bridge.sqs.sent").description("Celery messages SQS accepted")
                .tag("queue", queue.name()).register(registry);
    }

    private Counter failedCounter(QueueRouting.Queue queue) {
        return Counter.builder("waveflow.bridge.sqs.failed").description("Celery messages SQS did not accept on an attempt")
                .tag("queue", queue.name()).register(registry);
    }

    private Counter retriedCounter(QueueRouting.Queue queue) {
        return Counter.builder("waveflow.bridge.sqs.retried").description("Celery messages sent again after a failed attempt")
                .tag("queue", queue.name()).register(registry);
    }

    private Counter deadLetteredCounter(String cause) {
        return Counter.builder("waveflow.bridge.sqs.deadlettered").description("Commands parked on the dead-letter topic")
                .tag("cause", cause).register(registry);
    }
}
